/**
 * What an auto-learn stores, against the installed SpamAssassin: a ham whose
 * mailing-list footer has the list address on its own line before an
 * `https:` line. FreeMail's body check strips that address from the body-rule
 * text during the scan; SpamAssassin's auto-learn then parses the URIs again
 * from that stripped text (no `mailto:` URI tokens), while its visible body
 * text, a separate array, keeps the address (the `U*`/`D*` tokens). Both
 * stores, fresh, are compared token by token after one scan each.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const HAM = [
  'Received: from mail.lists.example.org (mail.lists.example.org [64.142.3.172]) by mx.example.net with ESMTP id A1; Tue, 6 Jan 2026 09:00:01 +0000',
  'From: Carol <carol@example.org>',
  'To: sightings@lists.example.org',
  'Subject: Re: the patch review on Friday',
  'Date: Tue, 6 Jan 2026 09:00:00 +0000',
  'Message-ID: <footer-ham-1@example.org>',
  '',
  'I looked at the patch and left two notes on the review; the kernel part is fine.',
  'See you at the meeting on Friday.',
  '',
  '_______________________________________________',
  'Sightings mailing list',
  'Sightings@lists.example.org',
  'https://lists.example.org/listinfo/sightings',
  '',
].join('\n');

const CF = [
  'use_bayes 1',
  'bayes_auto_learn 1',
  'bayes_auto_learn_threshold_nonspam 1',
  // The FreeMail body check is what strips the footer address; a rule of this test's own makes sure it runs.
  'freemail_domains freemail.example',
  'header SW_FM_BODY eval:check_freemail_body()',
  'score SW_FM_BODY 0.001',
];

/** Token lines of a sa-learn backup (hash, spam count, ham count, atime), sorted. */
function tokenLines(backup: string): string[] {
  return backup.split('\n').filter((l) => l.startsWith('t\t')).map((l) => l.split('\t').slice(1).join('\t')).sort();
}

const dir = mkdtempSync(join(tmpdir(), 'spamward-autolearn-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an auto-learned message stores the tokens SpamAssassin\'s auto-learn stores', { timeout: 180_000 }, async () => {
  const bayesPath = join(dir, 'sa', 'bayes');
  const sa = spawnSync('spamassassin', ['-L', '-x', ...[...CF, `bayes_path ${bayesPath}`].map((c) => `--cf=${c}`)], { input: HAM, encoding: 'latin1', timeout: 120_000 });
  if (sa.error) throw new Error(`spamassassin is required for this test (apt-get install -y spamassassin): ${sa.error.message}`);
  assert.match(sa.stdout, /autolearn=ham/, 'SpamAssassin auto-learned the message as ham');
  const saBackup = spawnSync('sa-learn', ['--dbpath', bayesPath, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.equal(saBackup.status, 0, saBackup.stderr);

  const dataDir = join(dir, 'sw');
  const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir, cfLines: CF });
  try {
    const v = await engine.scan(Buffer.from(HAM, 'latin1'));
    assert.equal(v.autolearn, 'ham');
  } finally {
    await engine.close();
  }
  const ours = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', dataDir, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.equal(ours.status, 0, ours.stderr);
  const theirs = tokenLines(saBackup.stdout);
  assert.ok(theirs.length > 50, `SpamAssassin stored ${theirs.length} tokens`);
  assert.deepEqual(tokenLines(ours.stdout), theirs);
});
