import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forgetMessage, learnMessage, touchTokens } from '../../../../src/engine/bayes/learn.js';
import { MemoryBayesStore } from '../../../../src/engine/bayes/memory-store.js';

const k = (hex: string): Buffer => Buffer.from(hex, 'hex');
const A = k('0000000001');
const B = k('0000000002');

describe('learnMessage / forgetMessage', () => {
  it('counts each token once per message and tracks nspam, nham and ntokens', async () => {
    const store = new MemoryBayesStore();
    assert.equal(await learnMessage(store, { keys: [A, B], ids: ['m1'], isSpam: true, atime: 100 }), 'learned');
    assert.equal(await learnMessage(store, { keys: [A], ids: ['m2'], isSpam: false, atime: 50 }), 'learned');
    assert.deepEqual(store.getTokens([A, B]), [{ spam: 1, ham: 1, atime: 100 }, { spam: 1, ham: 0, atime: 100 }]);
    assert.deepEqual(store.getPackedTokens(Buffer.concat([B, k('0000000003'), A])), [{ spam: 1, ham: 0, atime: 100 }, undefined, { spam: 1, ham: 1, atime: 100 }]);
    const m = store.magic();
    assert.deepEqual([m.nspam, m.nham, m.ntokens, m.oldestAtime, m.newestAtime], [1, 1, 2, 50, 100]);
  });

  it('does nothing for a message already learned as the same class', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [A], ids: ['m1'], isSpam: true, atime: 1 });
    assert.equal(await learnMessage(store, { keys: [A], ids: ['m1'], isSpam: true, atime: 1 }), 'already-learned');
    assert.equal(store.magic().nspam, 1);
  });

  it('relearns the other class by forgetting first, unless no-relearn is asked', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [A], ids: ['m1'], isSpam: true, atime: 1 });
    assert.equal(await learnMessage(store, { keys: [A], ids: ['m1'], isSpam: false, atime: 1, noRelearn: true }), 'already-learned');
    assert.equal(await learnMessage(store, { keys: [A], ids: ['m1'], isSpam: false, atime: 1 }), 'relearned');
    const m = store.magic();
    assert.deepEqual([m.nspam, m.nham], [0, 1]);
    assert.deepEqual(store.getTokens([A]), [{ spam: 0, ham: 1, atime: 1 }]);
    assert.equal(store.getSeen('m1'), 'h');
  });

  it('finds a message by its second id and forgets it, deleting tokens that reach 0/0', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [A, B], ids: ['gen1', 'hdr1'], isSpam: true, atime: 1 });
    assert.equal(await forgetMessage(store, [A, B], ['gen-other', 'gen1']), true);
    assert.deepEqual(store.getTokens([A, B]), [undefined, undefined]);
    assert.deepEqual([store.magic().nspam, store.magic().ntokens], [0, 0]);
    assert.equal(await forgetMessage(store, [A], ['gen1']), false);
  });

  it('touches atime forward only', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [A], ids: ['m'], isSpam: true, atime: 100 });
    await touchTokens(store, [A], 50);
    assert.equal(store.getTokens([A])[0]?.atime, 100);
    await touchTokens(store, [A], 200);
    assert.equal(store.getTokens([A])[0]?.atime, 200);
  });

  it('leaves no trace when the transaction throws', async () => {
    const store = new MemoryBayesStore();
    await assert.rejects(store.write((tx) => {
      tx.putToken(A, { spam: 5, ham: 0, atime: 1 });
      throw new Error('boom');
    }));
    assert.deepEqual(store.getTokens([A]), [undefined]);
  });

  it('refuses writes on a read-only store with a StorageError', async () => {
    const store = new MemoryBayesStore({ readOnly: true });
    await assert.rejects(learnMessage(store, { keys: [A], ids: ['m'], isSpam: true, atime: 1 }), { code: 'ERR_STORAGE' });
  });
});
