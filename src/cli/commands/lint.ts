/**
 * `spamward lint`: read all configuration and report every problem with
 * file:line, then scan a built-in sample message to catch runtime errors,
 * like `spamassassin --lint`. Exits 1 when anything was found.
 */
import { diagnosticText } from '../../engine/config/diagnostic-line.js';
import type { Argv } from 'yargs';
import { createEngine } from '../../engine/index.js';
import { addEngineFlags, engineOptionsFrom } from '../engine-flags.js';
import { LINT_SAMPLE_MESSAGE } from './lint-sample.js';

export function lintCommand(y: Argv): Argv {
  return y.command(
    'lint',
    'Check the configuration and rules; print every problem with file:line (exit 1 if any)',
    (cmd) => addEngineFlags(cmd).option('warnings', { type: 'boolean', default: true, describe: 'Also report warnings' }),
    async (argv) => {
      const engine = await createEngine({ ...engineOptionsFrom(argv), localTestsOnly: true });
      const shown = engine.diagnostics.filter((d) => argv.warnings || d.level === 'error');
      for (const d of shown) process.stderr.write(`lint: ${d.level}: ${diagnosticText(d)}\n`);
      let issues = shown.length;
      try {
        await engine.scan(Buffer.from(LINT_SAMPLE_MESSAGE, 'latin1'));
      } catch (err) {
        process.stderr.write(`lint: error: scanning the sample message failed: ${(err as Error).message}\n`);
        issues++;
      }
      if (issues > 0) {
        process.stderr.write(`lint: ${issues} issues detected\n`);
        process.exitCode = 1;
      }
    },
  );
}
