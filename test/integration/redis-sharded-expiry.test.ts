/**
 * Expiry of the sharded Redis layout against a real redis-server: a
 * database past bayes_expiry_max_db_size loses exactly the tokens the LMDB
 * store's expiry removes from the same database, and the pass runs in small
 * steps that scans' reads interleave with.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backupStream, restoreBackup } from '../../src/engine/bayes/backup.js';
import { expireTokens } from '../../src/engine/bayes/expiry.js';
import { type AnyBayesStore, isRemoteStore } from '../../src/engine/bayes/store.js';
import { openStores, type OpenedStores } from '../../src/engine/storage/open-stores.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { bayesConfig } from '../unit/engine/bayes/bayes-helpers.js';

const TOKENS = 130_000;
const MAX_DB_SIZE = 120_000;
const DAY = 86400;
const NOW = Math.floor(Date.now() / 1000);

let redis: RedisServer;
const opened: OpenedStores[] = [];
let dir = '';

before(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'spamward-expiry-'));
});
after(async () => {
  for (const s of opened) await s.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A backup of TOKENS tokens whose atimes spread evenly over 600 days. */
function bigBackup(): string {
  const lines = ['v\t3\tdb_version # this must be the first line!!!', 'v\t50\tnum_spam', 'v\t50\tnum_nonspam'];
  for (let i = 0; i < TOKENS; i++) {
    const key = createHash('sha1').update(`token ${i}`).digest().subarray(0, 5).toString('hex');
    lines.push(`t\t${(i % 3) + 1}\t${i % 2}\t${NOW - 3600 - (i % 600) * DAY}\t${key}`);
  }
  return `${lines.join('\n')}\n`;
}

async function tokenLines(store: AnyBayesStore): Promise<string[]> {
  const out: string[] = [];
  for await (const l of backupStream(store)) if (l.startsWith('t\t')) out.push(l);
  return out.sort();
}

describe('expiry of the sharded Redis layout', () => {
  it('removes what LMDB\'s expiry removes, in steps that scans interleave with', async () => {
    const text = bigBackup();
    const lmdb = openStores(dir, bayesConfig());
    const red = openStores('unused', bayesConfig(`bayes_store_module Mail::SpamAssassin::BayesStore::Redis\nbayes_sql_dsn server=127.0.0.1:${redis.port};database=3`));
    opened.push(lmdb, red);
    await restoreBackup(lmdb.bayes, text, NOW);
    await restoreBackup(red.bayes, text, NOW);
    const store = red.bayes;
    assert.ok(isRemoteStore(store) && !isRemoteStore(lmdb.bayes));
    assert.equal(await redis.command(3, 'GET', 'v:LAYOUT'), 'sharded 16');

    const expected = await expireTokens(lmdb.bayes as Parameters<typeof expireTokens>[0], MAX_DB_SIZE, NOW);
    assert.ok(expected.removed > 10_000, `LMDB removed ${expected.removed}`);

    // Scans keep reading while the pass runs: each read waits behind one step at most.
    const probe = Buffer.concat(Array.from({ length: 300 }, (_, i) => createHash('sha1').update(`token ${i * 7}`).digest().subarray(0, 5)));
    let running = true;
    let readsDuring = 0;
    const reader = (async () => {
      while (running) {
        const r = await store.read(probe);
        assert.ok(r.counts.some((c) => c !== undefined));
        if (running) readsDuring++;
        // About one scan every 20 ms, as a busy scanner would read.
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const got = await store.expireNow(MAX_DB_SIZE, NOW);
    running = false;
    await reader;
    assert.deepEqual([got.removed, got.delta, got.kept], [expected.removed, expected.delta, expected.kept]);
    assert.ok(readsDuring >= 10, `only ${readsDuring} reads completed during the pass`);
    assert.deepEqual(await tokenLines(store), await tokenLines(lmdb.bayes));

    const lm = lmdb.bayes.magic();
    const rm = await store.refresh();
    assert.deepEqual([rm.ntokens, rm.oldestAtime, rm.lastAtimeDelta, rm.lastExpireReduce], [lm.ntokens, lm.oldestAtime, lm.lastAtimeDelta, lm.lastExpireReduce]);

    // In a daemon, learns and scans call expireStep: the first due call measures in the background, the next one cuts.
    const daemon = openStores('unused', bayesConfig(`bayes_store_module Mail::SpamAssassin::BayesStore::Redis\nbayes_sql_dsn server=127.0.0.1:${redis.port};database=4`));
    opened.push(daemon);
    const shared = daemon.bayes;
    assert.ok(isRemoteStore(shared));
    await restoreBackup(shared, text, NOW);
    await shared.expireStep(MAX_DB_SIZE, NOW);
    assert.equal(await redis.command(4, 'HGET', 'v:EXPIRY', 'sized'), '0', 'the first pass only measured');
    assert.equal(await redis.command(4, 'GET', 'v:NTOKENS'), String(TOKENS));
    await shared.expireStep(MAX_DB_SIZE, NOW);
    assert.equal(await redis.command(4, 'HGET', 'v:EXPIRY', 'state'), 'done');
    assert.deepEqual(await tokenLines(shared), await tokenLines(lmdb.bayes));
    await shared.expireStep(MAX_DB_SIZE, NOW);
    assert.equal(await redis.command(4, 'HGET', 'v:EXPIRY', 'pass'), '2', 'no third pass within 12 hours');
  });
});
