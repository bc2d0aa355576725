/**
 * Spamward's sharded token layout (keys and scripts in
 * redis-sharded-scripts.ts): tokens are fields of a few hashes, chosen by
 * the token's first byte, value "spam ham atime"; a scan's read is one
 * script doing one HMGET per shard; expiry walks the shards in small steps
 * (redis-sharded-expiry.ts) instead of relying on per-key TTLs.
 */
import type { ChainableCommander } from 'ioredis';
import type { ExpiryResult } from '../bayes/expiry.js';
import type { TokenCounts } from '../bayes/store.js';
import { type LayoutContext, type LearnMode, type RedisTokenLayout, shardedMarker } from './redis-layout.js';
import { ShardedExpiry } from './redis-sharded-expiry.js';
import { SHARDED_LEARN, SHARDED_READ, SHARDED_TOUCH } from './redis-sharded-scripts.js';

const BATCH = 1000;
/** Fields per HSET of a restore. */
const RESTORE_FIELDS = 500;
/** A token whose atime this process moved is not moved again for this long (seconds). */
const TOUCH_REFRESH_S = 3600;

type Scripted = {
  swShardRead(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swShardLearn(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swShardTouch(n: number, ...args: (Buffer | string | number)[]): Promise<number>;
};

export class ShardedLayout implements RedisTokenLayout {
  readonly name = 'sharded';
  readonly marker: string;
  readonly touchRefreshS = TOUCH_REFRESH_S;
  readonly expiry: ShardedExpiry;

  constructor(private readonly ctx: LayoutContext, readonly shards: number) {
    this.marker = shardedMarker(shards);
    const c = ctx.conn.client;
    c.defineCommand('swShardRead', { lua: SHARDED_READ });
    c.defineCommand('swShardLearn', { lua: SHARDED_LEARN });
    c.defineCommand('swShardTouch', { lua: SHARDED_TOUCH });
    this.expiry = new ShardedExpiry(ctx, shards);
  }

  read(blob: Buffer): Promise<string> {
    const k = this.ctx.keys;
    return this.ctx.run(() => this.script().swShardRead(2, k.magic('NSPAM'), k.magic('NHAM'), k.shardPrefix(), this.shards, blob));
  }

  learn(mode: LearnMode, blob: Buffer, ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    const k = this.ctx.keys;
    const fixed = ['NSPAM', 'NHAM', 'NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'DB_VERSION', 'LAYOUT'].map((n) => k.magic(n));
    const all = [...fixed, ...ids.map((id) => k.seen(id))];
    return this.ctx.run(() => this.script().swShardLearn(all.length, ...all, mode, noRelearn ? '1' : '0', atime, this.ctx.options.seenTtl, ids.length,
      k.shardPrefix(), this.shards, blob, this.marker), this.ctx.conn.slowTimeoutMs);
  }

  async touch(blob: Buffer, atime: number): Promise<void> {
    const k = this.ctx.keys;
    await this.ctx.run(() => this.script().swShardTouch(1, k.magic('NEWEST_TOKEN_AGE'), atime, k.shardPrefix(), this.shards, blob));
  }

  async *tokens(): AsyncIterable<[Buffer, TokenCounts]> {
    const { conn } = this.ctx;
    for (let s = 0; s < this.shards; s++) {
      const key = this.ctx.keys.shard(s);
      let cursor = '0';
      do {
        const [next, items] = await this.ctx.run(() => conn.client.hscanBuffer(key, cursor, 'COUNT', BATCH), conn.slowTimeoutMs);
        cursor = next.toString();
        for (let i = 0; i + 1 < items.length; i += 2) {
          const [spam, ham, atime] = (items[i + 1] as Buffer).toString('latin1').split(' ').map((x) => Number(x) || 0) as [number, number, number];
          if (spam > 0 || ham > 0) yield [Buffer.from(items[i] as Buffer), { spam, ham, atime }];
        }
      } while (cursor !== '0');
    }
  }

  *restoreOps(toks: readonly [Buffer, TokenCounts][]): Iterable<(pipe: ChainableCommander) => void> {
    const byShard = new Map<number, (Buffer | string)[]>();
    const write = (s: number, fields: (Buffer | string)[]) => (pipe: ChainableCommander): void => void pipe.hset(this.ctx.keys.shard(s), ...fields);
    for (const [key, t] of toks) {
      const s = (key[0] ?? 0) % this.shards;
      const fields = byShard.get(s) ?? [];
      fields.push(key, `${t.spam} ${t.ham} ${t.atime}`);
      byShard.set(s, fields);
      if (fields.length >= 2 * RESTORE_FIELDS) {
        yield write(s, fields);
        byShard.delete(s);
      }
    }
    for (const [s, fields] of byShard) yield write(s, fields);
  }

  restoreMarks(): [Buffer, string][] {
    return [[this.ctx.keys.magic('LAYOUT'), this.marker]];
  }

  expireStep(maxDbSize: number, now: number): Promise<void> {
    return this.expiry.maintain(maxDbSize, now);
  }

  expireNow(maxDbSize: number, now: number): Promise<ExpiryResult> {
    return this.expiry.runPass(maxDbSize, now);
  }

  private script(): Scripted {
    return this.ctx.conn.client as unknown as Scripted;
  }
}
