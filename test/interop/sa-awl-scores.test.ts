/**
 * AWL in the headers, against the installed SpamAssassin: a sender's
 * messages scanned in order by `spamassassin -L` (a private HOME holds its
 * AWL store) and by `spamward check -L` (a private data folder) carry the
 * same X-Spam-Status and `_TESTSSCORES_`, where SpamAssassin prints the AWL
 * delta with three decimals (`AWL=1.500`), as the plugin passes it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { reportEntry } from '../helpers/report-entry.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sa-awl-scores-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FLAGS = [
  '--pre=loadplugin Mail::SpamAssassin::Plugin::AWL',
  '--cf=use_auto_welcomelist 1',
  '--cf=report_safe 0',
  '--cf=bayes_auto_learn 0',
  '--cf=add_header all Tests _TESTSSCORES(,)_',
  '--cf=add_header all Rpt _REPORT_',
  // Round scores of this test's own, so the deltas have trailing zeros to print.
  '--cf=score MSGID_SHORT 0',
  '--cf=score RCVD_ILLEGAL_IP 0',
  '--cf=header SW_AWL_CHEAP Subject =~ /cheap/',
  '--cf=score SW_AWL_CHEAP 3',
  '--cf=header SW_AWL_OFFER Subject =~ /offer/',
  '--cf=score SW_AWL_OFFER 1.25',
];

function message(n: number, subject: string): string {
  return [
    'Received: from mx.sender.example (mx.sender.example [198.51.100.9]) by mail.example.net with ESMTP id A1; Tue, 6 Jan 2026 09:00:03 +0000',
    'From: Seller <deals@sender.example>',
    'To: you@example.net',
    `Subject: ${subject}`,
    `Message-ID: <awl-${n}@sender.example>`,
    'Date: Tue, 6 Jan 2026 09:00:00 +0000',
    '',
    'Hello there.',
    '',
  ].join('\n');
}

const SEQUENCE = ['cheap things', 'lunch tomorrow', 'an offer', 'lunch again', 'cheap offer'].map((s, i) => message(i, s));

/** X-Spam-Status, the scores, and the AWL entry of the report (its area is `AWL: `; test/helpers/report-entry.ts). */
function headerLines(out: string): string[] {
  const head = out.slice(0, out.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  const lines = head.split('\n').filter((l) => /^X-Spam-(Status|Tests):/.test(l)).map((l) => l.replace(/\s+$/, ''));
  const report = /^X-Spam-Rpt: (.*)$/m.exec(head)?.[1] ?? '';
  return [...lines, reportEntry(report, 'AWL') ?? 'no AWL entry'];
}

describe('AWL deltas in the headers, as SpamAssassin prints them', () => {
  it('give the same X-Spam-Status and _TESTSSCORES_ over a sender\'s messages', () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const data = join(dir, 'data');
    const rows: string[][] = [];
    for (const msg of SEQUENCE) {
      const sa = spawnSync('spamassassin', ['-L', ...FLAGS], { input: msg, encoding: 'latin1', env: { ...process.env, HOME: home }, timeout: 120_000 });
      if (sa.error) throw new Error(`spamassassin is required (apt-get install spamassassin): ${sa.error.message}`);
      const ours = spawnSync(process.execPath, [CLI, 'check', '-L', '--data-dir', data, ...FLAGS], { input: msg, encoding: 'latin1', timeout: 120_000 });
      assert.equal(ours.status, 0, ours.stderr);
      rows.push(headerLines(sa.stdout), headerLines(ours.stdout));
      assert.deepEqual(headerLines(ours.stdout), headerLines(sa.stdout));
    }
    // Welcomelisting the sender drops its per-IP history too, in both: the next message from the same
    // relay inherits -100 (the old code kept the history and gave this message its old mean).
    const sa = spawnSync('spamassassin', [...FLAGS, '--add-addr-to-welcomelist=deals@sender.example'], { encoding: 'latin1', env: { ...process.env, HOME: home }, timeout: 120_000 });
    assert.equal(sa.status, 0, sa.stderr);
    const ours = spawnSync(process.execPath, [CLI, 'welcomelist', '--add', 'deals@sender.example', '--data-dir', data, ...FLAGS], { encoding: 'latin1', timeout: 120_000 });
    assert.equal(ours.status, 0, ours.stderr);
    const listed = message(9, 'cheap again');
    const saAfter = spawnSync('spamassassin', ['-L', ...FLAGS], { input: listed, encoding: 'latin1', env: { ...process.env, HOME: home }, timeout: 120_000 });
    const oursAfter = spawnSync(process.execPath, [CLI, 'check', '-L', '--data-dir', data, ...FLAGS], { input: listed, encoding: 'latin1', timeout: 120_000 });
    assert.deepEqual(headerLines(oursAfter.stdout), headerLines(saAfter.stdout));
    assert.match(headerLines(saAfter.stdout).join('\n'), /AWL=-51\.500/);
    // Not vacuous: AWL moved scores, with trailing zeros printed.
    assert.ok(rows.some((r) => r.some((l) => /AWL=-?\d+\.\d\d0\b/.test(l))), rows.flat().join('\n'));
    assert.ok(rows.some((r) => r.some((l) => / AWL AWL: /.test(l))), rows.flat().join('\n'));
  });
});
