/**
 * The Redis Bayes and reputation stores against a real redis-server, in
 * both token layouts (Spamward's sharded one, SpamAssassin's): the
 * same learn/forget/relearn results as LMDB, migration LMDB → Redis → LMDB
 * through sa-learn's backup format giving back the same dump, the same
 * Bayes probability from either store, SpamAssassin's DSN forms (TCP and
 * Unix socket), `spamward learn` on Redis, a clear error when Redis is
 * down, and reputation updates from parallel scanners losing nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { backupStream, restoreBackup } from '../../src/engine/bayes/backup.js';
import { learnRaw } from '../../src/engine/bayes/learn-raw.js';
import { isRemoteStore } from '../../src/engine/bayes/store.js';
import type { EngineConfig } from '../../src/engine/config/types.js';
import { awlAdjust } from '../../src/engine/reputation/awl.js';
import type { RelayAnalysis } from '../../src/engine/message/analysis-types.js';
import { openStores, type OpenedStores } from '../../src/engine/storage/open-stores.js';
import type { RedisBayesStore } from '../../src/engine/storage/redis-bayes-store.js';
import { bayesMail } from '../helpers/bayes-mail.js';
import { startRedis, startSentinel, type RedisServer } from '../helpers/redis-server.js';
import { freePort } from '../helpers/spamd-peers.js';
import { bayesConfig, scanState } from '../unit/engine/bayes/bayes-helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
let redis: RedisServer;
const dirs: string[] = [];
const opened: OpenedStores[] = [];

before(async () => {
  redis = await startRedis();
});
after(async () => {
  for (const s of opened) await s.close();
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const MIN = 'bayes_min_spam_num 2\nbayes_min_ham_num 2';
const lmdbStores = (conf: EngineConfig): OpenedStores => {
  const d = mkdtempSync(join(tmpdir(), 'spamward-lmdb-'));
  dirs.push(d);
  const s = openStores(d, conf);
  opened.push(s);
  return s;
};
const redisStores = (conf: EngineConfig): OpenedStores => {
  const s = openStores('unused', conf);
  opened.push(s);
  return s;
};
const redisConf = (dsn: string, extra = ''): EngineConfig =>
  bayesConfig(`${MIN}\nbayes_store_module Mail::SpamAssassin::BayesStore::Redis\nbayes_sql_dsn ${dsn}\n${extra}`);

async function backup(s: OpenedStores): Promise<string> {
  let out = '';
  for await (const l of backupStream(s.bayes)) out += l;
  return out;
}
const sorted = (text: string): string[] => text.split('\n').sort();

async function train(s: OpenedStores, conf: EngineConfig): Promise<void> {
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', i)), 'spam'), { learned: true });
    assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('ham', i)), 'ham'), { learned: true });
  }
}

async function probability(s: OpenedStores, conf: EngineConfig, raw: string): Promise<number | undefined> {
  const ctx = scanState(conf, raw);
  await s.classifier.prefetch(ctx);
  return s.classifier.classify(ctx).probability;
}

describe('Bayes on Redis', () => {
  for (const [layout, db] of [['sharded', 1], ['spamassassin', 9]] as const) {
    it(`${layout} layout: learns, forgets and relearns exactly as LMDB, and classifies the same`, async () => {
      const lconf = bayesConfig(MIN);
      const rconf = redisConf(`server=127.0.0.1:${redis.port};database=${db}`, layout === 'sharded' ? '' : 'bayes_redis_layout spamassassin');
      const lmdb = lmdbStores(lconf);
      const red = redisStores(rconf);
      assert.ok(isRemoteStore(red.bayes));
      for (const [s, conf] of [[lmdb, lconf], [red, rconf]] as const) {
        await train(s, conf);
        assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 0)), 'spam'), { learned: false, reason: 'already learned as that class' });
        assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 1)), 'forget'), { learned: true });
        assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('ham', 2)), 'spam'), { learned: true }, 'relearn ham as spam');
      }
      assert.equal(await redis.command(db, 'GET', 'v:NSPAM'), '5');
      assert.equal(await redis.command(db, 'GET', 'v:NHAM'), '4');
      // A new database gets the sharded layout unless configured otherwise; SpamAssassin's layout carries no marker.
      assert.equal(await redis.command(db, 'GET', 'v:LAYOUT'), layout === 'sharded' ? 'sharded 16' : '');
      assert.equal((await redis.command(db, 'KEYS', layout === 'sharded' ? 'w:*' : 't:*')), '', 'no key of the other layout');
      assert.ok(Number(await redis.command(db, 'EVAL', `return #redis.call('KEYS', '${layout === 'sharded' ? 't:*' : 'w:*'}')`, '0')) > 0);
      const learned = sorted(await backup(red));
      assert.deepEqual(learned, sorted(await backup(lmdb)));
      // spam 29 is dated after every learned message, so its significant tokens' atimes move.
      for (const raw of [bayesMail('spam', 20), bayesMail('ham', 20), bayesMail('spam', 29)]) {
        const p = await probability(lmdb, lconf, raw);
        assert.ok(p !== undefined);
        assert.equal(await probability(red, rconf, raw), p);
      }
      // The sharded layout keeps atimes, so scans move them up as on LMDB; SpamAssassin's renews TTLs instead.
      await Promise.all([lmdb.classifier.flush(), red.classifier.flush()]);
      const touched = sorted(await backup(red)).filter((l) => !learned.includes(l));
      assert.equal(touched.length > 0, layout === 'sharded', touched.join(''));
    });
  }

  it('spamassassin layout: renews the TTL of a scan\'s significant tokens in one batched call, and not again within the hour', async () => {
    const conf = redisConf(`server=127.0.0.1:${redis.port};database=8`, 'bayes_redis_layout spamassassin');
    const red = redisStores(conf);
    await train(red, conf);
    const shorten = "for _, k in ipairs(redis.call('KEYS', 'w:*')) do redis.call('EXPIRE', k, 100) end return 1";
    const renewed = async (): Promise<number> => Number(await redis.command(8, 'EVAL', "local n = 0 for _, k in ipairs(redis.call('KEYS', 'w:*')) do if redis.call('TTL', k) > 1000 then n = n + 1 end end return n", '0'));
    await redis.command(8, 'EVAL', shorten, '0');
    const probe = bayesMail('spam', 30);
    assert.ok((await probability(red, conf, probe)) !== undefined);
    await red.classifier.flush();
    const first = await renewed();
    assert.ok(first > 0, 'the scan renewed its significant tokens');
    await redis.command(8, 'EVAL', shorten, '0');
    assert.ok((await probability(red, conf, probe)) !== undefined);
    await red.classifier.flush();
    assert.equal(await renewed(), 0, 'tokens renewed a moment ago are not renewed again');
    assert.ok((await probability(red, conf, bayesMail('ham', 31))) !== undefined);
    await red.classifier.flush();
    assert.ok((await renewed()) > 0, 'another message\'s new tokens are renewed');
  });

  for (const [layout, db] of [['sharded', 2], ['spamassassin', 10]] as const) {
    it(`${layout} layout: migrates LMDB → Redis (Unix socket DSN) → LMDB and gets the same backup back`, async () => {
      const lconf = bayesConfig(MIN);
      const source = lmdbStores(lconf);
      await train(source, lconf);
      const first = await backup(source);
      const red = redisStores(redisConf(`server=${redis.socket};database=${db}`, `bayes_redis_prefix sw:\nbayes_redis_layout ${layout}`));
      const restored = await restoreBackup(red.bayes, first);
      assert.deepEqual([restored.nspam, restored.nham], [5, 5]);
      const viaRedis = await backup(red);
      assert.deepEqual(sorted(viaRedis), sorted(first));
      assert.equal(await redis.command(db, 'GET', 'sw:v:NSPAM'), '5', 'keys carry the prefix');
      assert.equal(await redis.command(db, 'GET', 'sw:v:LAYOUT'), layout === 'sharded' ? 'sharded 16' : '');
      const back = lmdbStores(lconf);
      await restoreBackup(back.bayes, viaRedis);
      assert.equal(await backup(back), first);
    });
  }

  it('`spamward learn` backs up, dumps and clears a Redis database in either layout; with Redis down it fails with a clear error', async () => {
    for (const db of [1, 9]) {
      const cf = ['--cf', 'bayes_store_module Mail::SpamAssassin::BayesStore::Redis', '--cf', `bayes_sql_dsn server=127.0.0.1:${redis.port};database=${db}`];
      const dump = spawnSync(process.execPath, [MAIN, 'learn', '-L', ...cf, '--backup'], { encoding: 'latin1', timeout: 120_000 });
      assert.equal(dump.status, 0, dump.stderr);
      assert.deepEqual(sorted(dump.stdout), sorted(await backup(redisStores(redisConf(`server=127.0.0.1:${redis.port};database=${db}`)))));
      const magic = spawnSync(process.execPath, [MAIN, 'learn', '-L', ...cf, '--dump', 'magic'], { encoding: 'latin1', timeout: 120_000 });
      assert.equal(magic.status, 0, magic.stderr);
      assert.match(magic.stdout, /^0\.000 +0 +5 +0  non-token data: nspam$/m);
      const expire = spawnSync(process.execPath, [MAIN, 'learn', '-L', ...cf, '--force-expire'], { encoding: 'latin1', timeout: 120_000 });
      assert.equal(expire.status, 0, expire.stderr);
      assert.match(expire.stderr, db === 1 ? /^expiry: not enough tokens to expire; removed 0, kept \d+$/m : /^expiry: Redis expires tokens and seen ids itself/m);
    }
    const clear = spawnSync(process.execPath, [MAIN, 'learn', '-L', '--cf', 'bayes_store_module Mail::SpamAssassin::BayesStore::Redis', '--cf', `bayes_sql_dsn server=${redis.socket};database=2`, '--cf', 'bayes_redis_prefix sw:', '--clear'], { encoding: 'latin1', timeout: 120_000 });
    assert.equal(clear.status, 0, clear.stderr);
    assert.equal(await redis.command(2, 'DBSIZE'), '0', 'every key of the sharded database is gone');
    const closed = await freePort();
    const d = mkdtempSync(join(tmpdir(), 'spamward-msg-'));
    dirs.push(d);
    writeFileSync(join(d, 'm.eml'), bayesMail('spam', 9));
    const down = ['--cf', 'bayes_store_module Mail::SpamAssassin::BayesStore::Redis', '--cf', `bayes_sql_dsn server=127.0.0.1:${closed}`, '--cf', 'bayes_redis_timeout 300'];
    const r = spawnSync(process.execPath, [MAIN, 'learn', '-L', ...down, '--spam', join(d, 'm.eml')], { encoding: 'latin1', timeout: 120_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`redis 127\\.0\\.0\\.1:${closed} db 0 unavailable`));
  });
});

describe('one Redis database shared with SpamAssassin', () => {
  const saLearn = (args: string[]): string => {
    const r = spawnSync('sa-learn', ['-L', `--cf=bayes_store_module Mail::SpamAssassin::BayesStore::Redis`, `--cf=bayes_sql_dsn server=127.0.0.1:${redis.port};database=6`, ...args], { encoding: 'latin1', timeout: 180_000 });
    if (r.error) throw new Error(`sa-learn is required for this test: ${r.error.message}`);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  /** Token lines without the atime (SpamAssassin's Redis store has none and prints the current time). */
  const tokens = (backup: string): string[] => backup.split('\n').filter((l) => l.startsWith('t\t')).map((l) => l.split('\t').filter((_, i) => i !== 3).join('\t')).sort();

  it('reads what Debian\'s sa-learn wrote to Redis (found to be SpamAssassin\'s layout), and sa-learn reads what Spamward learns', async () => {
    const d = mkdtempSync(join(tmpdir(), 'spamward-sa-redis-'));
    dirs.push(d);
    for (let i = 0; i < 3; i++) writeFileSync(join(d, `s${i}.eml`), bayesMail('spam', 40 + i));
    saLearn(['--spam', d]);
    const conf = redisConf(`server=127.0.0.1:${redis.port};database=6`);
    const s = redisStores(conf);
    await s.ready();
    assert.equal((s.bayes as RedisBayesStore).layout, 'spamassassin', 'auto-detected: v:DB_VERSION and no v:LAYOUT');
    const ours = await backup(s);
    assert.match(ours, /^v\t3\tdb_version.*\nv\t3\tnum_spam\nv\t0\tnum_nonspam\n/);
    assert.deepEqual(tokens(ours), tokens(saLearn(['--backup'])));
    assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('ham', 40)), 'ham'), { learned: true });
    const theirs = saLearn(['--backup']);
    assert.match(theirs, /\nv\t1\tnum_nonspam\n/);
    assert.deepEqual(tokens(theirs), tokens(await backup(s)));
    assert.equal(await redis.command(6, 'EXISTS', 'v:LAYOUT'), '0', 'the database stays SpamAssassin\'s');
    assert.equal(await redis.command(6, 'KEYS', 't:*'), '');
  });

  it('with bayes_redis_layout sharded, refuses SpamAssassin\'s database until it is restored into the sharded layout', async () => {
    const conf = redisConf(`server=127.0.0.1:${redis.port};database=6`, 'bayes_redis_layout sharded\nbayes_min_ham_num 1');
    const s = redisStores(conf);
    await s.ready();
    await assert.rejects((s.bayes as RedisBayesStore).tokens()[Symbol.asyncIterator]().next(), /holds the spamassassin key layout but bayes_redis_layout is sharded/);
    const ctx = scanState(conf, bayesMail('ham', 41));
    await s.classifier.prefetch(ctx);
    assert.match(s.classifier.classify(ctx).reason ?? '', /Bayes store unavailable: .*spamassassin key layout/, 'scans go on without Bayes');
    const old = await backup(redisStores(redisConf(`server=127.0.0.1:${redis.port};database=6`)));
    await restoreBackup(s.bayes, old);
    assert.equal(await redis.command(6, 'GET', 'v:LAYOUT'), 'sharded 16');
    assert.equal(await redis.command(6, 'KEYS', 'w:*'), '', 'the per-token keys are gone');
    assert.deepEqual(sorted(await backup(s)), sorted(old));
  });
});

