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
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sa-learn-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  status: number | null;
  summary: string;
  nspam: number;
  nham: number;
}

function runProgram(cmd: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'latin1', input, timeout: 180_000 });
  if (r.error) throw new Error(`${cmd} could not be run (sa-learn: apt-get install spamassassin): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function counts(dump: string): { nspam: number; nham: number } {
  const get = (name: string) => Number(new RegExp(`^\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+non-token data: ${name}$`, 'm').exec(dump)?.[1] ?? NaN);
  return { nspam: get('nspam'), nham: get('nham') };
}

let fresh = 0;
/** Both learners with `args` (and stdin), each into a fresh database; their summary lines and counts. */
function both(args: string[], input?: string): { ours: Outcome; theirs: Outcome } {
  const n = fresh++;
  const swDb = join(dir, `sw-${n}`);
  const saDb = join(dir, `sa-${n}`);
  mkdirSync(saDb);
  const ours = runProgram(process.execPath, [CLI, 'learn', '-L', '--dbpath', swDb, ...args], input);
  const theirs = runProgram('sa-learn', ['-L', '--dbpath', join(saDb, 'bayes'), ...args], input);
  const dump = (cmd: string, a: string[]) => counts(runProgram(cmd, a).stdout);
  return {
    ours: { status: ours.status, summary: ours.stdout.trim(), ...dump(process.execPath, [CLI, 'learn', '-L', '--dbpath', swDb, '--dump', 'magic']) },
    theirs: { status: theirs.status, summary: theirs.stdout.trim(), ...dump('sa-learn', ['-L', '--dbpath', join(saDb, 'bayes'), '--dump', 'magic']) },
  };
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
  it('skips messages over 500 KiB by default and learns them with --max-size 0', () => {
    const byDefault = both(['--ham', folder]);
    assert.deepEqual(byDefault.ours, byDefault.theirs);
    assert.equal(byDefault.ours.summary, 'Learned tokens from 1 message(s) (1 message(s) examined)');
    const unlimited = both(['--ham', '--max-size', '0', folder]);
    assert.deepEqual(unlimited.ours, unlimited.theirs);
    assert.equal(unlimited.ours.nham, 2);
  });

  it('takes each --folders line\'s class and format', () => {
    const r = both(['-f', foldersFile]);
    assert.deepEqual(r.ours, r.theirs);
    assert.deepEqual([r.ours.nspam, r.ours.nham], [1, 1]);
  });

  it('takes one value per --cf, so a folder after it is a target', () => {
    const r = both(['--ham', '--cf', 'bayes_auto_learn 0', folder]);
    assert.deepEqual(r.ours, r.theirs);
    assert.equal(r.ours.nham, 1);
  });

  it('learns stdin with --single, and -q prints no summary', () => {
    const single = both(['--spam', '--single'], message('stdin', 'winner winner prize claim'));
    assert.deepEqual(single.ours, single.theirs);
    assert.equal(single.ours.nspam, 1);
    const quiet = both(['--ham', '-q', folder]);
    assert.deepEqual(quiet.ours, quiet.theirs);
    assert.equal(quiet.ours.summary, '');
  });

  it('stops once more than --stopafter messages were learned', () => {
    const two = both(['--ham', '--stopafter', '2', five]);
    assert.deepEqual(two.ours, two.theirs);
    assert.equal(two.ours.summary, 'Learned tokens from 3 message(s) (3 message(s) examined)');
    const none = both(['--spam', '--stopafter', '0', five]);
    assert.deepEqual(none.ours, none.theirs);
    assert.equal(none.ours.nspam, 1);
  });

  it('learns each target as the class named before it', () => {
    const switched = both(['--spam', spamFile, '--ham', five, '--max-size', '0']);
    assert.deepEqual(switched.ours, switched.theirs);
    assert.deepEqual([switched.ours.nspam, switched.ours.nham], [1, 5]);
    // The folders file's spam-one (spam) comes first, then the command line relearns it as ham.
    const withFolders = both(['--ham', spamFile, '-f', foldersFile, '--spam', join(five, 'm1')]);
    assert.deepEqual(withFolders.ours, withFolders.theirs);
  });
});
