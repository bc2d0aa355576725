/**
 * Rule regexes compile with V8's linear engine as the fallback for a subject
 * that makes them backtrack too much (regex/backtrack-fallback.ts): the
 * answer comes at once and is the backtracking engine's answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePerlRegex } from '../../../../src/engine/regex/translate.js';

test('a rule regex that backtracks exponentially falls back to V8\'s linear engine with the same answer', () => {
  // Shape of a rule that took over 30 s on 2 KB in V8 (nested repeats over the same bytes, failing at the end).
  const re = compilePerlRegex('<[a-z]{5,}\\@(?:\\S+\\.)+\\S+>', '');
  const started = process.hrtime.bigint();
  assert.equal(re.test(`<aaaaa@${'a.'.repeat(1000)}a`), false);
  assert.equal(re.test(`<aaaaa@${'a.'.repeat(1000)}a>`), true);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  const m = compilePerlRegex('^(a+)+(b)', '').exec(`${'a'.repeat(40)}b`);
  assert.deepEqual([m?.[1]?.length, m?.[2]], [40, 'b']);
});
