import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dfaWeight, isHeavy } from '../../../../src/engine/regex/dfa-weight.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';

const weigh = (pattern: string, flags = '') => dfaWeight(parsePerlRegex(pattern, flags).root);

test('plain words and short counts are light', () => {
  for (const p of ['free\\s+money', '\\bv[i1!]agra\\b', 'a.{2,5}b', '[a-z]{1,30}\\d', 'click\\s*here']) {
    assert.equal(isHeavy(weigh(p, 'i')), false, p);
  }
});

test('counted repetition expands into copies', () => {
  assert.equal(weigh('ab{3}c').positions, 5);
  assert.equal(weigh('(?:ab){2,4}').positions, 8);
  // An open count keeps one copy beyond its minimum.
  assert.equal(weigh('x{2,}').positions, 3);
});

test('a broad class under a large count is heavy, a narrow one only by its size', () => {
  const broad = weigh('\\?[^\\n]{0,200}\\w@');
  assert.equal(broad.broadCounted, 200);
  assert.equal(isHeavy(broad), true);
  const narrow = weigh('x[0-9]{12}y');
  assert.equal(narrow.broadCounted, 0);
  assert.equal(isHeavy(narrow), false);
  // Case-insensitive classes count both cases: [a-k] with /i is 22 bytes, broad.
  assert.equal(weigh('[a-k]{10}', 'i').broadCounted, 10);
  assert.equal(weigh('[a-k]{10}').broadCounted, 0);
});

test('a large alternation under a count is heavy', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join('|');
  assert.equal(isHeavy(weigh(`(?:${words})`)), false);
  assert.equal(isHeavy(weigh(`(?:(?:${words})\\s){1,3}`)), true);
});
