/**
 * The details some evals add under their rule's report line (PerMsgStatus
 * `test_log`): FreeMail's addresses, `@` written `(at)`, cut into pieces of
 * 30-48 characters when long; WLBLEval's listed URI host; `*REDACTED*` for a
 * rule with tflags nolog. Compared with the installed SpamAssassin, in the
 * long form (`spamassassin -t`, `_SUMMARY_`) and the terse one
 * (`_REPORT_`, here in an X-Spam-Report header). SpamAssassin lists the rules
 * in an order that changes from run to run (Perl hash order), so
 * each rule's block is compared, not the order.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';

const CF = [
  'use_bayes 0',
  'bayes_auto_learn 0',
  'report_safe 0',
  'add_header all Report _REPORT_',
  'freemail_domains freemail.example',
  'header SW_FM_FROM eval:check_freemail_from()',
  'score SW_FM_FROM 0.01',
  "header SW_FM_REPLYTO eval:check_freemail_replyto('replyto')",
  'score SW_FM_REPLYTO 0.01',
  "header SW_FM_HIDDEN eval:check_freemail_header('From')",
  'score SW_FM_HIDDEN 0.01',
  'tflags SW_FM_HIDDEN nolog',
  'enlist_uri_host (SWLIST) a-domain-long-enough-to-cut.com',
  "header SW_URI_LISTED eval:check_uri_host_listed('SWLIST')",
  'score SW_URI_LISTED 0.01',
];

const MESSAGE = Buffer.from(
  [
    'From: Pat <pat.with.a.rather.long.local.part@freemail.example>',
    'Reply-To: Chris <chris.also.using.a.long.local.part@freemail.example>',
    'To: reader@example.org',
    'Subject: the file you asked for',
    'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    'Message-ID: <report-details-1@example.org>',
    '',
    'It is at http://www.a-domain-long-enough-to-cut.com/file for a week.',
    '',
  ].join('\n'),
  'latin1',
);

/** Each SW_ rule's block of lines (its line and the detail and wrap lines under it), by rule name. */
function blocks(text: string, ruleLine: RegExp, continuation: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name?.startsWith('SW_')) out.set(name, lines.join('\n'));
    name = undefined;
    lines = [];
  };
  for (const line of text.split('\n')) {
    const m = ruleLine.exec(line);
    if (m) {
      flush();
      name = m[1];
      lines = [line];
    } else if (name !== undefined && continuation.test(line)) lines.push(line);
    else flush();
  }
  flush();
  return out;
}

/** The long form: `  0.0 NAME   description` lines, details indented below (or from the margin when longer than 78). */
const longBlocks = (summary: string) => blocks(summary, /^\s*-?\d+\.\d+ ([A-Z0-9_]+)/, /^(?: {20,}\S|\[)/);
/** The terse form (unfolded X-Spam-Report): `* 0.0 NAME description`, details on `*      [` lines or bare `[` lines. */
const terseBlocks = (report: string) => blocks(report, /^\*\s+-?\d+\.\d+ ([A-Z0-9_]+)/, /^(?:\*\s{6}|\[)/);

function spamAssassin(raw: Buffer): Promise<{ summary: string; report: string }> {
  const args = ['-L', '-t', '-x', ...CF.map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const out = stdout.toString('latin1');
      if (err && !out) {
        reject(new Error(`spamassassin failed (apt-get install -y spamassassin): ${err.message}\n${stderr}`));
        return;
      }
      const header = /^X-Spam-Report: ?([\s\S]*?)\n(?=\S)/m.exec(out);
      const summary = out.slice(out.indexOf('Content analysis details:'));
      if (!header || summary === '') reject(new Error(`no report in spamassassin's output:\n${out}`));
      else resolve({ summary, report: header[1]!.replace(/\n\t/g, '\n') });
    });
    child.stdin?.end(raw);
  });
}

test('report details under the rule lines, as SpamAssassin writes them', async () => {
  const engine = await createEngine({ localTestsOnly: true, cfLines: CF });
  try {
    const v = engine.scanSync(MESSAGE, { wantReport: true });
    const ourReport = v.addedHeaders.find((h) => h.name === 'X-Spam-Report')?.value ?? '';
    const sa = await spamAssassin(MESSAGE);
    const saLong = longBlocks(sa.summary);
    const saTerse = terseBlocks(sa.report);
    assert.deepEqual([...saLong.keys()].sort(), ['SW_FM_FROM', 'SW_FM_HIDDEN', 'SW_FM_REPLYTO', 'SW_URI_LISTED'], sa.summary);
    assert.match(saLong.get('SW_FM_HIDDEN') ?? '', /\[\*REDACTED\*\]/);
    // `URI: host (entry)` has a space 30-48 characters in: SpamAssassin cuts the detail there, one piece a line.
    assert.match(saLong.get('SW_URI_LISTED') ?? '', /\[URI: www\.a-domain-long-enough-to-cut\.com\]\n +\[\(a-domain-long-enough-to-cut\.com\)\]/);
    // The reply-to detail has no such space: one piece, longer than the 78 columns it would be aligned in.
    assert.match(saLong.get('SW_FM_REPLYTO') ?? '', /\n\[pat\.with\.a\.rather\.long\.local\.part\(at\)freemail\.example -> chris\./);
    assert.deepEqual(longBlocks(v.report ?? ''), saLong);
    assert.deepEqual(terseBlocks(ourReport.replace(/\n\t/g, '\n')), saTerse);
  } finally {
    await engine.close();
  }
});
