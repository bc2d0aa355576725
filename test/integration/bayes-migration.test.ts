/**
 * Migration from SpamAssassin: a database trained by Debian's sa-learn,
 * exported with `sa-learn --backup` and imported with `spamward learn
 * --restore`, gives Spamward the same Bayes probability (and so the same
 * BAYES_xx rule) as SpamAssassin itself on every message. Self-written
 * messages; bayes_min_*_num lowered so a small database is used.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/engine.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const CF = ['bayes_min_spam_num 1', 'bayes_min_ham_num 1', 'bayes_auto_learn 0', 'use_bayes 1', 'report_safe 0', 'add_header all BayesP _BAYES_'];

const SPAM_WORDS = ['cheap', 'pills', 'winner', 'prize', 'casino', 'mortgage', 'refinance', 'viagra', 'unsecured', 'credit'];
const HAM_WORDS = ['meeting', 'patch', 'review', 'build', 'release', 'kernel', 'agenda', 'minutes', 'branch', 'deploy'];

function message(id: string, from: string, subject: string, words: string[]): string {
  return [
    `From: ${from}`,
    'To: dave@example.net',
    `Subject: ${subject}`,
    'Date: Tue, 6 Jan 2026 09:00:00 +0000',
    `Message-ID: <${id}@example.org>`,
    `Received: from relay.example.org (relay.example.org [203.0.113.9]) by mx.example.net with ESMTP id Q${id.replace(/\W/g, '')}; Tue, 6 Jan 2026 09:00:01 +0000`,
    '',
    `${words.join(' ')}.`,
    '',
  ].join('\n');
}

/** Message i of a class: its class words in a rotating selection, so token counts differ. */
function trainingMessage(kind: 'spam' | 'ham', i: number): string {
  const pool = kind === 'spam' ? SPAM_WORDS : HAM_WORDS;
  const words = pool.filter((_, j) => (j + i) % 3 !== 0).map((w) => `${w}${j0(i)}`);
  return message(`${kind}-${i}`, kind === 'spam' ? `Deals <deals${i % 4}@offers.example>` : `Carol <carol@example.org>`, `${kind} note ${i}`, [...words, ...pool.slice(0, 4)]);
}
const j0 = (i: number): string => (i % 2 === 0 ? '' : 's');

describe('sa-learn --backup imported with spamward learn --restore', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-migrate-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives the same Bayes probability and BAYES_xx rule as SpamAssassin on every message', { timeout: 240_000 }, async () => {
    for (const kind of ['spam', 'ham'] as const) {
      mkdirSync(join(root, kind));
      for (let i = 0; i < 12; i++) writeFileSync(join(root, kind, `${i}.eml`), trainingMessage(kind, i));
    }
    const bayesPath = join(root, 'sa', 'bayes');
    for (const kind of ['spam', 'ham']) {
      const r = spawnSync('sa-learn', ['--dbpath', bayesPath, `--${kind}`, join(root, kind)], { encoding: 'latin1', timeout: 120_000 });
      if (r.error) throw new Error(`sa-learn is required for this test: ${r.error.message}`);
      assert.equal(r.status, 0, r.stderr);
    }
    const backup = spawnSync('sa-learn', ['--dbpath', bayesPath, '--backup'], { encoding: 'latin1', timeout: 120_000 });
    assert.equal(backup.status, 0, backup.stderr);
    writeFileSync(join(root, 'backup.txt'), backup.stdout, 'latin1');
    const db = join(root, 'spamward');
    const restore = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', db, '--restore', join(root, 'backup.txt')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(restore.status, 0, restore.stderr);

    // Test messages: mostly spammy, mostly hammy, mixed, and unknown words.
    const tests = [
      message('t1', 'Deals <deals1@offers.example>', 'offer', [...SPAM_WORDS.slice(0, 6), 'today']),
      message('t2', 'Carol <carol@example.org>', 'notes', [...HAM_WORDS.slice(2, 9), 'thanks']),
      message('t3', 'Someone <someone@elsewhere.example>', 'mixed', [...SPAM_WORDS.slice(0, 3), ...HAM_WORDS.slice(0, 3)]),
      message('t4', 'Carol <carol@example.org>', 'prize review', ['prize', 'winner', 'review', 'patch', 'casinos']),
      message('t5', 'Nobody <nobody@unknown.example>', 'zzz', ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']),
    ];
    const mbox = tests.map((t) => `From sender@example.org Tue Jan  6 09:00:00 2026\n${t}\n`).join('');
    writeFileSync(join(root, 'tests.mbox'), mbox);
    const sa = spawnSync('spamassassin', ['-L', '-x', '--mbox', ...CF.map((c) => `--cf=${c}`), `--cf=bayes_path ${bayesPath}`, join(root, 'tests.mbox')], { encoding: 'latin1', timeout: 180_000, maxBuffer: 1 << 26 });
    if (sa.error) throw new Error(`spamassassin is required for this test: ${sa.error.message}`);
    // Pair each output message with its Message-ID: do not rely on the output order.
    const saById = new Map<string, { p: string; band: string }>();
    for (const part of sa.stdout.split(/^From /m)) {
      const id = /^Message-ID: <([^>]+)>/im.exec(part)?.[1];
      const p = /^X-Spam-BayesP: (\S+)$/m.exec(part)?.[1];
      const status = (/^X-Spam-Status: [^\n]*(?:\n[ \t][^\n]*)*/m.exec(part)?.[0] ?? '').replace(/\s+/g, '');
      if (id && p) saById.set(id, { p, band: /BAYES_\d\d(?!\d)/.exec(status)?.[0] ?? 'none' });
    }
    assert.equal(saById.size, tests.length, sa.stderr);
    const ids = tests.map((t) => /^Message-ID: <([^>]+)>/m.exec(t)?.[1] ?? '');
    const saP = ids.map((id) => saById.get(id)?.p);
    const saBands = ids.map((id) => saById.get(id)?.band);

    const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: db, cfLines: CF });
    try {
      const ours = tests.map((t) => engine.scanSync(Buffer.from(t)));
      const ourP = ours.map((v) => v.addedHeaders.find((h) => h.name === 'X-Spam-BayesP')?.value);
      assert.deepEqual(ourP, saP);
      assert.deepEqual(ours.map((v) => v.testNames.find((n) => /^BAYES_\d\d$/.test(n)) ?? 'none'), saBands);
      // The set is not trivial: both ends of the scale are reached.
      assert.ok(ourP.some((p) => Number(p) > 0.9) && ourP.some((p) => Number(p) < 0.1), ourP.join(' '));
    } finally {
      await engine.close();
    }
    assert.ok(readFileSync(join(root, 'backup.txt'), 'latin1').startsWith('v\t'));
  });
});
