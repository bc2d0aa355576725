import type { Argv } from 'yargs';
import { openScanner } from '../scanner.js';
import { addMilterFlags, milterOptionsFrom, type MilterFlagValues } from '../../../milter/flags.js';
import { stderrLogger } from '../../../milter/logger.js';
import { runMilter } from '../../../milter/run.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';

/** `spamward milter --listen inet:127.0.0.1:11332 …`: the milter for Postfix and Sendmail, in the foreground. */
export function milterCommand(y: Argv): Argv {
  return y.command(
    'milter',
    'Run the milter for Postfix/Sendmail (in the foreground)',
    (b) => addMilterFlags(addEngineFlags(b)),
    async (argv) => {
      // Options are checked before the engine loads so a typo fails fast.
      const options = milterOptionsFrom(argv as unknown as MilterFlagValues);
      const logger = stderrLogger(argv['log-level']);
      const engine = await openScanner({
        engine: engineOptionsFrom(argv as EngineFlagValues),
        maxChildren: options.maxChildren,
        timeoutMs: options.scanTimeoutMs,
        log: (level, m) => logger.log(level, m),
      });
      await runMilter(engine, options, logger);
    },
  );
}
