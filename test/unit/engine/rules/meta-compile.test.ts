import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMeta, lexMeta } from '../../../../src/engine/rules/meta-compile.js';

const values = (m: Record<string, number>) => (n: string) => m[n] ?? 0;

function run(expr: string, m: Record<string, number>): number {
  const c = compileMeta(expr);
  assert.ok(c.ok, expr);
  return c.ok ? c.meta.evaluate(values(m)) : NaN;
}

test('boolean metas follow Perl: && and || return the deciding operand, ! gives 1 or 0', () => {
  assert.equal(run('A && B', { A: 1, B: 3 }), 3);
  assert.equal(run('A || B', { A: 0, B: 2 }), 2);
  assert.equal(run('!A', { A: 0 }), 1);
  assert.equal(run('!A', { A: 2 }), 0);
  assert.equal(run('A && !B', { A: 1 }), 1);
});

test('arithmetic metas count hits, including multiple-hit values', () => {
  assert.equal(run('(A + B + C) > 1', { A: 1, C: 1 }), 1);
  assert.equal(run('__COUNT >= 5', { __COUNT: 5 }), 1);
  assert.equal(run('A -1', { A: 3 }), 2);
  assert.equal(run('A ? B : C', { A: 0, B: 5, C: 7 }), 7);
  assert.equal(run('A ^ B', { A: 1, B: 1 }), 0);
});

test('division by zero yields 0 instead of failing the scan', () => {
  assert.equal(run('A / B', { A: 1, B: 0 }), 0);
});

test('dependencies are the rule names read', () => {
  const c = compileMeta('(FOO && __BAR) || (BAZ > 2)');
  assert.ok(c.ok);
  if (c.ok) assert.deepEqual(c.meta.deps.sort(), ['BAZ', 'FOO', '__BAR']);
  assert.deepEqual(lexMeta('A&&!B'), ['A', '&&', '!', 'B']);
});

test('forbidden characters and broken expressions are rejected, not run', () => {
  assert.equal(compileMeta('A && $x').ok, false);
  assert.equal(compileMeta('A && (B').ok, false);
  assert.equal(compileMeta('A -> B').ok, false);
  assert.equal(compileMeta('system(1)').ok, false);
});
