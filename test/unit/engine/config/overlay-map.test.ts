import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OverlayMap } from '../../../../src/engine/config/overlay-map.js';

test('an overlay reads through, keeps its own writes and never changes the base', () => {
  const base = new Map([['a', 1], ['b', 2], ['c', 3]]);
  const o = new OverlayMap(base);
  o.set('b', 20);
  o.set('d', 4);
  o.delete('c');
  assert.equal(o.get('a'), 1);
  assert.equal(o.get('b'), 20);
  assert.equal(o.get('c'), undefined);
  assert.equal(o.has('c'), false);
  assert.equal(o.size, 3);
  assert.deepEqual([...o], [['a', 1], ['b', 20], ['d', 4]]);
  assert.deepEqual([...o.keys()], ['a', 'b', 'd']);
  assert.deepEqual([...base], [['a', 1], ['b', 2], ['c', 3]]);
  o.set('c', 30);
  assert.equal(o.get('c'), 30);
  o.clear();
  assert.equal(o.size, 0);
  assert.equal(base.size, 3);
});

test('an overlay is a Map to its readers', () => {
  const o = new OverlayMap(new Map([['x', 'y']]));
  const seen: string[] = [];
  o.forEach((v, k) => seen.push(`${k}=${v}`));
  assert.ok(o instanceof Map);
  assert.deepEqual(seen, ['x=y']);
  assert.deepEqual(new Map(o), new Map([['x', 'y']]));
});
