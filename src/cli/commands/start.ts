/**
 * `spamward start`: run Spamward on its embedded defaults. While only the
 * engine exists this loads the rules (the system's SpamAssassin rules, else
 * the bundled ones) and scans the two bundled sample messages.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { createEngine } from '../../engine/index.js';
import { addEngineFlags, engineOptionsFrom } from '../engine-flags.js';

const SAMPLES = ['sample-ham.eml', 'sample-spam.eml'];

export function startCommand(y: Argv): Argv {
  return y.command(
    'start',
    'Run Spamward on its embedded defaults',
    (cmd) => addEngineFlags(cmd),
    async (argv) => {
      const engine = await createEngine(engineOptionsFrom(argv));
      const errors = engine.diagnostics.filter((d) => d.level === 'error').length;
      process.stdout.write(`spamward: loaded ${engine.config.rules.size} rules from ${engine.files.length} files (${errors} config errors)\n`);
      for (const name of SAMPLES) {
        const path = fileURLToPath(new URL(`../../../../samples/${name}`, import.meta.url));
        const verdict = await engine.scan(readFileSync(path));
        process.stdout.write(`${name}: ${verdict.isSpam ? 'spam' : 'ham'} score=${verdict.scoreText} required=${verdict.requiredText} tests=${verdict.testNames.join(',') || 'none'}\n`);
      }
    },
  );
}
