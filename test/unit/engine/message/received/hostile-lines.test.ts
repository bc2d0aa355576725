/**
 * 8 KB Received lines built to provoke regex backtracking (repeated
 * brackets, `@`, separators, hex groups, `) with ` runs…). Every line must
 * parse in linear-ish time; catastrophic backtracking would take seconds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReceivedLine } from '../../../../../src/engine/message/received/parse-received-line.js';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { headerAddresses } from '../../../../../src/engine/message/received/header-address.js';
import { message, stockConfig } from './relay-fixtures.js';

const SIZE = 8192;
/** Generous bound: loaded CI machines are slow, but quadratic blow-ups on 8 KB take far longer. */
const LIMIT_MS = 100;

function fill(prefix: string, unit: string, suffix = ''): string {
  return (prefix + unit.repeat(Math.ceil(SIZE / unit.length))).slice(0, SIZE - suffix.length) + suffix;
}

const HOSTILE: Record<string, string> = {
  parens: fill('from x ', '('),
  brackets: fill('from x ', '[1.2.3.4'),
  ats: fill('from ', 'a@'),
  authenticated: fill('from a ]) ', '(authenticated '),
  closers: fill('from 12 Jan 2003 10:00http>', ' (Exim]', 'authenticated" with '),
  separators: fill('from x', ' ;', ' y'),
  dates: fill('from x', ' 1 Jan 2003 12:00'),
  hexGroups: fill('from ', 'a:'),
  mapped: fill('from x ([', '::ffff:'),
  qmailWith: fill('from x (1.2.3.4) by y', ' (a) with z'),
  sendmailBy: fill('from a (b [1.2.3.4]', ') by c ('),
  dottedWord: fill('from : (IPv6:', 'SMTPSVC)1.2.3.41.2.3.4', 'a>(qmail-1) with '),
  heloRun: fill('from a (HELO b) (', 'x'),
  envelopeRun: fill('from x ', 'envelope-from='),
  squirrel: fill('from 1.2.3.4 (SquirrelMail authenticated user ', '1.2.3.4 by '),
  localhostAt: fill('from x (', 'a@localhost'),
  spaces: fill('from x', ' \t'),
  fromFrom: fill('from ', 'from '),
};

function fastest(line: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    parseReceivedLine(line);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

for (const [name, line] of Object.entries(HOSTILE)) {
  test(`hostile 8 KB Received line parses quickly: ${name}`, () => {
    assert.equal(line.length, SIZE);
    const ms = fastest(line);
    assert.ok(ms < LIMIT_MS, `${name} took ${ms.toFixed(1)} ms`);
  });
}

test('hostile headers never throw and give a clear result', () => {
  const r = analyzeRelays(message(...Object.values(HOSTILE).map((l) => `Received: ${l}`)), stockConfig());
  assert.equal(r.entries.length, Object.keys(HOSTILE).length);
  for (const e of r.entries) assert.ok(['relay', 'skipped', 'unparseable'].includes(e.status));
});

test('binary junk and control characters do not crash the parser', () => {
  const junk = Array.from({ length: 2048 }, (_, i) => String.fromCharCode((i * 37) % 256)).join('');
  for (const line of [junk, `from ${junk}`, `from x (y [1.2.3.4]) by ${junk}`, '', 'from', '(from', 'FROM ']) {
    const result = parseReceivedLine(line);
    assert.ok(['relay', 'skipped', 'unparseable'].includes(result.kind));
  }
});

const HOSTILE_ADDRESSES: Record<string, string> = {
  repeatedEnclosures: ` <a>${'<a>'.repeat(40)}x`,
  openAngles: fill(' ', '<a'),
  openParens: fill(' a', ' (b'),
  quotes: fill(' ', '"a'),
  manyEntries: fill(' ', 'a@b.example,'),
};

for (const [name, value] of Object.entries(HOSTILE_ADDRESSES)) {
  test(`hostile address header parses quickly: ${name}`, () => {
    headerAddresses(value);
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      headerAddresses(value);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    assert.ok(best < LIMIT_MS, `${name} took ${best.toFixed(1)} ms`);
  });
}
