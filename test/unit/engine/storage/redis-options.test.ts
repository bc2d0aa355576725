import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRedis, endpoint, parseDsn, redisOptions, usesRedis } from '../../../../src/engine/storage/redis-options.js';
import { decideLayout } from '../../../../src/engine/storage/redis-layout.js';
import { bayesConfig } from '../bayes/bayes-helpers.js';

const REDIS = 'bayes_store_module Mail::SpamAssassin::BayesStore::Redis';

describe('Redis store options from SpamAssassin directives', () => {
  it('is chosen by bayes_store_module naming the Redis store only', () => {
    assert.equal(usesRedis(bayesConfig(REDIS)), true);
    assert.equal(usesRedis(bayesConfig('bayes_store_module Mail::SpamAssassin::BayesStore::DBM')), false);
    assert.equal(usesRedis(bayesConfig()), false);
  });

  it('parses bayes_sql_dsn as SpamAssassin does: first = splits, undef drops, unknown options ignored', () => {
    assert.deepEqual([...parseDsn('server=10.0.0.5:6380;password=a=b;database=2;foo=bar;x=undef')], [['server', '10.0.0.5:6380'], ['password', 'a=b'], ['database', '2'], ['foo', 'bar']]);
    assert.throws(() => parseDsn('server'), { code: 'ERR_STORAGE' });
    const o = redisOptions(bayesConfig(`${REDIS}\nbayes_sql_dsn server=10.0.0.5:6380;password=secret;database=2`));
    assert.deepEqual([o.endpoint, o.database, o.password, o.prefix], [{ host: '10.0.0.5', port: 6380 }, 2, 'secret', '']);
    assert.equal(describeRedis(o), 'redis 10.0.0.5:6380 db 2', 'the password never appears');
  });

  it('takes the Unix socket form, [v6]:port, sock= and SpamAssassin\'s default server', () => {
    assert.deepEqual(redisOptions(bayesConfig(`${REDIS}\nbayes_sql_dsn server=/run/redis/redis.sock;database=1`)).endpoint, { path: '/run/redis/redis.sock' });
    assert.deepEqual(endpoint('[::1]:6379'), { host: '::1', port: 6379 });
    assert.deepEqual(redisOptions(bayesConfig(`${REDIS}\nbayes_sql_dsn sock=/tmp/r.sock`)).endpoint, { path: '/tmp/r.sock' });
    assert.deepEqual(redisOptions(bayesConfig(REDIS)).endpoint, { host: '127.0.0.1', port: 6379 });
  });

  it('reads the TTLs (off with bayes_auto_expire 0) and Spamward\'s extra directives', () => {
    const d = redisOptions(bayesConfig(REDIS));
    assert.deepEqual([d.tokenTtl, d.seenTtl, d.timeoutMs], [21 * 86400, 8 * 86400, 1000]);
    assert.deepEqual([redisOptions(bayesConfig(`${REDIS}\nbayes_auto_expire 0`)).tokenTtl], [0]);
    const o = redisOptions(bayesConfig([REDIS, 'bayes_token_ttl 2d', 'bayes_redis_username scanner', 'bayes_redis_tls 1', 'bayes_redis_tls_ca /etc/ssl/ca.pem',
      'bayes_redis_prefix sw:', 'bayes_redis_timeout 250', 'bayes_redis_sentinels 10.0.0.1:26379, 10.0.0.2:26379', 'bayes_redis_sentinel_name bayes'].join('\n')));
    assert.deepEqual([o.tokenTtl, o.username, o.tls, o.prefix, o.timeoutMs, o.sentinelName], [2 * 86400, 'scanner', { ca: '/etc/ssl/ca.pem' }, 'sw:', 250, 'bayes']);
    assert.deepEqual(o.sentinels, [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }]);
    assert.match(describeRedis(o), /^redis sentinel bayes via 10\.0\.0\.1:26379,10\.0\.0\.2:26379 db 0 prefix "sw:"$/);
  });
});

describe('Redis token layout', () => {
  it('bayes_redis_layout: auto by default, spamassassin or sharded forced, anything else refused', () => {
    assert.equal(redisOptions(bayesConfig(REDIS)).layout, 'auto');
    assert.equal(redisOptions(bayesConfig(`${REDIS}\nbayes_redis_layout SpamAssassin`)).layout, 'spamassassin');
    assert.equal(redisOptions(bayesConfig(`${REDIS}\nbayes_redis_layout sharded`)).layout, 'sharded');
    assert.throws(() => redisOptions(bayesConfig(`${REDIS}\nbayes_redis_layout hashed`)), { code: 'ERR_STORAGE' });
  });

  it('finds the layout from v:LAYOUT and v:DB_VERSION, and refuses a forced layout the database does not hold', () => {
    const sa = { version: '3', format: '2', marker: '' };
    const ours = { version: '3', format: '0', marker: 'sharded 16' };
    assert.deepEqual(decideLayout(sa, 'auto'), { layout: 'spamassassin', shards: 16 });
    assert.deepEqual(decideLayout(ours, 'auto'), { layout: 'sharded', shards: 16 });
    assert.deepEqual(decideLayout({ ...ours, marker: 'sharded 64' }, 'sharded'), { layout: 'sharded', shards: 64 });
    assert.match(decideLayout(sa, 'sharded').problem ?? '', /holds the spamassassin key layout but bayes_redis_layout is sharded/);
    assert.match(decideLayout(ours, 'spamassassin').problem ?? '', /holds the sharded key layout/);
    assert.match(decideLayout({ ...sa, format: '1' }, 'auto').problem ?? '', /old Bayes token format 1/);
    assert.match(decideLayout({ ...sa, version: '2' }, 'auto').problem ?? '', /version 2 is not supported/);
    assert.match(decideLayout({ ...ours, marker: 'columns 3' }, 'auto').problem ?? '', /unknown Bayes key layout/);
  });
});
