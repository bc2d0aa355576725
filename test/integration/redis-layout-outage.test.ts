/**
 * Redis going down and coming back, in both token layouts, against a real
 * redis-server (AOF on, so the data survives kill -9): while it is down a
 * scan's read and a learn fail at once with an error naming the server;
 * once it is back the same store reads and learns again, in the layout the
 * database had.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { learnRaw } from '../../src/engine/bayes/learn-raw.js';
import { isRemoteStore } from '../../src/engine/bayes/store.js';
import { openStores, type OpenedStores } from '../../src/engine/storage/open-stores.js';
import type { RedisBayesStore } from '../../src/engine/storage/redis-bayes-store.js';
import { bayesMail } from '../helpers/bayes-mail.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { bayesConfig } from '../unit/engine/bayes/bayes-helpers.js';

let redis: RedisServer;
const opened: OpenedStores[] = [];

before(async () => {
  redis = await startRedis({ aof: true });
});
after(async () => {
  for (const s of opened) await s.close();
  await redis?.stop();
});

const probe = Buffer.from('abcdefghij');

describe('Redis down and back, both layouts', () => {
  it('fails fast while down and resumes in the same layout', async () => {
    const layouts = [['sharded', 1, 'auto'], ['spamassassin', 2, 'spamassassin']] as const;
    const stores = layouts.map(([, db, setting]) => {
      const conf = bayesConfig(`bayes_store_module Mail::SpamAssassin::BayesStore::Redis\nbayes_sql_dsn server=127.0.0.1:${redis.port};database=${db}\nbayes_redis_timeout 300\nbayes_redis_layout ${setting}`);
      const s = openStores('unused', conf);
      opened.push(s);
      return { s, conf };
    });
    for (const { s, conf } of stores) {
      await s.ready();
      assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 1)), 'spam'), { learned: true });
    }
    await redis.kill();
    for (const { s, conf } of stores) {
      assert.ok(isRemoteStore(s.bayes));
      const noticed = Date.now() + 5000;
      while (s.bayes.available && Date.now() < noticed) await new Promise((r) => setTimeout(r, 20));
      await assert.rejects(s.bayes.read(probe), new RegExp(`redis 127\\.0\\.0\\.1:${redis.port} db \\d unavailable`));
      const r = await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 2)), 'spam');
      assert.equal(r.learned, false);
      assert.match(r.reason ?? '', /unavailable/);
    }
    await redis.restart();
    for (const [i, { s, conf }] of stores.entries()) {
      const store = s.bayes as RedisBayesStore;
      const deadline = Date.now() + 10_000;
      while (!store.available && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal((await store.read(probe)).magic.nspam, 1, 'the learned message survived');
      assert.equal(store.layout, layouts[i]?.[0]);
      assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 2)), 'spam'), { learned: true });
      assert.equal(await redis.command(layouts[i]?.[1] ?? 0, 'GET', 'v:NSPAM'), '2');
    }
  });
});
