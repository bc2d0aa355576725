import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minMatchLength } from '../../../../src/engine/regex/min-length.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';

const min = (pattern: string, flags = '') => minMatchLength(parsePerlRegex(pattern, flags).root);

test('the fewest bytes a match consumes: counts, alternations, groups; zero-width parts add nothing', () => {
  assert.equal(min('^[^\\n\\r]{998}', 'm'), 998);
  assert.equal(min('abc|de'), 2);
  assert.equal(min('(?:ab){3,5}c?'), 6);
  assert.equal(min('\\bfoo(?=bar)(?<!x)$'), 3);
  assert.equal(min('(a+)\\1'), 1);
  assert.equal(min('x*'), 0);
  assert.equal(min('\\R{2}'), 2);
});
