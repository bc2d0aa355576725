/**
 * With TextCat loaded, SpamAssassin's scan adds X-Languages and
 * X-Languages-Length to the message metadata that Bayes tokenizes with the
 * headers: an auto-learn stores tokens of them. Both stores, fresh, are
 * compared token by token after one scan of the same ham each.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';
import { autoLearnedTokens, backupTokenLines } from '../helpers/sa-auto-learn.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const HAM = [
  'Received: from mail.example.org (mail.example.org [64.142.3.172]) by mx.example.net with ESMTP id A1; Tue, 6 Jan 2026 09:00:01 +0000',
  'From: Carol <carol@example.org>',
  'To: dave@example.net',
  'Subject: Re: the garden party',
  'Date: Tue, 6 Jan 2026 09:00:00 +0000',
  'Message-ID: <textcat-bayes-1@example.org>',
  '',
  'Thanks for organising the garden party last weekend. The children loved the games by the pond,',
  'and my mother is still talking about your lemon cake. Next time we will bring the folding chairs',
  'and a few more lanterns, so that nobody has to sit on the grass when it gets dark and cold.',
  'Let me know when you are free for a walk along the river; the weather should stay dry all week.',
  '',
].join('\n');

const CF = [
  'loadplugin Mail::SpamAssassin::Plugin::TextCat',
  'use_bayes 1',
  'bayes_auto_learn 1',
  'bayes_auto_learn_threshold_nonspam 1',
  'add_header all Lang _LANGUAGES_',
];

const dir = mkdtempSync(join(tmpdir(), 'spamward-textcat-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an auto-learn stores the X-Languages tokens SpamAssassin stores', { timeout: 180_000 }, async () => {
  const { saStdout, theirs, ours } = await autoLearnedTokens(HAM, CF, dir);
  assert.match(saStdout, /^X-Spam-Lang: en$/m, 'the text was classified');
  assert.ok(theirs.length > 50, `SpamAssassin stored ${theirs.length} tokens`);
  assert.deepEqual(ours, theirs);
});

/** A fresh database's token lines after learning HAM; `prefix` selects the program's learn command, `args` its options. */
function learnedBy(cmd: string, prefix: string[], args: string[], dbFlag: string[]): string[] {
  const learned = spawnSync(cmd, [...prefix, ...args, ...dbFlag, '--ham', join(dir, 'ham.eml')], { encoding: 'latin1', timeout: 120_000 });
  if (learned.error) throw new Error(`${cmd} could not be run (sa-learn: apt-get install -y spamassassin): ${learned.error.message}`);
  assert.equal(learned.status, 0, learned.stderr);
  const backup = spawnSync(cmd, [...prefix, ...dbFlag, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.equal(backup.status, 0, backup.stderr);
  return backupTokenLines(backup.stdout);
}

test('sa-learn, spamward learn (serial and with a worker) and Engine.learn store the same X-Languages tokens', { timeout: 240_000 }, async () => {
  writeFileSync(join(dir, 'ham.eml'), HAM);
  const loadTextCat = '--cf=loadplugin Mail::SpamAssassin::Plugin::TextCat';
  const theirs = learnedBy('sa-learn', [], ['-L', loadTextCat], ['--dbpath', join(dir, 'sa-learn', 'bayes')]);
  const without = learnedBy('sa-learn', [], ['-L'], ['--dbpath', join(dir, 'sa-learn-plain', 'bayes')]);
  assert.ok(theirs.length > without.length, 'with TextCat sa-learn stores the languages too');
  for (const jobs of ['0', '1']) {
    assert.deepEqual(learnedBy(process.execPath, [CLI, 'learn'], ['-L', '--jobs', jobs, loadTextCat], ['--dbpath', join(dir, `sw-learn-${jobs}`)]), theirs, `--jobs ${jobs}`);
  }
  const dataDir = join(dir, 'sw-engine-learn');
  const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir, cfLines: ['loadplugin Mail::SpamAssassin::Plugin::TextCat'] });
  try {
    assert.deepEqual(await engine.learn(Buffer.from(HAM, 'latin1'), 'ham'), { learned: true });
  } finally {
    await engine.close();
  }
  const ours = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', dataDir, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.deepEqual(backupTokenLines(ours.stdout), theirs, 'Engine.learn (spamd TELL)');
});
