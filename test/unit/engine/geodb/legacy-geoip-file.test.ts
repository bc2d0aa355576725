/**
 * The legacy GeoIP country reader on files built here: the walk, the
 * edition marker, and damaged files (each lookup answers or says it cannot,
 * none throws or runs away). sa-relay-country.test.ts checks Debian's real
 * files against Geo::IP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLegacyCountryDb } from '../../../../src/engine/geodb/legacy-geoip-file.js';
import { countryCodeById } from '../../../../src/engine/geodb/geoip-country-codes.js';

const LEAF = 16776960;

/** A file of nodes (pairs of records), then an optional edition marker. */
function file(nodes: [number, number][], edition?: number): Buffer {
  const out = Buffer.alloc(nodes.length * 6 + (edition === undefined ? 0 : 4));
  nodes.forEach(([left, right], i) => {
    out.writeUIntLE(left, i * 6, 3);
    out.writeUIntLE(right, i * 6 + 3, 3);
  });
  if (edition !== undefined) out.set([0xff, 0xff, 0xff, edition], nodes.length * 6);
  return out;
}

/** 0.0.0.0/1 -> id 3 (AD); 128/2 -> node 2; 128/2's halves: 128/3 -> 225 (US), 160/3 -> 0. */
const TREE: [number, number][] = [[LEAF + 3, 1], [2, LEAF + 48], [LEAF + 225, LEAF]];

test('walks the tree most significant bit first to the country id', () => {
  const db = openLegacyCountryDb(file(TREE));
  assert.ok(db && !db.ipv6);
  assert.equal(db.countryId(Uint8Array.of(10, 0, 0, 1)), 3);
  assert.equal(db.countryId(Uint8Array.of(130, 0, 0, 1)), 225);
  assert.equal(db.countryId(Uint8Array.of(170, 0, 0, 1)), 0);
  assert.equal(db.countryId(Uint8Array.of(200, 0, 0, 1)), 48);
  assert.deepEqual([3, 225, 0, 48].map(countryCodeById), ['AD', 'US', undefined, 'CN']);
});

test('the edition marker: country (1 or the old 106), IPv6 (12); any other edition is not read', () => {
  assert.equal(openLegacyCountryDb(file(TREE, 1))?.ipv6, false);
  assert.equal(openLegacyCountryDb(file(TREE, 106))?.ipv6, false);
  assert.equal(openLegacyCountryDb(file(TREE, 12))?.ipv6, true);
  assert.equal(openLegacyCountryDb(file(TREE, 2)), undefined);
  assert.equal(openLegacyCountryDb(file(TREE, 111)), undefined);
});

test('a damaged tree gives no id: records past the end, a walk that never ends in a leaf', () => {
  assert.equal(openLegacyCountryDb(file([[5, 5]]))?.countryId(Uint8Array.of(1, 2, 3, 4)), undefined);
  assert.equal(openLegacyCountryDb(file([[0, 0]]))?.countryId(Uint8Array.of(1, 2, 3, 4)), undefined);
  assert.equal(openLegacyCountryDb(Buffer.alloc(0))?.countryId(Uint8Array.of(1, 2, 3, 4)), undefined);
});

test('random bytes: every lookup answers or declines, none throws', () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
  for (let n = 0; n < 2000; n++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
    const db = openLegacyCountryDb(bytes);
    const address = Uint8Array.from(Array.from({ length: db?.ipv6 ? 16 : 4 }, () => Math.floor(rand() * 256)));
    const id = db?.countryId(address);
    assert.ok(id === undefined || (Number.isInteger(id) && id >= 0));
  }
});
