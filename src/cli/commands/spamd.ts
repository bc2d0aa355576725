import type { Argv } from 'yargs';
import { openScanner } from '../scanner.js';
import { runDaemon } from '../../spamd/daemon.js';
import { addDaemonFlags, type DaemonFlagValues } from '../../spamd/options.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';

/** `spamward spamd …`: the spamd-compatible daemon, with spamd's own flags. */
export function spamdCommand(y: Argv): Argv {
  return y.command(
    'spamd',
    'Run the spamd-compatible daemon (SPAMC/SPAMD protocol, in the foreground)',
    (b) => addDaemonFlags(addEngineFlags(b)),
    async (argv) => {
      const engine = await openScanner({ engine: engineOptionsFrom(argv as EngineFlagValues) });
      await runDaemon(argv as unknown as DaemonFlagValues, engine);
    },
  );
}
