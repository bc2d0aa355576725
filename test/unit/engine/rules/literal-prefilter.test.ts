import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPattern } from '../../../../src/engine/rules/pattern.js';
import type { PatternSource } from '../../../../src/engine/rules/compiled-types.js';
import { Haystack } from '../../../../src/engine/rules/haystack.js';
import { LiteralAutomaton } from '../../../../src/engine/rules/literal-automaton.js';
import { TextLiteralIndex } from '../../../../src/engine/rules/literal-index.js';

function occurrences(literals: string[], text: string): string[] {
  const out: string[] = [];
  for (const [id, lit] of literals.entries()) {
    for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + 1)) out.push(`${id}@${i + lit.length - 1}`);
  }
  return out.sort();
}

/** The automaton's report on each text, against a plain search for every literal. */
function assertAgreesWithPlainSearch(literals: string[], texts: string[]): void {
  const automaton = LiteralAutomaton.build(literals);
  for (const text of texts) {
    const seen: string[] = [];
    automaton.scan(text, (id, end) => seen.push(`${id}@${end}`));
    assert.deepEqual(seen.sort(), occurrences(literals, text));
  }
}

test('the automaton reports every occurrence of every literal, overlapping ones included', () => {
  assertAgreesWithPlainSearch(['he', 'she', 'his', 'hers', 'e', 'ushe', 'he', '\xe9t\xe9'], ['ushers, she said; his hers\xe9t\xe9 h\u0100e']);
});

test('the automaton agrees with a plain search on random byte texts', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const word = (len: number) => Array.from({ length: len }, () => 'abc\xff'[rand(4)]).join('');
  const literals = Array.from({ length: 40 }, () => word(1 + rand(4)));
  assertAgreesWithPlainSearch(literals, Array.from({ length: 20 }, () => word(200)));
});

test('an automaton of thousands of literals agrees with a plain search', () => {
  // 3,000 literals over 40 letters: thousands of states and long failure chains.
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN';
  let seed = 11;
  // The high bits: the low ones of this generator repeat within a few dozen draws.
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 12) % n;
  const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  const literals = Array.from({ length: 3000 }, () => word(1 + rand(5)));
  assertAgreesWithPlainSearch(literals, Array.from({ length: 5 }, () => word(1500)));
});

function rule(pattern: string, flags: string): { pattern: PatternSource; literalIds?: Int32Array } {
  const built = buildPattern(pattern, flags);
  assert.ok(!('error' in built));
  return { pattern: built };
}

test('a rule runs only on the lines that hold one of its literals, case-folded for /i', () => {
  const viagra = rule('buy\\s+viagra', 'i');
  const price = rule('(?:price|cost) list', '');
  const loose = rule('\\w+', '');
  const index = new TextLiteralIndex([viagra, price, loose]);
  const lines = ['Subject line', 'please BUY  VIAGRA now', 'the cost list', 'nothing', 'buy viagra and see our price list'];
  const hay = new Haystack(lines, index);
  assert.deepEqual(hay.candidateLines(viagra.literalIds!), [1, 4]);
  assert.deepEqual(hay.candidateLines(price.literalIds!), [2, 4]);
  assert.equal(loose.literalIds, undefined);
});

test('a long literal list (an RE2 set gate) names the same lines as asking about each literal', () => {
  // 60 rules, each needing one word; a gate joins all their literal ids.
  const words = Array.from({ length: 60 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);
  const rules = words.map((w, i) => rule(w, i % 2 === 0 ? 'i' : ''));
  const index = new TextLiteralIndex(rules);
  const gate = Int32Array.from(new Set(rules.flatMap((r) => [...r.literalIds!])));
  assert.ok(gate.length > 32, 'long enough for the found-literals path');
  const lines = ['nothing here', `a ${words[3]} b`, `${words[10]!.toUpperCase()} and ${words[59]}`, 'more nothing', `${words[3]} again ${words[20]}`, words[11]!];
  const hay = new Haystack(lines, index);
  const expected = [...new Set(rules.flatMap((r) => [...hay.candidateLines(r.literalIds!)]))].sort((a, b) => a - b);
  assert.deepEqual(expected, [1, 2, 4, 5]);
  assert.deepEqual([...hay.candidateLines(gate)], expected);
  assert.deepEqual([...new Haystack(['none at all'], index).candidateLines(gate)], []);
});

test('case-folded literals are found as in the lower-cased text, codes above 255 included', () => {
  const key = rule('key', 'i');
  const index = new TextLiteralIndex([key]);
  // Latin-1 is read lower-cased in place; the Kelvin sign (U+212A) lower-cases to "k", which only
  // lower-casing the string itself finds.
  const lines = ['KEY', 'no', '\u212Aey', 'k\u0100ey', '\xc0 keY'];
  assert.deepEqual([...new Haystack(lines, index).candidateLines(key.literalIds!)], [0, 2, 4]);
});

test('a literal that spans the join of two lines only adds a candidate, never hides one', () => {
  const r = rule('ab', '');
  const index = new TextLiteralIndex([r]);
  // "xa\nbx\nab": the join holds no "ab" across lines here, so only the real line is a candidate.
  assert.deepEqual(new Haystack(['xa', 'bx', 'ab'], index).candidateLines(r.literalIds!), [2]);
  const joinedHit = new Haystack(['xab', 'abx'], index).candidateLines(r.literalIds!);
  assert.deepEqual(joinedHit, [0, 1]);
});

test('template patterns keep the literals around the template and build each tag value once', async () => {
  const { instantiatePattern } = await import('../../../../src/engine/rules/pattern.js');
  const p = buildPattern('^https?://storage\\.example\\.com/.{4,128}#%{TO_ADDR}', 'i');
  assert.ok(!('error' in p));
  assert.ok(p.literals?.every((l) => l.includes('storage.example.com')), String(p.literals));
  const tag = (v: string) => (name: string) => (name === 'TO_ADDR' ? v : undefined);
  const a = instantiatePattern(p, tag('a@example.com'));
  assert.ok(a?.test('https://storage.example.com/abcd#a@example.com'));
  assert.equal(instantiatePattern(p, tag('a@example.com')), a);
  assert.equal(instantiatePattern(p, tag('')), undefined);
});

test('a template every match passes through lets a rule be skipped when no line holds a tag value', async () => {
  const { templateValuesAbsent } = await import('../../../../src/engine/rules/pattern.js');
  const required = buildPattern('^https?://.{10,128}(?:\\.html?|/)?(?:#|\\?&e=)%{TO_ADDR}', 'i');
  const optional = buildPattern('(?:foo|%{TO_ADDR})bar', 'i');
  assert.ok(!('error' in required) && !('error' in optional));
  assert.equal(required.templateRequired, true);
  assert.equal(optional.templateRequired, false);
  const tag = (name: string) => (name === 'TO_ADDR' ? 'x@example.com y@example.org' : undefined);
  const lines = ['http://a.example/page#Y@EXAMPLE.ORG', 'http://b.example/'];
  assert.equal(templateValuesAbsent(required, tag, lines, undefined), false);
  assert.equal(templateValuesAbsent(required, tag, lines, [1]), true);
  assert.equal(templateValuesAbsent(optional, tag, lines, [1]), false);
});
