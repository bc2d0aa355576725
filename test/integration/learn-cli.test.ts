/**
 * `spamward learn` end to end, in a child process (this file run with
 * SPAMWARD_LEARN_CLI set acts as the CLI), including a round trip of the
 * database through Debian's sa-learn in its backup format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const SELF = fileURLToPath(import.meta.url);

if (process.env['SPAMWARD_LEARN_CLI'] !== undefined) {
  const { default: yargs } = await import('yargs');
  const { learnCommand } = await import('../../src/cli/commands/learn.js');
  const args = JSON.parse(process.env['SPAMWARD_LEARN_CLI']) as string[];
  await learnCommand(yargs(args).strict()).parseAsync();
} else {
  runTests();
}

const NOBODY = 65534;

function cli(args: string[], input?: string, asNobody = false): { status: number | null; stdout: string; stderr: string } {
  const ids = asNobody ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync(process.execPath, [SELF], { env: { ...process.env, SPAMWARD_LEARN_CLI: JSON.stringify(['learn', '-L', ...args]) }, input, encoding: 'latin1', timeout: 180_000, ...ids });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function saLearn(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sa-learn', args, { encoding: 'latin1', timeout: 120_000 });
  if (r.error) throw new Error(`sa-learn is required for this test and could not be run: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function msg(i: number, kind: 'spam' | 'ham'): string {
  const words = kind === 'spam'
    ? `Cheap pills ${i}, limited offer! Visit http://offers${i}.example.com/buy now and claim your prize number ${i}.`
    : `Hi team, notes from meeting ${i}: the build is green, review the patch at https://git.example.org/c/${i} before Friday.`;
  return [
    `From: ${kind === 'spam' ? 'Deals' : 'Carol'} <${kind}${i}@sender${i % 3}.example>`,
    `To: dave@example.net`,
    `Subject: ${kind} message ${i}`,
    `Date: Tue, 6 Jan 2026 0${i % 10}:00:00 +0000`,
    `Message-ID: <${kind}-${i}@sender.example>`,
    `Received: from relay${i}.example (relay${i}.example [198.51.100.${i + 1}]) by mx.example.net with ESMTP id Q${i}; Tue, 6 Jan 2026 0${i % 10}:00:01 +0000`,
    '',
    words,
    '',
  ].join('\n');
}

function tokenLines(backup: string): string[] {
  return backup.split('\n').filter((l) => l.startsWith('t\t')).map((l) => l.split('\t').filter((_, i) => i !== 3).join('\t')).sort();
}

function runTests(): void {
  let root = '';
  let spamDir = '';
  let hamMbox = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'spamward-learn-'));
    spamDir = join(root, 'spam');
    mkdirSync(spamDir);
    for (let i = 0; i < 4; i++) writeFileSync(join(spamDir, `m${i}.eml`), msg(i, 'spam'));
    hamMbox = join(root, 'ham.mbox');
    writeFileSync(hamMbox, [0, 1, 2].map((i) => `From carol@example Tue Jan  6 00:00:00 2026\n${msg(i, 'ham')}\n`).join(''));
  });
  after(() => {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  describe('spamward learn', () => {
    it('learns a directory and an mbox, skips what it already knows, and dumps the counters', () => {
      const db = join(root, 'db1');
      const first = cli(['--spam', '--dbpath', db, spamDir]);
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stdout, 'Learned tokens from 4 message(s) (4 message(s) examined)\n');
      assert.equal(cli(['--spam', '--dbpath', db, spamDir]).stdout, 'Learned tokens from 0 message(s) (4 message(s) examined)\n');
      assert.equal(cli(['--ham', '--dbpath', db, hamMbox]).stdout, 'Learned tokens from 3 message(s) (3 message(s) examined)\n');
      const magic = cli(['--dump', 'magic', '--dbpath', db]).stdout;
      assert.match(magic, /^0\.000 {10}0 {10}4 {10}0  non-token data: nspam$/m);
      assert.match(magic, /^0\.000 {10}0 {10}3 {10}0  non-token data: nham$/m);
      const forgot = cli(['--forget', '--dbpath', db, join(spamDir, 'm0.eml')]);
      assert.equal(forgot.stdout, 'Forgot tokens from 1 message(s) (1 message(s) examined)\n');
      assert.match(cli(['--dump', 'magic', '--dbpath', db]).stdout, /^0\.000 {10}0 {10}3 {10}0  non-token data: nspam$/m);
    });

    it('reads a message from stdin', () => {
      const r = cli(['--ham', '--dbpath', join(root, 'db-stdin'), '-'], msg(7, 'ham'));
      assert.equal(r.stdout, 'Learned tokens from 1 message(s) (1 message(s) examined)\n');
    });

    it('backs up, restores and clears', () => {
      const db = join(root, 'db2');
      cli(['--spam', '--dbpath', db, spamDir]);
      const backup = cli(['--backup', '--dbpath', db]).stdout;
      assert.match(backup, /^v\t3\tdb_version # this must be the first line!!!\nv\t4\tnum_spam\nv\t0\tnum_nonspam\n/);
      const file = join(root, 'backup.txt');
      writeFileSync(file, backup, 'latin1');
      const db3 = join(root, 'db3');
      assert.equal(cli(['--restore', file, '--dbpath', db3]).status, 0);
      assert.deepEqual(tokenLines(cli(['--backup', '--dbpath', db3]).stdout), tokenLines(backup));
      assert.equal(cli(['--clear', '--dbpath', db3]).status, 0);
      assert.match(cli(['--dump', 'magic', '--dbpath', db3]).stdout, /^0\.000 {10}0 {10}0 {10}0  non-token data: nspam$/m);
    });

    it('learns the same token hashes as sa-learn and moves databases both ways in backup format', () => {
      const saDb = join(root, 'sa');
      mkdirSync(saDb);
      const prefix = join(saDb, 'bayes');
      const learned = saLearn(['--dbpath', prefix, '--spam', spamDir]);
      assert.equal(learned.status, 0, learned.stderr);
      const saBackup = saLearn(['--dbpath', prefix, '--backup']).stdout;
      const mine = cli(['--spam', '--dbpath', join(root, 'db4'), spamDir]);
      assert.equal(mine.status, 0, mine.stderr);
      assert.deepEqual(tokenLines(cli(['--backup', '--dbpath', join(root, 'db4')]).stdout), tokenLines(saBackup));
      // SpamAssassin -> Spamward
      const saFile = join(root, 'sa-backup.txt');
      writeFileSync(saFile, saBackup, 'latin1');
      assert.equal(cli(['--restore', saFile, '--dbpath', join(root, 'db5')]).status, 0);
      const back = cli(['--backup', '--dbpath', join(root, 'db5')]).stdout;
      assert.deepEqual(tokenLines(back), tokenLines(saBackup));
      // Spamward -> SpamAssassin
      const swFile = join(root, 'sw-backup.txt');
      writeFileSync(swFile, back, 'latin1');
      const saDb2 = join(root, 'sa2');
      mkdirSync(saDb2);
      assert.equal(saLearn(['--dbpath', join(saDb2, 'bayes'), '--restore', swFile]).status, 0);
      assert.match(saLearn(['--dbpath', join(saDb2, 'bayes'), '--dump', 'magic']).stdout, /^0\.000 +0 +4 +0 +non-token data: nspam$/m);
    });

    it('reports a read-only database clearly and learns nothing', () => {
      const db = join(root, 'db-ro');
      cli(['--spam', '--dbpath', db, join(spamDir, 'm1.eml')]);
      // root ignores permission bits, so the learner then runs as nobody, for whom the folder is read-only.
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        chmodSync(root, 0o755);
        chmodSync(db, 0o755);
      } else chmodSync(db, 0o500);
      chmodSync(hamMbox, 0o644);
      const r = cli(['--ham', '--dbpath', db, hamMbox], undefined, asRoot);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /read-only/);
      assert.match(cli(['--dump', 'magic', '--dbpath', db], undefined, asRoot).stdout, /^0\.000 {10}0 {10}0 {10}0  non-token data: nham$/m);
    });
  });
}
