import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenCountCache } from '../../../../src/engine/storage/token-count-cache.js';

const key = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('TokenCountCache', () => {
  it('tells cached counts, tokens the database lacks, and tokens it never saw apart', () => {
    const cache = new TokenCountCache(16);
    cache.remember(key('0100000001'), 0, { spam: 3, ham: 4, atime: 5 });
    cache.remember(key('0100000002'), 0, undefined);
    assert.deepEqual(cache.get(key('0100000001'), 0), { spam: 3, ham: 4, atime: 5 });
    assert.equal(cache.get(key('0100000002'), 0), null);
    assert.equal(cache.get(key('0100000003'), 0), undefined);
  });

  it('keeps keys apart that share their low bytes or their table slot', () => {
    const cache = new TokenCountCache(16);
    const packed = key('01aabbcc10' + '02aabbcc10' + '00000000a0');
    cache.remember(packed, 0, { spam: 1, ham: 0, atime: 0 });
    cache.remember(packed, 5, { spam: 2, ham: 0, atime: 0 });
    cache.remember(packed, 10, { spam: 3, ham: 0, atime: 0 });
    assert.deepEqual([0, 5, 10].map((at) => cache.get(packed, at)?.spam), [1, 2, 3]);
  });

  it('empties when the generation moves, and only then', () => {
    const cache = new TokenCountCache(16);
    cache.validate(7);
    cache.remember(key('0100000001'), 0, { spam: 1, ham: 1, atime: 1 });
    cache.validate(7);
    assert.equal(cache.size, 1);
    cache.validate(8);
    assert.equal(cache.size, 0);
    assert.equal(cache.get(key('0100000001'), 0), undefined);
  });

  it('follows its own atime touches but drops everything on any other write', () => {
    const cache = new TokenCountCache(16);
    cache.remember(key('0100000001'), 0, { spam: 1, ham: 1, atime: 1 });
    cache.written(1, 1, { spam: 1, ham: 1, atime: 9 });
    assert.deepEqual(cache.get(key('0100000001'), 0), { spam: 1, ham: 1, atime: 9 });
    cache.written(1, 2, { spam: 5, ham: 0, atime: 9 }); // not cached: nothing to do
    assert.equal(cache.size, 1);
    cache.written(1, 1, { spam: 2, ham: 1, atime: 9 });
    assert.equal(cache.size, 0);
  });

  it('starts empty again once half its slots are taken, so probing stays short', () => {
    const cache = new TokenCountCache(8);
    for (let i = 0; i < 4; i++) cache.remember(key(`01000000${i.toString(16).padStart(2, '0')}`), 0, undefined);
    assert.equal(cache.size, 4);
    cache.remember(key('01000000ff'), 0, undefined);
    assert.equal(cache.size, 1);
    assert.equal(cache.get(key('0100000000'), 0), undefined);
    assert.throws(() => new TokenCountCache(12), RangeError);
  });
});
