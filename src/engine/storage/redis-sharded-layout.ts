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
import { type LayoutContext, type LayoutRead, type LearnMode, type RedisTokenLayout, shardedMarker, tokenBlob } from './redis-layout.js';
import { decodeReadReply } from './redis-read-reply.js';
import { StorageError } from '../../util/errors.js';
import { ShardedExpiry } from './redis-sharded-expiry.js';
import { SHARDED_LEARN, SHARDED_READ, SHARDED_TOUCH } from './redis-sharded-scripts.js';

const BATCH = 1000;
const KEY_BYTES = 5;
/** Fields per HSET of a restore. */
const RESTORE_FIELDS = 500;
/** A token whose atime this process moved is not moved again for this long (seconds). */
const TOUCH_REFRESH_S = 3600;

type Scripted = {
  swShardReadBuffer(n: number, ...args: (Buffer | string | number)[]): Promise<Buffer>;
  swShardLearn(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swShardTouch(n: number, ...args: (Buffer | string | number)[]): Promise<number>;
};

export class ShardedLayout implements RedisTokenLayout {
  readonly name = 'sharded';
  readonly marker: string;
  readonly touchRefreshS = TOUCH_REFRESH_S;
  readonly expiry: ShardedExpiry;
  /** The keys every read names, made once: v:NSPAM, v:NHAM and the shard key prefix. */
  private readonly readKeys: readonly [Buffer, Buffer, Buffer];

  constructor(private readonly ctx: LayoutContext, readonly shards: number) {
    this.marker = shardedMarker(shards);
    this.readKeys = [ctx.keys.magic('NSPAM'), ctx.keys.magic('NHAM'), ctx.keys.shardPrefix()];
    const c = ctx.conn.client;
    c.defineCommand('swShardRead', { lua: SHARDED_READ });
    c.defineCommand('swShardLearn', { lua: SHARDED_LEARN });
    c.defineCommand('swShardTouch', { lua: SHARDED_TOUCH });
    this.expiry = new ShardedExpiry(ctx, shards);
  }

  async read(packed: Buffer): Promise<LayoutRead> {
    const [nspam, nham, prefix] = this.readKeys;
    const g = groupByShard(packed, this.shards);
    const reply = await this.ctx.run(() => this.script().swShardReadBuffer(2, nspam, nham, prefix, g.counts, g.blob));
    return decodeReadReply(reply, g.order.length, g.order);
  }

  learn(mode: LearnMode, keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    const k = this.ctx.keys;
    const fixed = ['NSPAM', 'NHAM', 'NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'DB_VERSION', 'LAYOUT'].map((n) => k.magic(n));
    const all = [...fixed, ...ids.map((id) => k.seen(id))];
    const g = groupByShard(tokenBlob(keys), this.shards);
    return this.ctx.run(() => this.script().swShardLearn(all.length, ...all, mode, noRelearn ? '1' : '0', atime, this.ctx.options.seenTtl, ids.length,
      k.shardPrefix(), g.counts, g.blob, this.marker), this.ctx.conn.slowTimeoutMs);
  }

  async touch(keys: readonly Buffer[], atime: number): Promise<void> {
    const k = this.ctx.keys;
    const g = groupByShard(tokenBlob(keys), this.shards);
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
 * The tokens of `packed` (5-byte keys back to back) regrouped by shard,
 * shard 0's first (the scripts then need no grouping of their own), how many
 * each shard has ("n0 n1 ..."), and each grouped position's index in
 * `packed`. Byte loops over the one buffer: no per-token object.
 */
export function groupByShard(packed: Buffer, shards: number): { blob: Buffer; counts: string; order: Uint32Array } {
  if (packed.length % KEY_BYTES !== 0) throw new StorageError(`token keys of ${packed.length} bytes (need a multiple of ${KEY_BYTES})`);
  const n = packed.length / KEY_BYTES;
  const perShard = new Uint32Array(shards);
  for (let i = 0; i < packed.length; i += KEY_BYTES) {
    const s = (packed[i] as number) % shards;
    perShard[s] = (perShard[s] as number) + 1;
  }
  const next = new Uint32Array(shards);
  for (let s = 1; s < shards; s++) next[s] = (next[s - 1] as number) + (perShard[s - 1] as number);
  const blob = Buffer.allocUnsafe(packed.length);
  const order = new Uint32Array(n);
  for (let k = 0, i = 0; k < n; k++, i += KEY_BYTES) {
    const s = (packed[i] as number) % shards;
    const pos = next[s] as number;
    next[s] = pos + 1;
    const o = pos * KEY_BYTES;
    blob[o] = packed[i] as number;
    blob[o + 1] = packed[i + 1] as number;
    blob[o + 2] = packed[i + 2] as number;
    blob[o + 3] = packed[i + 3] as number;
    blob[o + 4] = packed[i + 4] as number;
    order[pos] = k;
  }
  return { blob, counts: perShard.join(' '), order };
}
