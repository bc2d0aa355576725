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
import { type LayoutContext, type LayoutRead, type LearnMode, parseReadReply, type RedisTokenLayout, shardedMarker } from './redis-layout.js';
import { StorageError } from '../../util/errors.js';
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

  async read(keys: readonly Buffer[]): Promise<LayoutRead> {
    const k = this.ctx.keys;
    const g = groupByShard(keys, this.shards);
    const reply = await this.ctx.run(() => this.script().swShardRead(2, k.magic('NSPAM'), k.magic('NHAM'), k.shardPrefix(), g.counts, g.blob));
    return parseReadReply(reply, keys.length, g.order);
  }

  learn(mode: LearnMode, keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    const k = this.ctx.keys;
    const fixed = ['NSPAM', 'NHAM', 'NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'DB_VERSION', 'LAYOUT'].map((n) => k.magic(n));
    const all = [...fixed, ...ids.map((id) => k.seen(id))];
    const g = groupByShard(keys, this.shards);
    return this.ctx.run(() => this.script().swShardLearn(all.length, ...all, mode, noRelearn ? '1' : '0', atime, this.ctx.options.seenTtl, ids.length,
      k.shardPrefix(), g.counts, g.blob, this.marker), this.ctx.conn.slowTimeoutMs);
  }

  async touch(keys: readonly Buffer[], atime: number): Promise<void> {
    const k = this.ctx.keys;
    const g = groupByShard(keys, this.shards);
    await this.ctx.run(() => this.script().swShardTouch(1, k.magic('NEWEST_TOKEN_AGE'), atime, k.shardPrefix(), g.counts, g.blob));
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
      const s = shardOf(key, this.shards);
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

/** A token's shard: its first byte (a hash byte, so shards fill evenly). */
function shardOf(key: Buffer, shards: number): number {
  return (key[0] ?? 0) % shards;
}

/**
 * The tokens back to back, shard 0's first (the scripts then need no
 * grouping of their own), how many each shard has ("n0 n1 ..."), and each
 * blob position's index in `keys`.
 */
export function groupByShard(keys: readonly Buffer[], shards: number): { blob: Buffer; counts: string; order: number[] } {
  const perShard = new Array<number>(shards).fill(0);
  for (const k of keys) {
    if (k.length !== 5) throw new StorageError(`token key of ${k.length} bytes (need 5)`);
    const s = shardOf(k, shards);
    perShard[s] = (perShard[s] as number) + 1;
  }
  const start = new Array<number>(shards);
  let at = 0;
  for (let s = 0; s < shards; s++) {
    start[s] = at;
    at += perShard[s] as number;
  }
  const blob = Buffer.allocUnsafe(keys.length * 5);
  const order = new Array<number>(keys.length);
  keys.forEach((k, i) => {
    const s = shardOf(k, shards);
    const pos = (start[s] as number)++;
    k.copy(blob, pos * 5);
    order[pos] = i;
  });
  return { blob, counts: perShard.join(' '), order };
}
