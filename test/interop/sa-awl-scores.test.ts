/**
 * AWL in the headers, against the installed SpamAssassin: a sender's
 * messages scanned in order by `spamassassin -L` (a private HOME holds its
 * AWL store) and by `spamward check -L` (a private data folder) carry the
 * same X-Spam-Status and `_TESTSSCORES_`, where SpamAssassin prints the AWL
 * delta with three decimals (`AWL=1.500`), as the plugin passes it.
 * Both programs read only this test's rules (test/helpers/mini-rules.ts),
 * which write out the AWL rule and the Status header the stock set would
 * give; each message goes to both at once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { miniRules } from '../helpers/mini-rules.js';
import { reportEntry } from '../helpers/report-entry.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sa-awl-scores-'));
const RULES = miniRules([]);
after(() => {
  rmSync(dir, { recursive: true, force: true });
  RULES.remove();
});

const FLAGS = [
  `--configpath=${RULES.rules}`,
  `--siteconfigpath=${RULES.site}`,
  '--pre=loadplugin Mail::SpamAssassin::Plugin::AWL',
  // What the stock 60_awl.cf and 10_default_prefs.cf give, which the mini rule set lacks: the AWL rule
  // and the Status header.
  '--cf=header AWL eval:check_from_in_auto_welcomelist()',
  '--cf=describe AWL Adjusted score from AWL reputation of From: address',
  '--cf=tflags AWL userconf noautolearn',
  '--cf=priority AWL 1000',
  '--cf=add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"',
  '--cf=required_score 5',
  '--cf=use_auto_welcomelist 1',
  '--cf=report_safe 0',
  '--cf=bayes_auto_learn 0',
  '--cf=add_header all Tests _TESTSSCORES(,)_',
  '--cf=add_header all Rpt _REPORT_',
  // Round scores of this test's own, so the deltas have trailing zeros to print.
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

/** A program's run side by side with the other's: exit status and output as latin1 text. */
async function ran(cmd: string, args: string[], input: string, env?: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await run(cmd, args, input, 120_000, env);
  return { status: r.code, stdout: r.stdout.toString('latin1'), stderr: r.stderr };
}

/** X-Spam-Status, the scores, and the AWL entry of the report (its area is `AWL: `; test/helpers/report-entry.ts). */
function headerLines(out: string): string[] {
  const head = out.slice(0, out.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  const lines = head.split('\n').filter((l) => /^X-Spam-(Status|Tests):/.test(l)).map((l) => l.replace(/\s+$/, ''));
  const report = /^X-Spam-Rpt: (.*)$/m.exec(head)?.[1] ?? '';
  return [...lines, reportEntry(report, 'AWL') ?? 'no AWL entry'];
}

describe('AWL deltas in the headers, as SpamAssassin prints them', () => {
  it('give the same X-Spam-Status and _TESTSSCORES_ over a sender\'s messages', async () => {
    requireProgram('spamassassin', 'spamassassin');
    const home = join(dir, 'home');
    mkdirSync(home);
    const saEnv = { ...process.env, HOME: home };
    const data = join(dir, 'data');
    const rows: string[][] = [];
    for (const msg of SEQUENCE) {
      const [sa, ours] = await Promise.all([ran('spamassassin', ['-L', ...FLAGS], msg, saEnv), ran(process.execPath, [CLI, 'check', '-L', '--data-dir', data, ...FLAGS], msg)]);
      assert.equal(sa.status, 0, sa.stderr);
      assert.equal(ours.status, 0, ours.stderr);
      rows.push(headerLines(sa.stdout), headerLines(ours.stdout));
      assert.deepEqual(headerLines(ours.stdout), headerLines(sa.stdout));
    }
    // Welcomelisting the sender drops its per-IP history too, in both: the next message from the same
    // relay inherits -100 (the old code kept the history and gave this message its old mean).
    const [sa, ours] = await Promise.all([
      ran('spamassassin', [...FLAGS, '--add-addr-to-welcomelist=deals@sender.example'], '', saEnv),
      ran(process.execPath, [CLI, 'welcomelist', '--add', 'deals@sender.example', '--data-dir', data, ...FLAGS], ''),
    ]);
    assert.equal(sa.status, 0, sa.stderr);
    assert.equal(ours.status, 0, ours.stderr);
    const listed = message(9, 'cheap again');
    const [saAfter, oursAfter] = await Promise.all([ran('spamassassin', ['-L', ...FLAGS], listed, saEnv), ran(process.execPath, [CLI, 'check', '-L', '--data-dir', data, ...FLAGS], listed)]);
    assert.deepEqual(headerLines(oursAfter.stdout), headerLines(saAfter.stdout));
    assert.match(headerLines(saAfter.stdout).join('\n'), /AWL=-51\.500/);
    // Not vacuous: AWL moved scores, with trailing zeros printed.
    assert.ok(rows.some((r) => r.some((l) => /AWL=-?\d+\.\d\d0\b/.test(l))), rows.flat().join('\n'));
    assert.ok(rows.some((r) => r.some((l) => / AWL AWL: /.test(l))), rows.flat().join('\n'));
  });
});
