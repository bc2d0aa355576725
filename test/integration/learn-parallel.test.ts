/**
 * `spamward learn` with worker threads leaves the database byte for byte as
 * the serial learner does: the same sequence of learns, relearns (spam then
 * ham) and forgets, once with `--jobs 0` and once with `--jobs 2`, then both
 * databases compared through `--backup`, and the summaries too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function learn(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'learn', '-L', ...args], { encoding: 'latin1', timeout: 120_000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `spamward learn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Varied messages: plain and HTML bodies, URIs, addresses, a few relays, 8-bit text, some without Message-ID. */
function message(i: number, kind: 'spam' | 'ham'): string {
  const html = i % 3 === 0;
  const words = kind === 'spam'
    ? `Cheap pills ${i}! Visit http://offers${i % 7}.example.com/buy?id=${i} or write to sales${i}@deals.example now. Préférez nos offres n°${i}.`
    : `Hi team, notes from meeting ${i}: the build is green; review https://git.example.org/c/${i} before Friday... Thanks -- Carol`;
  const body = html ? `<html><body><p>${words}</p><a href="http://link${i % 5}.example.net/x">click</a><div style="display:none">hidden ${i}</div></body></html>` : words;
  return [
    `Received: from relay${i % 4}.example (relay${i % 4}.example [198.51.100.${(i % 200) + 1}]) by mx.example.net with ESMTP id Q${i}; Tue, 6 Jan 2026 0${i % 10}:00:01 +0000`,
    `From: ${kind === 'spam' ? 'Deals' : 'Carol'} <${kind}${i}@sender${i % 3}.example>`,
    `To: dave@example.net`,
    `Subject: ${kind} message ${i % 11}`,
    `Date: Tue, 6 Jan 2026 0${i % 10}:00:00 +0000`,
    ...(i % 5 === 0 ? [] : [`Message-ID: <${kind}-${i}@sender.example>`]),
    'MIME-Version: 1.0',
    `Content-Type: ${html ? 'text/html' : 'text/plain'}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\n');
}

function folder(dir: string, kind: 'spam' | 'ham', from: number, to: number): string {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) writeFileSync(join(dir, `${kind}-${i}.eml`), message(i, kind), 'utf8');
  return dir;
}

describe('spamward learn with worker threads', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'spamward-learn-parallel-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('ends with the same database and summaries as a serial learn, relearns and forgets included', () => {
    const spam = folder(join(root, 'spam'), 'spam', 0, 90);
    const ham = folder(join(root, 'ham'), 'ham', 0, 80);
    // Spam learned again as ham (relearned), plus messages not seen yet.
    const relearn = folder(join(root, 'relearn'), 'spam', 0, 70);
    folder(relearn, 'ham', 80, 90);
    const forget = folder(join(root, 'forget'), 'ham', 40, 110);
    const run = (jobs: string): { backup: string; summaries: string } => {
      const db = join(root, `db-${jobs}`);
      const summaries = [
        learn(['--dbpath', db, '--jobs', jobs, '--spam', spam]),
        learn(['--dbpath', db, '--jobs', jobs, '--ham', ham, relearn]),
        learn(['--dbpath', db, '--jobs', jobs, '--forget', forget]),
      ].join('');
      return { backup: learn(['--dbpath', db, '--backup']), summaries };
    };
    const serial = run('0');
    const parallel = run('2');
    assert.match(serial.summaries, /Learned tokens from 90 message\(s\) \(90 message\(s\) examined\)/);
    assert.match(serial.summaries, /Learned tokens from 160 message\(s\) \(160 message\(s\) examined\)/);
    assert.match(serial.summaries, /Forgot tokens from 50 message\(s\) \(70 message\(s\) examined\)/);
    assert.equal(parallel.summaries, serial.summaries);
    assert.ok(serial.backup.split('\n').filter((l) => l.startsWith('t\t')).length > 500, 'tokens were learned');
    assert.equal(parallel.backup, serial.backup);
  });
});
