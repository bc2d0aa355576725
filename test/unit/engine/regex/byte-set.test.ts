import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addAll, caseFold, complement, emptySet, members, rangeSet, setOf, setSize, setsEqual } from '../../../../src/engine/regex/byte-set.js';

test('byte sets cut from shared slabs are independent of each other', () => {
  // Enough sets to cross several slabs; each gets its own byte, then all are checked.
  const sets = Array.from({ length: 300 }, (_, i) => setOf(i % 256));
  sets.forEach((s, i) => addAll(s, setOf((i + 1) % 256)));
  sets.forEach((s, i) => {
    assert.equal(s.length, 256);
    assert.deepEqual(members(s), [i % 256, (i + 1) % 256].sort((a, b) => a - b));
  });
});

test('derived sets are new sets: the source is never changed', () => {
  const letters = rangeSet(0x61, 0x63);
  const folded = caseFold(letters);
  const rest = complement(letters);
  assert.deepEqual(members(letters), [0x61, 0x62, 0x63]);
  assert.deepEqual(members(folded), [0x41, 0x42, 0x43, 0x61, 0x62, 0x63]);
  assert.equal(setSize(rest), 253);
  folded[0x30] = 1;
  assert.ok(!letters[0x30] && !rest[0x61]);
  assert.ok(setsEqual(emptySet(), setOf()));
});
