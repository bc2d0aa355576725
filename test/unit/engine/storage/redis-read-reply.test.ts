import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeReadReply } from '../../../../src/engine/storage/redis-read-reply.js';
import { groupByShard } from '../../../../src/engine/storage/redis-sharded-layout.js';

const reply = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('redis read reply', () => {
  it('reads the counters and each known token in request order', () => {
    const r = decodeReadReply(reply('12 34,1 0 1700000000,,0 5 9,'), 4);
    assert.equal(r.nspam, 12);
    assert.equal(r.nham, 34);
    assert.deepEqual(r.counts, [{ spam: 1, ham: 0, atime: 1700000000 }, undefined, { spam: 0, ham: 5, atime: 9 }, undefined]);
  });

  it('maps the script order back to the caller order', () => {
    const r = decodeReadReply(reply('1 1,2 3 4,,5 6 7'), 3, [2, 0, 1]);
    assert.deepEqual(r.counts, [undefined, { spam: 5, ham: 6, atime: 7 }, { spam: 2, ham: 3, atime: 4 }]);
  });

  it('drops tokens at 0/0 and reads odd values as Number() || 0 would', () => {
    const r = decodeReadReply(reply('x 7,0 0 5,3 abc 1e3,-2 4 1'), 3);
    assert.equal(r.nspam, 0);
    assert.equal(r.nham, 7);
    assert.deepEqual(r.counts, [undefined, { spam: 3, ham: 0, atime: 1000 }, { spam: -2, ham: 4, atime: 1 }]);
  });

  it('a short or malformed value does not shift the tokens after it', () => {
    const r = decodeReadReply(reply('1 1,5,1 2 3'), 3);
    assert.deepEqual(r.counts, [{ spam: 5, ham: 0, atime: 0 }, { spam: 1, ham: 2, atime: 3 }, undefined]);
  });

  it('no tokens: only the counters', () => {
    assert.deepEqual(decodeReadReply(reply('3 4'), 0), { nspam: 3, nham: 4, counts: [] });
  });
});

describe('groupByShard', () => {
  it('groups packed keys by first byte modulo the shards, keeping each position', () => {
    const keys = [[17, 1, 1, 1, 1], [2, 2, 2, 2, 2], [1, 3, 3, 3, 3], [18, 4, 4, 4, 4]].map((k) => Buffer.from(k));
    const g = groupByShard(Buffer.concat(keys), 16);
    assert.equal(g.counts, `0 2 2 ${'0 '.repeat(12)}0`);
    assert.deepEqual([...g.order], [0, 2, 1, 3]);
    assert.deepEqual(g.blob, Buffer.concat([keys[0], keys[2], keys[1], keys[3]] as Buffer[]));
  });

  it('refuses keys that are not 5 bytes each', () => {
    assert.throws(() => groupByShard(Buffer.alloc(7), 16), /multiple of 5/);
  });
});
