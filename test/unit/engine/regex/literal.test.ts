import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPerlRegexLiteral } from '../../../../src/engine/regex/literal.js';

test('slash-delimited literal with flags and nothing after', () => {
  assert.deepEqual(splitPerlRegexLiteral('/foo bar/i'), { pattern: 'foo bar', flags: 'i', rest: '' });
});

test('rest keeps what follows the flags (if-unset clause)', () => {
  assert.deepEqual(splitPerlRegexLiteral('/^$/m [if-unset: unset]'), {
    pattern: '^$',
    flags: 'm',
    rest: ' [if-unset: unset]',
  });
});

test('escaped delimiter stays escaped inside the pattern', () => {
  assert.deepEqual(splitPerlRegexLiteral('/a\\/b/'), { pattern: 'a\\/b', flags: '', rest: '' });
  // An escaped backslash does not protect the delimiter that follows it.
  assert.deepEqual(splitPerlRegexLiteral('/a\\\\/x'), { pattern: 'a\\\\', flags: 'x', rest: '' });
});

test('m with bracket delimiters counts nesting', () => {
  assert.deepEqual(splitPerlRegexLiteral('m{a{2,3}b}si'), { pattern: 'a{2,3}b', flags: 'si', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m(a(b)c)'), { pattern: 'a(b)c', flags: '', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m<x<y>>'), { pattern: 'x<y>', flags: '', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m[[a-z]]'), { pattern: '[a-z]', flags: '', rest: '' });
});

test('escaped bracket does not count towards nesting', () => {
  assert.deepEqual(splitPerlRegexLiteral('m{a\\{b}'), { pattern: 'a\\{b', flags: '', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m{a\\}b}'), { pattern: 'a\\}b', flags: '', rest: '' });
});

test('m with any other non-word delimiter', () => {
  assert.deepEqual(splitPerlRegexLiteral('m!http://x!i'), { pattern: 'http://x', flags: 'i', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m#a/b#'), { pattern: 'a/b', flags: '', rest: '' });
  assert.deepEqual(splitPerlRegexLiteral('m|a\\|b|'), { pattern: 'a\\|b', flags: '', rest: '' });
});

test('qr prefix is accepted like m', () => {
  assert.deepEqual(splitPerlRegexLiteral('qr/x/i'), { pattern: 'x', flags: 'i', rest: '' });
});

test('empty pattern is split (whether it is allowed is the caller’s business)', () => {
  assert.deepEqual(splitPerlRegexLiteral('//'), { pattern: '', flags: '', rest: '' });
});

test('high bytes pass through untouched', () => {
  assert.deepEqual(splitPerlRegexLiteral('/\xE9t\xE9/'), { pattern: '\xE9t\xE9', flags: '', rest: '' });
});

const errors: [string, RegExp][] = [
  ['/foo', /unterminated/],
  ['m{foo', /unterminated/],
  ['m{a{b}', /unterminated/],
  ['m', /unterminated/],
  ['foo/', /missing regex delimiters/],
  ['', /missing regex delimiters/],
  ['mxfoox', /invalid regex delimiter/],
  ['m\\foo\\', /backslash delimiter/],
  ['/foo/e', /forbidden regex modifier 'e'/],
  ['/foo/ie', /forbidden regex modifier 'e'/],
  ['/foo/iX', /invalid regex modifiers/],
  ['/foo/i2', /invalid regex modifiers/],
];

for (const [input, message] of errors) {
  test(`rejects ${JSON.stringify(input)}`, () => {
    const result = splitPerlRegexLiteral(input);
    assert.ok('error' in result, `expected an error for ${input}`);
    assert.match(result.error, message);
  });
}