describe('Redis Sentinel', () => {
  it('finds the master through a real Sentinel and learns there', async () => {
    const sentinel = await startSentinel(redis);
    try {
      const conf = redisConf('database=4', `bayes_redis_sentinels 127.0.0.1:${sentinel.port}\nbayes_redis_sentinel_name mymaster`);
      const s = redisStores(conf);
      await s.ready();
      assert.deepEqual(await learnRaw(s.classifier, conf, Buffer.from(bayesMail('spam', 1)), 'spam'), { learned: true });
      assert.equal(await redis.command(4, 'GET', 'v:NSPAM'), '1');
    } finally {
      await sentinel.stop();
    }
  });
});

describe('reputation on Redis', () => {
  it('loses no update when many scanners adjust the same sender at once', async () => {
    const conf = redisConf(`server=127.0.0.1:${redis.port};database=3`, 'loadplugin Mail::SpamAssassin::Plugin::AWL');
    const scanners = [redisStores(conf), redisStores(conf), redisStores(conf)];
    const relays = { trusted: [], untrusted: [{ ip: '198.51.100.7', ipPrivate: false }] } as unknown as RelayAnalysis;
    const input = { conf, from: 'sender@example.org', relays, hits: [{ name: 'SOME_RULE', score: 2 }], update: true, now: 1000 };
    await Promise.all(Array.from({ length: 30 }, (_, i) => awlAdjust((scanners[i % 3] as OpenedStores).reputation, input)));
    const entry = await (scanners[0] as OpenedStores).reputation.get('sender@example.org|ip=198.51');
    assert.deepEqual(entry, { count: 30, total: 60, lastHit: 1000 });
    assert.equal(await redis.command(3, 'HGET', 'awl:sender@example.org|ip=198.51', 'c'), '30');
  });
});
