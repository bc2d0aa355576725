import type { Argv } from 'yargs';
import { openScanner } from '../scanner.js';
import { addMilterFlags, addMilterProcessFlags, logTargetOf, milterOptionsFrom, type MilterFlagValues, type MilterProcessFlagValues } from '../../../milter/flags.js';
import { targetLogger } from '../../../milter/logger.js';
import { runMilter } from '../../../milter/run.js';
import { addEngineFlags, daemonEngineOptions, type EngineFlagValues } from '../engine-flags.js';
import { isDaemonChild, reportFailure, reportReady, startDetached } from '../daemonize.js';

/** `spamward milter --listen inet:127.0.0.1:11332 …`: the milter for Postfix and Sendmail, in the foreground unless -d. */
export function milterCommand(y: Argv): Argv {
  return y.command(
    'milter',
    'Run the milter for Postfix/Sendmail (in the foreground unless -d)',
    (b) => addMilterProcessFlags(addMilterFlags(addEngineFlags(b))),
    async (argv) => {
      const flags = argv as unknown as MilterFlagValues & MilterProcessFlagValues;
      try {
        // Options are checked before the engine loads (and before detaching) so a typo fails fast, on the terminal.
        const options = { ...milterOptionsFrom(flags), pidFile: flags.pidfile };
        // The starting process of -d loads nothing: it waits for the detached milter to report.
        if (flags.daemonize && !isDaemonChild()) {
          process.exitCode = await startDetached('spamward milter');
          return;
        }
        const logger = targetLogger(logTargetOf(flags), flags['log-level']);
        const engine = await openScanner({
          engine: daemonEngineOptions(argv as EngineFlagValues, flags),
          maxChildren: options.maxChildren,
          maxRequestsPerWorker: options.maxRequestsPerWorker,
          timeoutMs: options.scanTimeoutMs,
          log: (level, m) => logger.log(level, m),
        });
        await runMilter(engine, options, logger, reportReady);
        logger.close();
      } catch (error) {
        await reportFailure(error);
        // The reason, no stack; exit at once, as scanning workers may already run.
        process.stderr.write(`spamward milter: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
      }
    },
  );
}
