import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addAll,
  canonicalSet,
  caseFold,
  complement,
  emptySet,
  isCaseSensitive,
  members,
  NO_BYTES,
  rangeSet,
  setOf,
  setSize,
  setsEqual,
  singleByte,
} from '../../../../src/engine/regex/byte-set.js';

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

test('a canonical set is one kept copy per content, and what is derived from it is canonical too', () => {
  const a = setOf(0x71, 0x72);
  const first = canonicalSet(a);
  assert.notEqual(first, a, 'a copy of its own, not the caller’s set');
  a[0x73] = 1;
  assert.deepEqual(members(first), [0x71, 0x72], 'changing the original does not touch the canonical copy');
  assert.equal(canonicalSet(setOf(0x71, 0x72)), first);
  assert.equal(canonicalSet(first), first);
  assert.equal(singleByte(0x41), canonicalSet(setOf(0x41)));
  // Derived sets of a canonical set are the canonical sets of their content, asked once.
  assert.equal(caseFold(singleByte(0x61)), canonicalSet(setOf(0x41, 0x61)));
  assert.equal(complement(complement(first)), first);
  assert.equal(members(first), members(first));
  assert.equal(setSize(complement(first)), 254);
  assert.ok(isCaseSensitive(singleByte(0x61)) && !isCaseSensitive(singleByte(0x31)));
  assert.deepEqual(members(NO_BYTES), []);
});

test('sets that are not canonical are answered afresh each time', () => {
  const s = setOf(0x31);
  assert.deepEqual(members(s), [0x31]);
  s[0x32] = 1;
  assert.deepEqual(members(s), [0x31, 0x32]);
  assert.equal(setSize(s), 2);
});
