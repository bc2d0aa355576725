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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { autoLearnedTokens } from '../helpers/sa-auto-learn.js';

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

const dir = mkdtempSync(join(tmpdir(), 'spamward-autolearn-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an auto-learned message stores the tokens SpamAssassin\'s auto-learn stores', { timeout: 180_000 }, async () => {
  const { theirs, ours } = await autoLearnedTokens(HAM, CF, dir);
  assert.ok(theirs.length > 50, `SpamAssassin stored ${theirs.length} tokens`);
  assert.deepEqual(ours, theirs);
});
