import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePerlRegex, withRememberedParses } from '../../../../src/engine/regex/parser.js';
import { RegexSyntaxError } from '../../../../src/engine/regex/parse-state.js';

test('inside withRememberedParses a pattern is parsed once; outside, afresh', () => {
  const outside = parsePerlRegex('ab+c', 'i');
  assert.notEqual(parsePerlRegex('ab+c', 'i'), outside);
  withRememberedParses(() => {
    const first = parsePerlRegex('ab+c', 'i');
    assert.equal(parsePerlRegex('ab+c', 'i'), first);
    assert.notEqual(parsePerlRegex('ab+c', ''), first, 'flags are part of the key');
    assert.deepEqual(first, outside, 'the same tree as a fresh parse');
    // Nested scopes share the outer one.
    assert.equal(withRememberedParses(() => parsePerlRegex('ab+c', 'i')), first);
  });
  assert.notEqual(parsePerlRegex('ab+c', 'i'), outside);
});

test('a pattern that does not parse throws each time it is asked for', () => {
  withRememberedParses(() => {
    assert.throws(() => parsePerlRegex('a(b', ''), RegexSyntaxError);
    assert.throws(() => parsePerlRegex('a(b', ''), RegexSyntaxError);
  });
});
