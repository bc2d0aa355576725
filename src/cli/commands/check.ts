/**
 * `spamward check`: scan messages like `spamassassin` does: print the
 * rewritten message, and with `--report` (`-t`) append the report; `-e`
 * sets the exit code for spam; `-d` takes earlier markup off.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { diagnosticText } from '../../engine/config/diagnostic-line.js';
import { createEngine } from '../../engine/index.js';
import { addEngineFlags, engineOptionsFrom } from '../engine-flags.js';

export function checkCommand(y: Argv): Argv {
  return y.command(
    'check [files..]',
    'Scan messages (stdin when no file is given) and print the rewritten message, like `spamassassin`',
    (cmd) =>
      addEngineFlags(cmd)
        .positional('files', { type: 'string', array: true, describe: 'Message files (default: stdin)' })
        .option('report', { alias: ['t', 'test-mode'], type: 'boolean', default: false, describe: 'Append the report (score and every rule hit), like spamassassin -t' })
        .option('exit-code', { alias: 'e', type: 'string', describe: 'Exit with this code (default 5) when a message is spam: -e or --exit-code=N' })
        .option('score-only', { type: 'boolean', default: false, describe: 'Print only "score/required" per message' })
        .option('remove-markup', { alias: 'd', type: 'boolean', default: false, describe: 'Print the message as it was before SpamAssassin or Spamward marked it up, like spamassassin -d (with -t: scan that message)' }),
    async (argv) => {
      const options = engineOptionsFrom(argv);
      // Like spamassassin -t: a test run never changes stored state.
      if (argv.report) {
        // use_auto_welcomelist exists only while the AWL plugin is loaded.
        const noLearning = ['bayes_auto_learn 0', 'ifplugin Mail::SpamAssassin::Plugin::AWL', 'use_auto_welcomelist 0', 'endif'];
        options.cfLines = [...(options.cfLines ?? []), ...noLearning];
      }
      const engine = await createEngine(options);
      // As spamassassin warns on stderr about rules it skips; the scan goes on with the rest.
      for (const d of engine.diagnostics) if (d.level === 'error') process.stderr.write(`spamward check: config: ${diagnosticText(d)}\n`);
      const files = (argv.files as string[] | undefined) ?? [];
      const inputs = files.length > 0 ? files : ['-'];
      let anySpam = false;
      for (const file of inputs) {
        let raw: Buffer = file === '-' ? readFileSync(0) : readFileSync(file);
        if (argv['remove-markup']) {
          raw = engine.removeMarkup(raw);
          // Like spamassassin -d: without -t the cleaned message is the whole answer.
          if (!argv.report) {
            process.stdout.write(raw);
            continue;
          }
        }
        const verdict = await engine.scan(raw);
        anySpam ||= verdict.isSpam;
        if (argv['score-only']) {
          process.stdout.write(`${verdict.scoreText}/${verdict.requiredText}\n`);
          continue;
        }
        process.stdout.write(verdict.rewrittenMessage());
        if (argv.report) process.stdout.write(Buffer.from(verdict.report, 'latin1'));
      }
      // Like spamassassin's --exit-code[=N]: given without a number it means 5.
      const exitCode = argv['exit-code'] as string | undefined;
      if (anySpam && exitCode !== undefined) process.exitCode = Number(exitCode) || 5;
    },
  );
}
