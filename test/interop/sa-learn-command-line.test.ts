/**
 * sa-learn's command line beside `spamward learn`'s: each case runs both
 * learners on the same messages with the same options into fresh databases
 * and compares the summary line and the learned counts (`--dump magic`).
 * What is pinned (Debian's sa-learn decides):
 *  - messages over 500 KiB are skipped by default and not counted as
 *    examined; `--max-size 0` learns them;
 *  - a `--folders` file's `spam:FORMAT:PATH` / `ham:FORMAT:PATH` lines give
 *    each target its class, without --spam or --ham on the command line;
 *  - a file read as mbox without one "From " separator holds no message;
 *  - `--single` learns stdin; `-q` prints no summary;
 *  - `--stopafter N` examines no message once more than N were learned, so
 *    N + 1 are (0 learns one);
 *  - `--spam a --ham b`: each target is learned as the class named last
 *    before it; a --folders file's targets are learned first.
 * Both learners read only a private rule set with the Bayes plugin
 * (test/helpers/mini-rules.ts): none of this depends on the stock rules,
 * and sa-learn starts in a fraction of the time without them. The two
 * learners of a case run side by side, then their two dumps.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { miniRules } from '../helpers/mini-rules.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sa-learn-cli-'));
/** sa-learn refuses to run without the Bayes plugin; nothing else is loaded, no rule but the placeholder. */
const RULES = miniRules(['Bayes']);
after(() => {
  rmSync(dir, { recursive: true, force: true });
  RULES.remove();
});

interface Outcome {
  status: number | null;
  summary: string;
  nspam: number;
  nham: number;
}

/** A learner's run: exit status and output as latin1 text (a non-zero exit is an outcome to compare). */
async function runProgram(cmd: string, args: string[], input?: string): Promise<{ status: number; stdout: string }> {
  const r = await run(cmd, args, input ?? '', 180_000);
  return { status: r.code, stdout: r.stdout.toString('latin1') };
}

function counts(dump: string): { nspam: number; nham: number } {
  const get = (name: string) => Number(new RegExp(`^\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+non-token data: ${name}$`, 'm').exec(dump)?.[1] ?? NaN);
  return { nspam: get('nspam'), nham: get('nham') };
}

let fresh = 0;
/** Both learners with `args` (and stdin), each into a fresh database and on the same rule set; their summary lines and counts. */
async function both(args: string[], input?: string): Promise<{ ours: Outcome; theirs: Outcome }> {
  const n = fresh++;
  const swDb = join(dir, `sw-${n}`);
  const saDb = join(dir, `sa-${n}`);
  mkdirSync(saDb);
  const oursBase = [CLI, 'learn', '-L', '--configpath', RULES.rules, '--siteconfigpath', RULES.site, '--dbpath', swDb];
  const theirsBase = ['-L', ...RULES.spamdArgs, '--dbpath', join(saDb, 'bayes')];
  const [ours, theirs] = await Promise.all([runProgram(process.execPath, [...oursBase, ...args], input), runProgram('sa-learn', [...theirsBase, ...args], input)]);
  const [oursDump, theirsDump] = await Promise.all([runProgram(process.execPath, [...oursBase, '--dump', 'magic']), runProgram('sa-learn', [...theirsBase, '--dump', 'magic'])]);
  return {
    ours: { status: ours.status, summary: ours.stdout.trim(), ...counts(oursDump.stdout) },
    theirs: { status: theirs.status, summary: theirs.stdout.trim(), ...counts(theirsDump.stdout) },
  };
}

/** Both learners with `args`, which must agree on the summary and the counts; ours. */
async function agreed(args: string[], input?: string): Promise<Outcome> {
  const { ours, theirs } = await both(args, input);
  assert.deepEqual(ours, theirs);
  return ours;
}

function message(id: string, words: string, extraLines = 0): string {
  const filler = Array.from({ length: extraLines }, (_, i) => `line ${i} of a long newsletter about gardening and weather ${id}`).join('\n');
  return `From: sender@example.com\nTo: rcpt@example.net\nSubject: ${words}\nMessage-ID: <${id}@example.com>\nDate: Tue, 6 Jan 2026 09:00:00 +0000\n\n${words}\n${filler}\n`;
}

const folder = join(dir, 'mail');
mkdirSync(folder);
writeFileSync(join(folder, 'big'), message('big', 'a very long message', 9000)); // about 640 KB
writeFileSync(join(folder, 'small'), message('small', 'a short note about lunch'));
const spamFile = join(dir, 'spam-one');
writeFileSync(spamFile, message('spam1', 'cheap pills online now'));
const notMbox = join(dir, 'not-mbox');
writeFileSync(notMbox, message('plain', 'no separator line here'));
const five = join(dir, 'five');
mkdirSync(five);
for (let i = 1; i <= 5; i++) writeFileSync(join(five, `m${i}`), message(`five${i}`, `note number ${i} about the garden`));
const foldersFile = join(dir, 'folders');
writeFileSync(foldersFile, `spam::${spamFile}\nham:dir:${folder}\n\nham:mbox:${notMbox}\n`);

describe('sa-learn command lines, run by both learners', () => {
  requireProgram('sa-learn', 'spamassassin');
  it('skips messages over 500 KiB by default and learns them with --max-size 0', async () => {
    const byDefault = await agreed(['--ham', folder]);
    assert.equal(byDefault.summary, 'Learned tokens from 1 message(s) (1 message(s) examined)');
    const unlimited = await agreed(['--ham', '--max-size', '0', folder]);
    assert.equal(unlimited.nham, 2);
  });

  it('takes each --folders line\'s class and format', async () => {
    const r = await agreed(['-f', foldersFile]);
    assert.deepEqual([r.nspam, r.nham], [1, 1]);
  });

  it('takes one value per --cf, so a folder after it is a target', async () => {
    const r = await agreed(['--ham', '--cf', 'bayes_auto_learn 0', folder]);
    assert.equal(r.nham, 1);
  });

  it('learns stdin with --single, and -q prints no summary', async () => {
    const single = await agreed(['--spam', '--single'], message('stdin', 'winner winner prize claim'));
    assert.equal(single.nspam, 1);
    const quiet = await agreed(['--ham', '-q', folder]);
    assert.equal(quiet.summary, '');
  });

  it('stops once more than --stopafter messages were learned', async () => {
    const two = await agreed(['--ham', '--stopafter', '2', five]);
    assert.equal(two.summary, 'Learned tokens from 3 message(s) (3 message(s) examined)');
    const none = await agreed(['--spam', '--stopafter', '0', five]);
    assert.equal(none.nspam, 1);
  });

  it('learns each target as the class named before it', async () => {
    const switched = await agreed(['--spam', spamFile, '--ham', five, '--max-size', '0']);
    assert.deepEqual([switched.nspam, switched.nham], [1, 5]);
    // The folders file's spam-one (spam) comes first, then the command line relearns it as ham.
    await agreed(['--ham', spamFile, '-f', foldersFile, '--spam', join(five, 'm1')]);
  });
});
