/**
 * Learning check (a bench check, not a test: it reads the corpus). Runs one
 * fixed sequence of `spamward learn` commands over ~1000 corpus messages
 * (spam, ham, relearning spam as ham, forgetting, learning everything again)
 * and prints the SHA-256 of the final `--backup` and of the summaries, so two
 * builds, or two ways of learning, can be compared byte for byte.
 *
 *   node dist/test/bench/learn-identity.js [--cli PATH/main.js] [--save FILE | --expect FILE] [-- extra learn flags]
 *
 * Without --cli it runs this build's CLI once with `--jobs 0` (serial) and once
 * with `--jobs 2` (worker threads) and fails unless both backups are identical.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';

const args = process.argv.slice(2);
const dashDash = args.indexOf('--');
const extra = dashDash >= 0 ? args.slice(dashDash + 1) : [];
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const OWN_CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Outcome { backup: string; summaries: string }

function writeFolder(dir: string, msgs: readonly CorpusMessage[]): string {
  mkdirSync(dir, { recursive: true });
  msgs.forEach((m) => writeFileSync(join(dir, `${m.id.replace(/\//g, '_')}.eml`), m.raw));
  return dir;
}

/** The sequence: learn, relearn as the other class, forget, learn again (already-learned, relearned back). */
function runSequence(cli: string, flags: readonly string[], root: string, folders: Record<string, string>): Outcome {
  const db = join(root, `db-${createHash('sha1').update(cli + flags.join(' ')).digest('hex').slice(0, 8)}`);
  const learn = (...a: string[]): string => {
    const r = spawnSync(process.execPath, [cli, 'learn', '--dbpath', db, ...a, ...flags], { encoding: 'latin1', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`spamward learn ${a.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  const steps = [
    learn('--spam', folders['spam'] as string),
    learn('--ham', folders['ham'] as string),
    learn('--ham', folders['relearn'] as string),
    learn('--forget', folders['forget'] as string),
    learn('--spam', folders['spam'] as string),
    learn('--forget', folders['relearn'] as string),
  ];
  const r = spawnSync(process.execPath, [cli, 'learn', '--dbpath', db, '--backup'], { encoding: 'latin1', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`spamward learn --backup failed: ${r.stderr}`);
  return { backup: r.stdout, summaries: steps.join('') };
}

const sha = (s: string): string => createHash('sha256').update(s, 'latin1').digest('hex');

function main(): void {
  const spam = loadCorpus(['spam-1'], 300);
  const ham = [...loadCorpus(['easy-ham-1'], 550), ...loadCorpus(['hard-ham-1'], 150)];
  const root = mkdtempSync(join(tmpdir(), 'spamward-learn-identity-'));
  try {
    const folders = {
      spam: writeFolder(join(root, 'spam'), spam),
      ham: writeFolder(join(root, 'ham'), ham),
      relearn: writeFolder(join(root, 'relearn'), spam.slice(0, 60)),
      forget: writeFolder(join(root, 'forget'), [...spam.slice(60, 90), ...ham.slice(0, 40), ...ham.slice(600, 640)]),
    };
    const cli = opt('--cli');
    if (cli !== undefined) {
      const out = runSequence(cli, extra, root, folders);
      console.log(`backup ${sha(out.backup)} (${out.backup.length} bytes), summaries ${sha(out.summaries)}`);
      process.stdout.write(out.summaries);
      const save = opt('--save');
      if (save !== undefined) writeFileSync(save, out.backup + '\n--\n' + out.summaries, 'latin1');
      const expect = opt('--expect');
      if (expect !== undefined) {
        const same = readFileSync(expect, 'latin1') === out.backup + '\n--\n' + out.summaries;
        console.log(same ? 'identical to the expected backup and summaries' : 'DIFFERENT from the expected backup or summaries');
        if (!same) process.exitCode = 1;
      }
      return;
    }
    const serial = runSequence(OWN_CLI, ['--jobs', '0', ...extra], root, folders);
    const parallel = runSequence(OWN_CLI, ['--jobs', '2', ...extra], root, folders);
    const same = serial.backup === parallel.backup && serial.summaries === parallel.summaries;
    console.log(`serial backup ${sha(serial.backup)}, worker threads ${sha(parallel.backup)}: ${same ? 'identical' : 'DIFFERENT'}`);
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
