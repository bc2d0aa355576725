import type { Argv } from 'yargs';
import { runServe } from '../serve/run-serve.js';
import { addServeFlags } from '../serve/settings.js';

/**
 * `spamward serve` (what `npm start` runs; `start` is its old name): the
 * milter, the spamd listener and the metrics endpoint on one scanner.
 */
export function serveCommand(y: Argv): Argv {
  return y.command(
    ['serve', 'start'],
    'Run the milter (127.0.0.1:11332), the spamd listener (127.0.0.1:783) and the metrics endpoint (127.0.0.1:9783) on one engine',
    (b) => addServeFlags(b),
    async (argv) => {
      process.exitCode = await runServe(argv as unknown as Parameters<typeof runServe>[0]);
    },
  );
}
