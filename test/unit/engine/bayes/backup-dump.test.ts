import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupLines, parseBackup, restoreBackup } from '../../../../src/engine/bayes/backup.js';
import { dumpMagic, dumpTokens } from '../../../../src/engine/bayes/dump.js';
import { learnMessage } from '../../../../src/engine/bayes/learn.js';
import { MemoryBayesStore } from '../../../../src/engine/bayes/memory-store.js';

const k = (hex: string): Buffer => Buffer.from(hex, 'hex');

describe('sa-learn backup format', () => {
  it('writes the version line first, then counters, tokens and seen ids', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [k('00000000aa')], ids: ['id1@x'], isSpam: true, atime: 1234 });
    assert.deepEqual([...backupLines(store)], [
      'v\t3\tdb_version # this must be the first line!!!\n', 'v\t1\tnum_spam\n', 'v\t0\tnum_nonspam\n',
      't\t1\t0\t1234\t00000000aa\n', 's\ts\tid1@x\n',
    ]);
  });

  it('restores a backup, clamping negative counts, skipping 0/0 tokens and future atimes', async () => {
    const text = 'v\t3\tdb_version # this must be the first line!!!\nv\t2\tnum_spam\nv\t5\tnum_nonspam\n'
      + 't\t-1\t3\t100\t0102030405\nt\t0\t0\t100\t0a0b0c0d0e\nt\t1\t0\t999999\tffffffffff\ns\th\tsome id with spaces\nbogus line\n';
    const store = new MemoryBayesStore();
    const s = await restoreBackup(store, text, 5000);
    assert.deepEqual([s.tokens, s.seen, s.nspam, s.nham, s.skipped], [2, 1, 2, 5, 2]);
    assert.deepEqual(store.getTokens([k('0102030405'), k('ffffffffff')]), [{ spam: 0, ham: 3, atime: 100 }, { spam: 1, ham: 0, atime: 5000 }]);
    assert.equal(store.getSeen('some id with spaces'), 'h');
    const m = store.magic();
    assert.deepEqual([m.ntokens, m.oldestAtime, m.newestAtime], [2, 100, 5000]);
  });

  it('rejects a backup without the version line first or without counters', () => {
    assert.throws(() => parseBackup('v\t2\tnum_spam\n', 0), { code: 'ERR_STORAGE' });
    assert.throws(() => parseBackup('v\t3\tdb_version\nv\t2\tnum_spam\n', 0), { code: 'ERR_STORAGE' });
    assert.throws(() => parseBackup('v\t2\tdb_version\nv\t2\tnum_spam\nv\t2\tnum_nonspam\n', 0), { code: 'ERR_STORAGE' });
  });
});

describe('sa-learn dump format', () => {
  it('prints magic lines and token lines in printf("%3.3f %10u %10u %10u  %s") layout', async () => {
    const store = new MemoryBayesStore();
    await learnMessage(store, { keys: [k('00000000aa')], ids: ['a'], isSpam: true, atime: 1700000000 });
    await learnMessage(store, { keys: [k('00000000bb')], ids: ['b'], isSpam: false, atime: 1700000000 });
    const magic = [...dumpMagic(store)];
    assert.equal(magic[1], '0.000          0          1          0  non-token data: nspam\n');
    assert.equal(magic.length, 10);
    const toks = [...dumpTokens(store, /aa$/)];
    assert.deepEqual(toks, [`${((0.03 * 0.538 + 1) / 1.03).toFixed(3)}          1          0 1700000000  00000000aa\n`]);
  });
});
