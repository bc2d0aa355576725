import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { forgetMessage, learnMessage, touchTokens } from '../../../../src/engine/bayes/learn.js';
import { LmdbBayesStore } from '../../../../src/engine/storage/lmdb-bayes-store.js';
import { LmdbEnvironment } from '../../../../src/engine/storage/lmdb-environment.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spamward-bayes-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) {
    chmodSync(d, 0o700);
    rmSync(d, { recursive: true, force: true });
  }
});

const k = (hex: string): Buffer => Buffer.from(hex, 'hex');

describe('LmdbBayesStore', () => {
  it('stores tokens, counters and seen ids across reopen', async () => {
    const dir = tempDir();
    let store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    await learnMessage(store, { keys: [k('0102030405'), k('0a0b0c0d0e')], ids: ['m1@x'], isSpam: true, atime: 1700000000 });
    await learnMessage(store, { keys: [k('0102030405')], ids: ['m2@x'], isSpam: false, atime: 1700000100 });
    await store.close();
    store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    assert.deepEqual(store.getTokens([k('0102030405'), k('0a0b0c0d0e'), k('ffffffffff')]), [
      { spam: 1, ham: 1, atime: 1700000100 },
      { spam: 1, ham: 0, atime: 1700000000 },
      undefined,
    ]);
    const m = store.magic();
    assert.deepEqual([m.nspam, m.nham, m.ntokens, m.dbVersion], [1, 1, 2, 3]);
    assert.equal(store.getSeen('m1@x'), 's');
    assert.deepEqual([...store.seenEntries()].sort(), [['m1@x', 's'], ['m2@x', 'h']]);
    assert.equal([...store.tokens()].length, 2);
    assert.equal(await forgetMessage(store, [k('0102030405'), k('0a0b0c0d0e')], ['m1@x']), true);
    assert.equal(store.magic().ntokens, 1);
    await store.close();
  });

  it('reads packed keys as getTokens reads them, counts above 2^31 included', async () => {
    const store = new LmdbBayesStore(LmdbEnvironment.open(tempDir()), true);
    await store.write((tx) => {
      tx.putToken(k('0102030405'), { spam: 3, ham: 0xfffffffe, atime: 0x80000001 });
      tx.putToken(k('ffffffffff'), { spam: 0, ham: 7, atime: 1700000000 });
    });
    const packed = Buffer.from('0102030405' + 'a0a0a0a0a0' + 'ffffffffff' + '0102030405', 'hex');
    const expected = [{ spam: 3, ham: 0xfffffffe, atime: 0x80000001 }, undefined, { spam: 0, ham: 7, atime: 1700000000 }, { spam: 3, ham: 0xfffffffe, atime: 0x80000001 }];
    store.magic();
    assert.deepEqual(store.getPackedTokens(packed), expected);
    assert.deepEqual(store.getPackedTokens(packed), store.getTokens([k('0102030405'), k('a0a0a0a0a0'), k('ffffffffff'), k('0102030405')]));
    assert.deepEqual(store.getPackedTokens(new Uint8Array(0)), []);
    await store.close();
  });

  it('clears everything', async () => {
    const store = new LmdbBayesStore(LmdbEnvironment.open(tempDir()), true);
    await learnMessage(store, { keys: [k('0102030405')], ids: ['m1'], isSpam: true, atime: 1 });
    await store.clear();
    assert.equal(store.magic().nspam, 0);
    assert.deepEqual(store.getTokens([k('0102030405')]), [undefined]);
    await store.close();
  });

  it('rolls back a transaction that throws', async () => {
    const store = new LmdbBayesStore(LmdbEnvironment.open(tempDir()), true);
    await assert.rejects(store.write((tx) => {
      tx.putToken(k('0102030405'), { spam: 9, ham: 0, atime: 1 });
      throw new Error('boom');
    }));
    assert.deepEqual(store.getTokens([k('0102030405')]), [undefined]);
    await store.close();
  });

  it('commits learns queued together as one batch: each sees the ones before it, one that throws leaves nothing', async () => {
    const dir = tempDir();
    let store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    const a = k('0102030405');
    const b = k('0a0b0c0d0e');
    // Queued in one tick, so they share one write transaction.
    const first = learnMessage(store, { keys: [a, b], ids: ['m1@x'], isSpam: true, atime: 100 });
    const failing = store.write((tx) => {
      tx.putToken(a, { spam: 50, ham: 50, atime: 999 });
      tx.delToken(b);
      tx.putSeen('bad@x', 's');
      tx.setMagic({ nspam: 77 });
      throw new Error('halfway');
    });
    const second = learnMessage(store, { keys: [a], ids: ['m2@x'], isSpam: true, atime: 200 });
    const again = learnMessage(store, { keys: [a, b], ids: ['m1@x'], isSpam: true, atime: 300 });
    assert.deepEqual(await Promise.allSettled([first, failing, second, again]).then((r) => r.map((x) => x.status)), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    assert.equal(await again, 'already-learned');
    await store.close();
    store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    assert.deepEqual(store.getTokens([a, b]), [{ spam: 2, ham: 0, atime: 200 }, { spam: 1, ham: 0, atime: 100 }]);
    const m = store.magic();
    assert.deepEqual([m.nspam, m.ntokens, m.oldestAtime, m.newestAtime], [2, 2, 100, 200]);
    assert.deepEqual([...store.seenEntries()].sort(), [['m1@x', 's'], ['m2@x', 's']]);
    // A clear queued after learns in the same transaction clears them too.
    const late = learnMessage(store, { keys: [a], ids: ['m3@x'], isSpam: false, atime: 400 });
    await Promise.all([late, store.clear()]);
    assert.deepEqual(store.getTokens([a, b]), [undefined, undefined]);
    assert.equal(store.magic().nham, 0);
    await store.close();
  });

  it('opens a database in a read-only folder read-only: reads work, writes fail with ERR_STORAGE', async (t) => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; force read-only mode instead so the behaviour is still checked.
      t.diagnostic('running as root: read-only mode forced by option');
    }
    const dir = tempDir();
    const rw = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    await learnMessage(rw, { keys: [k('0102030405')], ids: ['m1'], isSpam: true, atime: 1 });
    await rw.close();
    chmodSync(dir, 0o500);
    const ro = new LmdbBayesStore(LmdbEnvironment.open(dir, { readOnly: process.getuid?.() === 0 }), true);
    assert.equal(ro.readOnly, true);
    assert.equal(ro.magic().nspam, 1);
    await assert.rejects(learnMessage(ro, { keys: [k('0102030405')], ids: ['m2'], isSpam: true, atime: 1 }), { code: 'ERR_STORAGE' });
    await ro.close();
  });

  it('reports a missing database in an unwritable folder as ERR_STORAGE', () => {
    const dir = tempDir();
    assert.throws(() => LmdbEnvironment.open(join(dir, 'none'), { readOnly: true }), { code: 'ERR_STORAGE' });
  });

  it('serves repeated token reads from its cache, and sees another process learn, forget and clear', async () => {
    const dir = tempDir();
    const scanner = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    await learnMessage(scanner, { keys: [k('0102030405')], ids: ['m1@x'], isSpam: true, atime: 1700000000 });
    const packed = k('0102030405' + 'ffffffffff');
    const read = () => {
      scanner.magic();
      return scanner.getPackedTokens(packed).map((c) => c && [c.spam, c.ham]);
    };
    assert.deepEqual(read(), [[1, 0], undefined]);
    // Another process learns both tokens, then forgets one message, then clears the database.
    const other = (code: string) => {
      const storeUrl = new URL('../../../../src/engine/storage/lmdb-bayes-store.js', import.meta.url).href;
      const envUrl = new URL('../../../../src/engine/storage/lmdb-environment.js', import.meta.url).href;
      const learnUrl = new URL('../../../../src/engine/bayes/learn.js', import.meta.url).href;
      const script = `import { LmdbBayesStore } from '${storeUrl}'; import { LmdbEnvironment } from '${envUrl}';
        import { learnMessage, forgetMessage } from '${learnUrl}';
        const k = (h) => Buffer.from(h, 'hex'); const store = new LmdbBayesStore(LmdbEnvironment.open(${JSON.stringify(dir)}), true);
        ${code}; await store.close();`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    other(`await learnMessage(store, { keys: [k('0102030405'), k('ffffffffff')], ids: ['m2@x'], isSpam: false, atime: 1700000100 })`);
    assert.deepEqual(read(), [[1, 1], [0, 1]]);
    other(`await forgetMessage(store, [k('0102030405'), k('ffffffffff')], ['m2@x'])`);
    assert.deepEqual(read(), [[1, 0], undefined]);
    other('await store.clear()');
    assert.deepEqual(read(), [undefined, undefined]);
    await scanner.close();
  });

  it('keeps the counts generation through atime touches, and the scanner its own touched atimes', async () => {
    const dir = tempDir();
    const store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    await learnMessage(store, { keys: [k('0102030405')], ids: ['m1@x'], isSpam: true, atime: 1700000000 });
    const env = LmdbEnvironment.open(dir);
    const generation = () => {
      env.refresh();
      return env.meta.getBinary('countsGeneration')?.toString('hex');
    };
    const before = generation();
    assert.ok(before);
    store.magic();
    assert.equal(store.getPackedTokens(k('0102030405'))[0]?.atime, 1700000000);
    await touchTokens(store, [k('0102030405')], 1700000500);
    assert.equal(generation(), before);
    store.magic();
    assert.deepEqual(store.getPackedTokens(k('0102030405'))[0], { spam: 1, ham: 0, atime: 1700000500 });
    await learnMessage(store, { keys: [k('0102030405')], ids: ['m2@x'], isSpam: true, atime: 1700000600 });
    assert.notEqual(generation(), before);
    store.magic();
    assert.deepEqual(store.getPackedTokens(k('0102030405'))[0], { spam: 2, ham: 0, atime: 1700000600 });
    await store.close();
  });

  it('refuses a token key that is not 5 bytes, and takes the learn back whole', async () => {
    const dir = tempDir();
    const store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
    await assert.rejects(learnMessage(store, { keys: [k('0102030405'), k('01020304')], ids: ['m1@x'], isSpam: true, atime: 1700000000 }), /4 bytes/);
    store.magic();
    assert.deepEqual(store.getPackedTokens(k('0102030405')), [undefined]);
    assert.equal(store.magic().nspam, 0);
    await store.close();
  });
});
