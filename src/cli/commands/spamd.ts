import type { Argv } from 'yargs';
import { openScanner } from '../scanner.js';
import { runDaemon } from '../../spamd/daemon.js';
import { createLogger } from '../../spamd/logger.js';
import { timestampFormatOf } from '../../spamd/log-lines.js';
import { addDaemonFlags, type DaemonFlagValues } from '../../spamd/options.js';
import { addEngineFlags, daemonEngineOptions, type EngineFlagValues } from '../engine-flags.js';
import { isDaemonChild, reportFailure, reportReady, startDetached } from '../daemonize.js';
import { refuseUnsupported, withoutEffectNotes } from '../../spamd/getopt-compat.js';

/** `spamward spamd …`: the spamd-compatible daemon, with spamd's own flags. */
export function spamdCommand(y: Argv): Argv {
  return y.command(
    'spamd',
    'Run the spamd-compatible daemon (SPAMC/SPAMD protocol; in the foreground unless -d)',
    (b) => addDaemonFlags(addEngineFlags(b)),
    async (argv) => {
      const flags = argv as unknown as DaemonFlagValues;
      try {
        refuseUnsupported(argv);
        settleSpamdSpellings(argv as unknown as DaemonFlagValues & EngineFlagValues & Record<string, unknown>);
        // The starting process of -d loads nothing: it waits for the detached daemon to report.
        if (flags.daemonize && !isDaemonChild()) {
          process.exitCode = await startDetached('spamd');
          return;
        }
        await startSpamd(argv, flags);
      } catch (error) {
        await reportFailure(error);
        // As spamd dies on a bad command line or a socket it cannot bind: the reason, and no stack. Exit at once: scanning workers may already run.
        process.stderr.write(`spamd: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
      }
      reportReady();
    },
  );
}

/**
 * spamd's second spellings of options this command reads: --user-config
 * undoes -x, --syslog-socket=none logs to stderr, and -4 / -6 exclude each
 * other (the last given wins in spamd; here the two together are refused).
 */
function settleSpamdSpellings(argv: DaemonFlagValues & EngineFlagValues & Record<string, unknown>): void {
  if (argv['user-config'] === true) argv['nouser-config'] = false;
  if (argv['syslog-socket'] === 'none') argv.syslog = 'stderr';
  if (argv.ipv4only && argv.ipv6only) throw new Error('-4 and -6 exclude each other');
}

/**
 * spamd's --max-conn-per-child: given, a worker is replaced after that many
 * requests, and a value under 1 means spamd's default of 200. Not given,
 * workers are never replaced: spamd's children are processes that fork in
 * milliseconds, a fresh worker thread compiles the rules and warms up for
 * seconds, and nothing in one grows without bound.
 */
function requestsPerWorker(given: unknown): number {
  if (typeof given !== 'number' || Number.isNaN(given)) return 0;
  return given < 1 ? 200 : Math.floor(given);
}

async function startSpamd(argv: unknown, flags: DaemonFlagValues): Promise<void> {
  const log = createLogger(flags.syslog, 'spamd', timestampFormatOf((argv as Record<string, unknown>)['log-timestamp-fmt'] as string | undefined));
  for (const note of withoutEffectNotes(argv as Record<string, unknown>)) log.info(`spamd: ${note}`);
  const engine = await openScanner({
    engine: daemonEngineOptions(argv as EngineFlagValues, flags),
    maxChildren: Math.max(1, flags['max-children']),
    maxRequestsPerWorker: requestsPerWorker((argv as Record<string, unknown>)['max-conn-per-child']),
    // A scan past --timeout-child has its worker replaced; the client already got spamd's timeout reply.
    ...(flags['timeout-child'] > 0 ? { timeoutMs: flags['timeout-child'] * 1000 } : {}),
    log: (level, m) => (level === 'info' ? log.info(`spamd: ${m}`) : log.warn(`spamd: ${m}`)),
  });
  await runDaemon(flags, engine, log);
}
