import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiterals } from '../../../../src/engine/regex/required-literals.js';
import { compilePerlRegex } from '../../../../src/engine/regex/translate.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';
import { SeededRandom } from '../../../fixtures/regex/random.js';
import { sampleMatch, flipCase } from '../../../fixtures/regex/sampler.js';

test('a plain literal is required as is', () => {
  assert.deepEqual(requiredLiterals('hello world', ''), ['hello world']);
});

test('/i literals are lower-cased, including Latin-1 letters', () => {
  assert.deepEqual(requiredLiterals('Caf\\xC9', 'i'), ['caf\xE9']);
});

test('top-level alternation yields one literal per branch', () => {
  assert.deepEqual(requiredLiterals('viagra|cialis\\d*', 'i'), ['viagra', 'cialis']);
});

test('any optional branch or optional-only pattern gives null', () => {
  assert.equal(requiredLiterals('x*', ''), null);
  assert.equal(requiredLiterals('(foo|)', ''), null);
});

test('small classes multiply out into exact alternatives; wide ones still say something sound', () => {
  assert.deepEqual(requiredLiterals('foo|\\d+', '')?.sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'foo']);
  assert.deepEqual(requiredLiterals('[ab][cd]x', '')?.sort(), ['acx', 'adx', 'bcx', 'bdx']);
  // Any single byte: sound, and too weak for the engine's prefilter, which ignores one-byte literals.
  assert.equal(requiredLiterals('.', '')?.length, 255);
});

test('the longest required piece of a sequence is chosen', () => {
  assert.deepEqual(requiredLiterals('\\bfree\\s+money\\b', 'i'), ['money']);
  assert.deepEqual(requiredLiterals('^Subject: (?:re: )?cheap', ''), ['Subject: ']);
  assert.deepEqual(requiredLiterals('ab{2}c', ''), ['abbc']);
});

test('zero-width assertions keep neighbours adjacent', () => {
  assert.deepEqual(requiredLiterals('foo\\bbar', ''), ['foobar']);
});

test('a positive look-ahead contributes what it requires', () => {
  assert.deepEqual(requiredLiterals('(?=[^\\n]*unsubscribe)x', ''), ['unsubscribe']);
  assert.deepEqual(requiredLiterals('(?!spam)x', ''), ['x']);
});

test('scoped /i without the whole-pattern flag is not lower-cased (the caller will not lower the subject)', () => {
  assert.deepEqual(requiredLiterals('abc(?i:d)', '')?.sort(), ['abcD', 'abcd']);
  // Still sound: every case variant is listed, since the subject will not be lower-cased.
  assert.equal(requiredLiterals('(?i)abc', '')?.length, 8);
});

test('case-sensitive parts of an /i pattern are lower-cased too', () => {
  assert.deepEqual(requiredLiterals('(?-i:ABC)', 'i'), ['abc']);
});

test('unparseable patterns give null', () => {
  assert.equal(requiredLiterals('(', ''), null);
});

/**
 * Random cross-check: for every subject the regex matches, one of the
 * literals must occur. Subjects come from the regex's own shape (so many
 * match) and from mutations of those.
 */
const CROSS_CHECK: [string, string][] = [
  ['foo(?:bar|baz)+qux', ''],
  ['\\bfree\\s+(?:money|cash)\\b', 'i'],
  ['^(?:re|fw):\\s*urgent', 'im'],
  ['(a|b)\\1c{2,3}d?e', ''],
  ['v[i1!|]agra', 'i'],
  ['x(?i:ab)y|zz', ''],
  ['(?=[a-z]*win)[a-z]*win\\s(?:[a-z]+\\s){2}prize', 'i'],
  ['caf\\xe9\\s+cr\\xe8me', 'i'],
  ['a++b|c*+d', ''],
  ['\\d{3}-\\d{4}', ''],
  ['(?<name>[A-Z]{2})-\\k<name>', ''],
  ['(?-i:XY)z', 'i'],
  ['^\\s*$', 'm'],
  ['\\R--', ''],
];

test('random cross-check: a matching subject always contains a literal', () => {
  const rng = new SeededRandom(42);
  for (const [pattern, flags] of CROSS_CHECK) {
    const literals = requiredLiterals(pattern, flags);
    if (literals === null) continue;
    const re = compilePerlRegex(pattern, flags);
    const root = parsePerlRegex(pattern, flags).root;
    const lower = flags.includes('i');
    let matched = 0;
    for (let k = 0; k < 400; k++) {
      const sample = sampleMatch(root, rng);
      const noise = String.fromCharCode(rng.int(256));
      for (const subject of [sample, flipCase(sample), noise + sample + noise, sample.slice(1), sample.slice(0, -1)]) {
        if (!re.test(subject)) continue;
        matched++;
        const haystack = lower ? subject.toLowerCase() : subject;
        assert.ok(literals.some((l) => haystack.includes(l)), `/${pattern}/${flags} matched ${JSON.stringify(subject)} without any of ${JSON.stringify(literals)}`);
      }
    }
    assert.ok(matched > 50, `/${pattern}/${flags}: too few matching samples (${matched}) for a meaningful check`);
  }
});
