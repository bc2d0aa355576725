import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perlFixed, perlNumber } from '../../../../src/engine/report/perl-format.js';
import { requiredText, roundScore, scoreText, summaryScore } from '../../../../src/engine/report/score-text.js';

test('perlFixed rounds exact binary ties to even like C printf', () => {
  // Values verified against perl's sprintf("%.1f") (spamd-protocol spec §4).
  const cases: [number, string][] = [
    [0.25, '0.2'], [1.25, '1.2'], [-0.25, '-0.2'], [0.45, '0.5'], [4.95, '5.0'],
    [0.05, '0.1'], [0.15, '0.1'], [-0.04, '-0.0'], [0.75, '0.8'], [2.5, '2.5'], [1000, '1000.0'],
  ];
  for (const [x, want] of cases) assert.equal(perlFixed(x, 1), want, String(x));
  assert.equal(perlFixed(0.0625, 3), '0.062');
  assert.equal(perlFixed(1.0005, 3), '1.000');
});

test('scores round to 3 decimals and display with the ham correction', () => {
  assert.equal(roundScore(5.0004), 5);
  assert.equal(roundScore(-0.0001), 0);
  assert.equal(scoreText(4.96, 5, false), '4.9');
  assert.equal(scoreText(4.96, 5, true), '5.0');
  assert.equal(scoreText(9.97, 10, false), '9.9');
  assert.equal(scoreText(-0.04, 5, false), '-0.0');
  assert.equal(scoreText(15.3, 5, true), '15.3');
  assert.equal(requiredText(5), '5.0');
});

test('report score column switches to %4.0f from ±10', () => {
  assert.equal(summaryScore(1000), '1000');
  assert.equal(summaryScore(1.3), ' 1.3');
  assert.equal(summaryScore(-100), '-100');
  assert.equal(summaryScore(-0.001), '-0.0');
  assert.equal(summaryScore(10), '  10');
});

test('perlNumber prints like Perl stringification', () => {
  assert.equal(perlNumber(1), '1');
  assert.equal(perlNumber(0.001), '0.001');
  assert.equal(perlNumber(2.499), '2.499');
  assert.equal(perlNumber(0.1 + 0.2), '0.3');
});
