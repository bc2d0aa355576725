/**
 * The bytes every match must contain, and the guard built from them for
 * patterns without literals: it must never turn away a subject the regex
 * matches, and it keeps V8 from backtracking over subjects that cannot match.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requiredBytes } from '../../../../src/engine/regex/required-bytes.js';
import { buildPattern, guardHolds, mayMatch } from '../../../../src/engine/rules/pattern.js';
import type { PatternSource } from '../../../../src/engine/rules/compiled-types.js';

const chars = (pattern: string, flags = ''): string => String.fromCharCode(...requiredBytes(pattern, flags));

test('required bytes: what every branch and every mandatory piece holds', () => {
  assert.equal(chars(String.raw`^\s*['"]?([^'"]+)['"]? <?\1\@`), ' @');
  assert.equal(chars('a@b|c@d'), '@');
  assert.equal(chars('a@b|cd'), '');
  assert.equal(chars('(?:x:)?y;'), ';y');
  assert.equal(chars('(?=.*%)z'), '%z');
  assert.equal(chars('(?!%)z'), 'z');
  assert.equal(chars('q', 'i'), '');
  assert.equal(chars('[=]{2,}'), '=');
  assert.equal(chars('(unparsable'), '');
});

function pattern(source: string, flags = ''): PatternSource {
  const p = buildPattern(source, flags);
  assert.ok(!('error' in p));
  return p;
}

test('a pattern without literals is guarded by its rarer required bytes', () => {
  const p = pattern(String.raw`^\s*['"]?([^'"]+)['"]? <?\1\@`);
  assert.equal(p.literals, null);
  assert.deepEqual(p.guard, ['@']);
  const spaces = ' '.repeat(6000);
  assert.equal(mayMatch(p, spaces, () => spaces), false);
  assert.equal(guardHolds(p, 'joe <joe@example.com>'), true);
  // A pattern with literals keeps its literal prefilter and has no guard.
  assert.equal(pattern('foo@bar').guard, undefined);
});

test('the guard never turns away a subject the regex matches', () => {
  const sources = [String.raw`^\s*['"]?([^'"]+)['"]? <?\1\@`, String.raw`\d+%`, String.raw`(?:a|b);`, String.raw`<(\w+)>.*</\1>`, String.raw`[#$]{2}`];
  const alphabet = ['a', 'b', ' ', '@', '<', '>', '/', '%', ';', '#', '$', '1', '"', "'"];
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (const source of sources) {
    const p = pattern(source);
    for (let k = 0; k < 3000; k++) {
      const s = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
      const re = p.regex!;
      re.lastIndex = 0;
      if (re.test(s)) assert.ok(guardHolds(p, s), `${source} matches ${JSON.stringify(s)}`);
    }
  }
});
