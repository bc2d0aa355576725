import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dfaClass, dfaWeight } from '../../../../src/engine/regex/dfa-weight.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';

const weigh = (pattern: string, flags = '') => dfaWeight(parsePerlRegex(pattern, flags).root);

test('plain words and short counts are light', () => {
  for (const p of ['free\\s+money', '\\bv[i1!]agra\\b', 'a.{2,5}b', '[a-z]{1,30}\\d', 'click\\s*here']) {
    assert.equal(dfaClass(weigh(p, 'i')), 'light', p);
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
  assert.equal(dfaClass(broad), 'broad');
  const narrow = weigh('x[0-9]{12}y');
  assert.equal(narrow.broadCounted, 0);
  assert.equal(dfaClass(narrow), 'light');
  // Case-insensitive classes count both cases: [a-k] with /i is 22 bytes, broad.
  assert.equal(weigh('[a-k]{10}', 'i').broadCounted, 10);
  assert.equal(weigh('[a-k]{10}').broadCounted, 0);
});

test('a large alternation under a count is heavy', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join('|');
  assert.equal(dfaClass(weigh(`(?:${words})`)), 'light');
  assert.equal(dfaClass(weigh(`(?:(?:${words})\\s){1,3}`)), 'wide');
});

test('a long chain of look-alike alternations is wide (it shares a set with a few), not broad', () => {
  const lookAlike = '(?:[o0\\xf2-\\xf6]|\\(\\)|&#0?111;)';
  const chain = Array.from({ length: 30 }, () => lookAlike).join('[\\s_.-]?');
  assert.equal(dfaClass(weigh(chain, 'i')), 'wide');
});
