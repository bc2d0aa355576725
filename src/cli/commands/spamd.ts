import type { Argv } from 'yargs';
import { openScanner } from '../scanner.js';
import { runDaemon } from '../../spamd/daemon.js';
import { createLogger } from '../../spamd/logger.js';
import { addDaemonFlags, type DaemonFlagValues } from '../../spamd/options.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';
import { isDaemonChild, reportFailure, reportReady, startDetached } from '../daemonize.js';

/** `spamward spamd …`: the spamd-compatible daemon, with spamd's own flags. */
export function spamdCommand(y: Argv): Argv {
  return y.command(
    'spamd',
    'Run the spamd-compatible daemon (SPAMC/SPAMD protocol; in the foreground unless -d)',
    (b) => addDaemonFlags(addEngineFlags(b)),
    async (argv) => {
      const flags = argv as unknown as DaemonFlagValues;
      // The starting process of -d loads nothing: it waits for the detached daemon to report.
      if (flags.daemonize && !isDaemonChild()) {
        process.exitCode = await startDetached('spamd');
        return;
      }
      try {
        await startSpamd(argv, flags);
      } catch (error) {
        await reportFailure(error);
        throw error;
      }
      reportReady();
    },
  );
}

async function startSpamd(argv: unknown, flags: DaemonFlagValues): Promise<void> {
  const log = createLogger(flags.syslog);
  const engine = await openScanner({
    engine: engineOptionsFrom(argv as EngineFlagValues),
    maxChildren: Math.max(1, flags['max-children']),
    // A scan past --timeout-child has its worker replaced; the client already got spamd's timeout reply.
    ...(flags['timeout-child'] > 0 ? { timeoutMs: flags['timeout-child'] * 1000 } : {}),
    log: (level, m) => (level === 'info' ? log.info(`spamd: ${m}`) : log.warn(`spamd: ${m}`)),
  });
  await runDaemon(flags, engine, log);
}
