/**
 * A command given to a ready connection is written in the caller's turn: a
 * scan sends its Bayes read before the (synchronous) local rules and takes
 * the answer after them. Checked without timing: after run() the process
 * never yields, and a separate redis-cli (a child process run synchronously)
 * must see the command's effect on the real server.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { connectRedis, type RedisConnection } from '../../src/engine/storage/redis-client.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { requireProgram } from '../helpers/spamd-tools.js';

describe('Redis commands go out at once', () => {
  let redis: RedisServer;
  let conn: RedisConnection;
  let cli: string;

  before(async () => {
    cli = requireProgram('redis-cli', 'redis-tools');
    redis = await startRedis();
    conn = connectRedis({ endpoint: { host: '127.0.0.1', port: redis.port }, database: 4, prefix: '', timeoutMs: 2000, tokenTtl: 0, seenTtl: 0, layout: 'auto' });
    await conn.whenReady();
  });

  after(async () => {
    await conn.close();
    await redis.stop();
  });

  /** What the server holds under `key` now, asked by another client while this process stays busy. */
  const seenByOthers = (key: string): string => execFileSync(cli, ['-p', String(redis.port), '-n', '4', 'GET', key], { encoding: 'utf8' }).trim();

  it('a command run on a ready link reaches the server before the caller yields', async () => {
    const pending = conn.run(() => conn.client.set('sent-now', 'yes'));
    // No await, no yield: a write deferred to a microtask would not have happened yet.
    let seen = '';
    for (let i = 0; i < 50 && seen !== 'yes'; i++) seen = seenByOthers('sent-now');
    assert.equal(seen, 'yes');
    assert.equal(await pending, 'OK');
  });

  it('errors still name the server', async () => {
    await assert.rejects(conn.run(() => conn.client.incr('sent-now')), (e: Error) => e.name === 'StorageError' && e.message.includes(`127.0.0.1:${redis.port}`));
  });
});
