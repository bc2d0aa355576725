import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listAwlAddress } from '../../../../src/engine/reputation/address-list.js';
import { LmdbEnvironment } from '../../../../src/engine/storage/lmdb-environment.js';
import { LmdbReputationStore } from '../../../../src/engine/storage/lmdb-reputation-store.js';

describe('LmdbReputationStore', () => {
  it('keeps entries across reopen and applies nothing from a throwing update', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spamward-rep-'));
    try {
      let env = LmdbEnvironment.open(dir);
      let store = new LmdbReputationStore(env);
      await store.transact((tx) => tx.put('a@example.org|ip=192.0', { count: 3, total: -4.5, lastHit: 1700000000 }));
      await listAwlAddress(store, 'bad@example.org', 'block', 1700000001);
      await assert.rejects(store.transact((tx) => {
        tx.put('a@example.org|ip=192.0', { count: 99, total: 0, lastHit: 0 });
        throw new Error('boom');
      }));
      await env.close();
      env = LmdbEnvironment.open(dir);
      store = new LmdbReputationStore(env);
      assert.deepEqual(store.get('a@example.org|ip=192.0'), { count: 3, total: -4.5, lastHit: 1700000000 });
      assert.deepEqual(store.get('bad@example.org|ip=none'), { count: 1, total: 100, lastHit: 1700000001 });
      assert.equal(await listAwlAddress(store, 'bad@example.org', 'remove'), true);
      assert.equal([...store.entries()].length, 1);
      await env.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
