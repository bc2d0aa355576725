/**
 * The internal address parser's list items, matched by hand
 * (address-angle-branch.ts, listItemAt), against the single regex they
 * replace: on random values short enough for the regex's backtracking to
 * finish, every item of the list must come out the same (captures and
 * length); and a value that made the regex backtrack for minutes is parsed
 * at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listItemAt, listItemMatcher, parseHeaderAddresses } from '../../../../src/engine/message/address-parse.js';
import { seededRandom } from '../../../../src/util/seeded-random.js';

// The regex of SpamAssassin's `$header_address_re` as Spamward ran it before (the reference).
const W = '\\t\\n\\x0b\\f\\r ';
const SP = `[${W}]`;
const NSP = `[^${W}]`;
const QS = '"(?:[^"\\\\]|\\\\[^\\n])*"';
const MAILRE = `(?:${QS}|[^@${W}<>()\\[\\],:;]+)@(?:[^"${W}<>()\\[\\],:;]+|\\[[\\d:.]+\\])`;
const phrase = (tag: string): string => `(?:${QS}|(?=(?<${tag}>[^",;<]+))\\k<${tag}>)+`;
const COMMENT_BODY = '(?:[^()\\\\]|\\\\[^\\n])*';
const REFERENCE = new RegExp(
  `^${SP}*(?:` +
    `(?:(?<p1>${phrase('x1')})${SP}*)?<(?=[^>]*>)${SP}*(?<a2>[^>@]*${NSP}+|${SP}*)${SP}*>(?:${SP}*<${SP}*(?:(?:${QS})?${NSP}+|${SP}*)${SP}*>)*` +
    `|(?:(?<a3>${MAILRE})|(?<p4>${phrase('x2')}))` +
    `)(?:${SP}*\\((?<c5>${COMMENT_BODY})\\))?${SP}*(?:[,;]|$)`,
  'i',
);

interface Item { groups: Record<string, string | undefined>; end: number }

function referenceItems(s: string): Item[] {
  const out: Item[] = [];
  let at = 0;
  for (let guard = 0; guard < 100; guard++) {
    const m = REFERENCE.exec(s.slice(at));
    if (!m || m[0].length === 0) break;
    const g = m.groups ?? {};
    at += m[0].length;
    out.push({ groups: { p1: g.p1, a2: g.a2, a3: g.a3, p4: g.p4, c5: g.c5 }, end: at });
  }
  return out;
}

function handItems(s: string): Item[] {
  const out: Item[] = [];
  const angled = listItemMatcher(s);
  let at = 0;
  for (let guard = 0; guard < 100; guard++) {
    const m = listItemAt(s, at, angled);
    if (!m || m.end === at) break;
    at = m.end;
    out.push({ groups: { p1: m.groups.p1, a2: m.groups.a2, a3: m.groups.a3, p4: m.groups.p4, c5: m.groups.c5 }, end: at });
  }
  return out;
}

// Weighted towards what the branch turns on: brackets, quotes, escapes, spaces, separators, comments.
const PIECES = ['<', '>', '<', '>', '@', 'a', 'b', ' ', ' ', '"', '\\', ',', ';', '(', ')', '\n', 'x@y', '<a@b>', '.', ':', '[', ']', '\t', '\u00e9'];

test('list items match the regex they replace on 100,000 random values', () => {
  const next = seededRandom(20261127);
  let differing = 0;
  const examples: string[] = [];
  for (let n = 0; n < 100_000; n++) {
    const length = 1 + Math.floor(next() * 14);
    let s = '';
    for (let k = 0; k < length; k++) s += PIECES[Math.floor(next() * PIECES.length)];
    const want = referenceItems(s);
    const got = handItems(s);
    try {
      assert.deepEqual(got, want);
    } catch {
      differing++;
      if (examples.length < 5) examples.push(JSON.stringify(s));
    }
  }
  assert.equal(differing, 0, `values parsed differently, e.g. ${examples.join(', ')}`);
});

test('hand-picked values: the same items as the regex', () => {
  for (const s of [
    '<a@b><c@d>',
    '"x" <a@b> <c@d>, e <f@g>',
    '<a@b> (c), d@e; "f" <g@h>',
    '< a >< b >',
    '<"q r"s><t>',
    '<a>b>c>,',
    'x <a@b>> y',
    '<>',
    '< >',
    '<a@b><',
    'p <a@b><c',
    '<a><b> (c) ;',
  ]) {
    assert.deepEqual(handItems(s), referenceItems(s), JSON.stringify(s));
  }
});

test('a run of brackets the regex took minutes over is parsed at once', () => {
  // 22 of these and a stray `<` cost the regex 1.9 s; each one more doubled it. SpamAssassin's Perl answers at once.
  const value = '<a@b>'.repeat(1640) + '<';
  const started = process.hrtime.bigint();
  const parsed = parseHeaderAddresses(value);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(parsed.length, 1640);
  assert.equal(parsed[0]?.address, 'a@b');
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});
