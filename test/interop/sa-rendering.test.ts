/**
 * Header and report rendering byte for byte against the installed
 * SpamAssassin: the same fixture and configuration go through
 * `spamassassin -L -t` and through Spamward's engine, and the outputs must be
 * identical except for what differs by design (the Checker-Version product
 * name, and the report_safe boundary and date, which are random/time-based).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/render/', import.meta.url));
const BASE_CF = ['use_bayes 0', 'bayes_auto_learn 0'];

const MIXED_EOL_RULES = [
  'full SW_MBOX_LINE_SEEN /^From sender@example\\.org  /',
  'score SW_MBOX_LINE_SEEN 0.1',
  'full SW_TO_ENDS_CRLF /^From: [^\\r\\n]*\\r\\n/m',
  'score SW_TO_ENDS_CRLF 0.1',
];

interface Case {
  name: string;
  fixture: string;
  cf: string[];
}

const CASES: Case[] = [
  { name: 'ham with Return-Path first and forged X-Spam headers', fixture: 'ham-return-path.eml', cf: [] },
  { name: 'GTUBE spam wrapped by report_safe 1', fixture: 'spam-plain-gtube.eml', cf: [] },
  { name: 'GTUBE spam with report_safe 0 and a Subject rewrite', fixture: 'spam-plain-gtube.eml', cf: ['report_safe 0', 'rewrite_header Subject [SPAM _SCORE_]'] },
  { name: 'HTML spam: attachment disposition and the unsafe report', fixture: 'spam-html-gtube.eml', cf: [] },
  { name: 'HTML spam with report_safe 2 and From/To rewrites', fixture: 'spam-html-gtube.eml', cf: ['report_safe 2', 'rewrite_header From spam', 'rewrite_header To spam'] },
  { name: 'CRLF ham keeps CRLF in the added headers', fixture: 'crlf-ham.eml', cf: [] },
  { name: 'an empty message, read as a single newline, wrapped by report_safe 1', fixture: 'empty.eml', cf: [] },
  // CRLF mode (the first header line ends in CR LF): SpamAssassin repairs the header section's bare LFs in what
  // `full` rules read and in the attached original, and neither holds the mbox From_ line.
  { name: 'mixed line ends after an mbox line: full rules and the attached original', fixture: 'mixed-eol-mbox.eml', cf: MIXED_EOL_RULES },
  { name: 'mixed line ends after an mbox line, report_safe 0', fixture: 'mixed-eol-mbox.eml', cf: ['report_safe 0', ...MIXED_EOL_RULES] },
  // The last header has no newline, so the pristine-header pattern misses it: SpamAssassin copies its decoded value.
  { name: 'a message cut off inside its last header, wrapped by report_safe 1', fixture: 'cut-in-last-header.eml', cf: ['required_score 1'] },
  // report_safe decides the disposition from the last Content-Type's decoded value, which an empty field still has.
  { name: 'an empty last Content-Type field makes the original an attachment', fixture: 'empty-last-content-type.eml', cf: ['required_score 1'] },
  { name: 'X-Spam-Report header and custom headers', fixture: 'spam-plain-gtube.eml', cf: ['report_safe 0', 'add_header all Report _REPORT_', 'add_header all Tests _TESTSSCORES(,)_'] },
];

function runSpamAssassin(fixture: Buffer, cf: string[]): Promise<Buffer> {
  const args = ['-L', '-t', '-x', ...[...BASE_CF, ...cf].map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      if (err && !stdout.length) reject(new Error(`spamassassin failed (is Debian's spamassassin installed? apt-get install -y spamassassin): ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(fixture);
  });
}

/**
 * SpamAssassin lists hits in the order rules ran, and within one priority and
 * rule type that order is Perl's hash order: it changes from run to run. So
 * each block of report lines is compared as a sorted set of entries.
 */
function sortHitEntries(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let block: string[][] = [];
  const flush = () => {
    out.push(...block.sort((a, b) => a.join('\n').localeCompare(b.join('\n'))).flat());
    block = [];
  };
  for (const line of lines) {
    const start = /^(\t?\* |\s*)-?\d+(\.\d)? [A-Z_0-9]+ /.test(line);
    const continuation = /^( {28}|\t?\*      )\S/.test(line) && block.length > 0;
    if (start) block.push([line]);
    else if (continuation) block[block.length - 1]?.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/** Blank out what differs by design: product name, report_safe boundary, markup date; sort hit lists. */
function normalize(out: Buffer): string {
  const text = out
    .toString('latin1')
    .replace(/^(X-Spam-Checker-Version: )[^\r\n]*(\r?\n\t[^\r\n]*)*/m, '$1<checker>')
    .replace(/----------=_[0-9A-F]{8}\.[0-9A-F]{8}(?:\/[0-9A-F]{8})*/g, '<boundary>')
    .replace(/(with SpamAssassin \(version [^)]*\);\r?\n\t)[^\r\n]+/, '$1<date>');
  return sortHitEntries(text);
}

let engines: Map<string, SpamwardEngine>;

before(async () => {
  engines = new Map();
  for (const c of CASES) {
    const key = c.cf.join('\n');
    if (!engines.has(key)) engines.set(key, await createEngine({ localTestsOnly: true, noUserConfig: true, cfLines: [...BASE_CF, ...c.cf] }));
  }
});

for (const c of CASES) {
  test(`rendering matches SpamAssassin: ${c.name}`, { timeout: 180_000 }, async () => {
    const raw = readFileSync(FIXTURES + c.fixture);
    const expected = await runSpamAssassin(raw, c.cf);
    const engine = engines.get(c.cf.join('\n'));
    assert.ok(engine);
    const verdict = engine.scanSync(raw);
    const ours = Buffer.concat([verdict.rewrittenMessage(), Buffer.from(verdict.report, 'latin1')]);
    assert.equal(normalize(ours), normalize(expected));
  });
}
