import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANGED, DELETED_TOKEN as DELETED, UNCHANGED } from '../../../../src/engine/storage/lmdb-write-batch.js';
import { TokenTable } from '../../../../src/engine/storage/token-table.js';

describe('TokenTable', () => {
  it('keeps every change through growth, with keys that share low bytes or slots apart', () => {
    const t = new TokenTable();
    const n = 20000; // several doublings from the initial 4096 slots
    for (let i = 0; i < n; i++) t.set(i % 3, (i * 2654435761) >>> 0, i % 5 === 0 ? DELETED : CHANGED, i, i + 1, i + 2);
    assert.equal(t.size, n);
    for (let i = 0; i < n; i++) {
      const slot = t.find(i % 3, (i * 2654435761) >>> 0);
      assert.ok(slot >= 0);
      assert.equal(t.stateAt(slot), i % 5 === 0 ? DELETED : CHANGED);
      assert.deepEqual([t.spamAt(slot), t.hamAt(slot), t.atimeAt(slot)], [i, i + 1, i + 2]);
    }
    assert.equal(t.find(7, 12345), -1);
  });

  it('lists the changes to write in key order, leaving out the ones taken back', () => {
    const t = new TokenTable();
    t.set(2, 5, CHANGED, 1, 0, 0);
    t.set(1, 0xffffffff, DELETED);
    t.set(1, 7, CHANGED, 1, 0, 0);
    t.set(0, 9, CHANGED, 1, 0, 0);
    t.set(0, 9, UNCHANGED);
    assert.deepEqual(t.slotsInKeyOrder([CHANGED, DELETED]).map((s) => [t.highAt(s), t.lowAt(s)]), [[1, 7], [1, 0xffffffff], [2, 5]]);
    t.clear();
    assert.equal(t.size, 0);
    assert.equal(t.find(2, 5), -1);
  });
});
