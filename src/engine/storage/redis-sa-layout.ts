/**
 * SpamAssassin's BayesStore::Redis token layout (scripts in
 * redis-scripts.ts): one hash per token, expiry by Redis's own TTL
 * (bayes_token_ttl), renewed for a scan's significant tokens.
 */
import type { ChainableCommander } from 'ioredis';
import type { ExpiryResult } from '../bayes/expiry.js';
import type { TokenCounts } from '../bayes/store.js';
import { StorageError } from '../../util/errors.js';
import { type LayoutContext, type LayoutRead, type LearnMode, type RedisTokenLayout, tokenBlob } from './redis-layout.js';
import { decodeReadReply } from './redis-read-reply.js';
import { LEARN, READ_TOKENS, TOUCH } from './redis-scripts.js';

const BATCH = 1000;
/** A token renewed by this process is not renewed again for this long (seconds). */
const TOUCH_REFRESH_S = 3600;

type Scripted = {
  swBayesReadBuffer(n: number, ...args: (Buffer | string)[]): Promise<Buffer>;
  swBayesLearn(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swBayesTouch(n: number, ...args: (Buffer | string | number)[]): Promise<number>;
};

export class SpamAssassinLayout implements RedisTokenLayout {
  readonly name = 'spamassassin';
  readonly marker = '';
  readonly touchRefreshS: number;
  /** The keys every read names, made once: v:NSPAM, v:NHAM and the token key prefix. */
  private readonly readKeys: readonly [Buffer, Buffer, Buffer];

  constructor(private readonly ctx: LayoutContext) {
    this.readKeys = [ctx.keys.magic('NSPAM'), ctx.keys.magic('NHAM'), ctx.keys.tokenPrefix()];
    const c = ctx.conn.client;
    c.defineCommand('swBayesRead', { lua: READ_TOKENS });
    c.defineCommand('swBayesLearn', { lua: LEARN });
    c.defineCommand('swBayesTouch', { lua: TOUCH });
    // Renewing more often than a tenth of the TTL only costs the server time; without a TTL only NEWEST_TOKEN_AGE moves.
    this.touchRefreshS = Math.min(TOUCH_REFRESH_S, ctx.options.tokenTtl / 10);
  }

  async read(packed: Buffer): Promise<LayoutRead> {
    if (packed.length % 5 !== 0) throw new StorageError(`token keys of ${packed.length} bytes (need a multiple of 5)`);
    const [nspam, nham, prefix] = this.readKeys;
    return decodeReadReply(await this.ctx.run(() => this.script().swBayesReadBuffer(2, nspam, nham, prefix, packed)), packed.length / 5);
  }

  learn(mode: LearnMode, keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    const { keys: k, options: o } = this.ctx;
    const fixed = ['NSPAM', 'NHAM', 'NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'DB_VERSION', 'TOKEN_FORMAT'].map((n) => k.magic(n));
    const all = [...fixed, ...ids.map((id) => k.seen(id))];
    const blob = tokenBlob(keys);
    return this.ctx.run(() => this.script().swBayesLearn(all.length, ...all, mode, noRelearn ? '1' : '0', atime, o.tokenTtl, o.seenTtl, ids.length, k.tokenPrefix(), blob), this.ctx.conn.slowTimeoutMs);
  }

  async touch(keys: readonly Buffer[], atime: number): Promise<void> {
    const k = this.ctx.keys;
    const blob = tokenBlob(keys);
    await this.ctx.run(() => this.script().swBayesTouch(1, k.magic('NEWEST_TOKEN_AGE'), atime, this.ctx.options.tokenTtl, k.tokenPrefix(), blob));
  }

  async *tokens(): AsyncIterable<[Buffer, TokenCounts]> {
    const { conn, keys } = this.ctx;
    for await (const batch of scanKeys(this.ctx, keys.tokenPattern())) {
      const pipe = conn.client.pipeline();
      for (const key of batch) pipe.hmget(key, 's', 'h', 'a');
      const results = (await this.ctx.run(() => pipe.exec(), conn.slowTimeoutMs)) ?? [];
      for (let i = 0; i < batch.length; i++) {
        const [err, v] = results[i] ?? [];
        if (err) throw new StorageError(`${conn.description}: ${err.message}`);
        const [s, h, a] = (v as (string | null)[]).map((x) => Number(x) || 0) as [number, number, number];
        if (s > 0 || h > 0) yield [keys.tokenOf(batch[i] as Buffer), { spam: s, ham: h, atime: a }];
      }
    }
  }

  /** Like SpamAssassin's restore: TTLs spread over 0.7..1.7 times the setting, so expiry does not come in one burst. */
  *restoreOps(toks: readonly [Buffer, TokenCounts][]): Iterable<(pipe: ChainableCommander) => void> {
    const ttl = this.ctx.options.tokenTtl;
    for (const [key, t] of toks) {
      const k = this.ctx.keys.token(key);
      yield (pipe) => {
        pipe.hset(k, 's', t.spam, 'h', t.ham, 'a', t.atime);
        if (ttl > 0) pipe.expire(k, Math.floor(ttl * (0.7 + Math.random())));
      };
    }
  }

  restoreMarks(): [Buffer, string][] {
    return [[this.ctx.keys.magic('TOKEN_FORMAT'), '2']];
  }

  /** Redis removes tokens itself when their TTL runs out. */
  expireStep(): Promise<void> {
    return Promise.resolve();
  }

  expireNow(): Promise<ExpiryResult> {
    return Promise.resolve({ ran: false, removed: 0, kept: 0, delta: 0, reason: 'Redis expires tokens and seen ids itself (bayes_token_ttl, bayes_seen_ttl); nothing to do' });
  }

  private script(): Scripted {
    return this.ctx.conn.client as unknown as Scripted;
  }
}

/** SCAN over every master (Cluster) or the one server, BATCH keys at a time. */
export async function* scanKeys(ctx: LayoutContext, pattern: string): AsyncIterable<Buffer[]> {
  const c = ctx.conn.client;
  const nodes = 'nodes' in c ? c.nodes('master') : [c];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await ctx.run(() => node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', BATCH), ctx.conn.slowTimeoutMs);
      cursor = next.toString();
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}
