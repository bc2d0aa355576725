/**
 * The Bayes store on Redis, shared by every scanner pointed at the same
 * server, in SpamAssassin's BayesStore::Redis key layout (see
 * redis-scripts.ts), so SpamAssassin and Spamward can share one database.
 * A scan's read is one script call; learn, forget and touch are one atomic
 * script each; expiry is Redis's own TTL (bayes_token_ttl, bayes_seen_ttl),
 * so it never blocks a scan.
 */
import type { LearnOutcome, LearnRequest } from '../bayes/learn.js';
import { type BackupContent, type BayesMagic, emptyMagic, type RemoteBayesStore, type SeenClass, type TokenCounts, type TokenRead } from '../bayes/store.js';
import { StorageError } from '../../util/errors.js';
import type { RedisConnection } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import type { RedisStoreOptions } from './redis-options.js';
import { INIT, LEARN, READ_TOKENS, TOUCH } from './redis-scripts.js';

const BATCH = 1000;
/** Touches of the scans within this window go to the server together. */
const TOUCH_DELAY_MS = 200;
/** A token renewed by this process is not renewed again for this long (seconds). */
const TOUCH_REFRESH_S = 3600;
/** Bound on the renewal memory (tokens); cleared when full. */
const MAX_TOUCHED = 200_000;

/** SpamAssassin's counter names (get_storage_variables). */
const MAGIC_NAMES: Readonly<Record<keyof BayesMagic, string>> = {
  dbVersion: 'DB_VERSION', nspam: 'NSPAM', nham: 'NHAM', ntokens: 'NTOKENS', oldestAtime: 'OLDEST_TOKEN_AGE',
  newestAtime: 'NEWEST_TOKEN_AGE', lastJournalSync: 'LAST_JOURNAL_SYNC', lastExpire: 'LAST_EXPIRE',
  lastAtimeDelta: 'LAST_ATIME_DELTA', lastExpireReduce: 'LAST_EXPIRE_REDUCE',
};
const MAGIC_FIELDS = Object.keys(MAGIC_NAMES) as (keyof BayesMagic)[];

type Scripted = {
  swBayesRead(n: number, ...args: (Buffer | string)[]): Promise<string>;
  swBayesLearn(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swBayesTouch(n: number, ...args: (Buffer | string | number)[]): Promise<number>;
  swBayesInit(n: number, ...args: (Buffer | string)[]): Promise<[string, string]>;
};

export class RedisBayesStore implements RemoteBayesStore {
  readonly remote = true;
  readonly readOnly = false;
  private cached: BayesMagic = emptyMagic();
  private readonly keys: RedisKeys;
  /** Touches waiting for the next batch (token bytes as latin1 → token). */
  private readonly touchQueue = new Map<string, Buffer>();
  /** When this process last renewed each token (ms). */
  private readonly touchedAt = new Map<string, number>();
  private touchAtime = 0;
  private touchBatch: Promise<void> | undefined;
  private touchTimer: NodeJS.Timeout | undefined;
  private touchSent: (() => void) | undefined;
  /** Set when the server holds a database this version cannot use. */
  private incompatible: string | undefined;

  constructor(private readonly conn: RedisConnection, private readonly options: RedisStoreOptions, private readonly ownsConnection = true) {
    this.keys = new RedisKeys(conn.prefix);
    const c = conn.client;
    c.defineCommand('swBayesRead', { lua: READ_TOKENS });
    c.defineCommand('swBayesLearn', { lua: LEARN });
    c.defineCommand('swBayesTouch', { lua: TOUCH });
    c.defineCommand('swBayesInit', { lua: INIT });
  }

  get description(): string {
    return this.conn.description;
  }

  /** True while the server is reachable. */
  get available(): boolean {
    return this.conn.ready && this.incompatible === undefined;
  }

  magic(): BayesMagic {
    return { ...this.cached };
  }

  async refresh(): Promise<BayesMagic> {
    const values = await this.run(() => this.conn.client.mget(...MAGIC_FIELDS.map((f) => this.keys.magic(MAGIC_NAMES[f]))));
    const m = emptyMagic();
    MAGIC_FIELDS.forEach((f, i) => {
      const n = Number(values[i]);
      if (values[i] !== null && Number.isFinite(n)) m[f] = n;
    });
    this.cached = m;
    return { ...m };
  }

  async read(keys: readonly Buffer[]): Promise<TokenRead> {
    const reply = await this.run(() => this.script().swBayesRead(2, this.keys.magic('NSPAM'), this.keys.magic('NHAM'), this.keys.tokenPrefix(), tokenBlob(keys)));
    const parts = reply.split(' ');
    const nspam = Number(parts[0]) || 0;
    const nham = Number(parts[1]) || 0;
    this.cached = { ...this.cached, nspam, nham };
    const counts: (TokenCounts | undefined)[] = new Array<TokenCounts | undefined>(keys.length).fill(undefined);
    for (let i = 2; i + 3 < parts.length; i += 4) {
      const spam = Number(parts[i + 1]) || 0;
      const ham = Number(parts[i + 2]) || 0;
      if (spam > 0 || ham > 0) counts[Number(parts[i])] = { spam, ham, atime: Number(parts[i + 3]) || 0 };
    }
    return { magic: this.magic(), counts };
  }

  async learn(req: LearnRequest): Promise<LearnOutcome> {
    const r = await this.learnScript(req.isSpam ? 's' : 'h', req.keys, req.ids, req.atime, req.noRelearn === true);
    if (r !== 'learned' && r !== 'relearned' && r !== 'already-learned') throw new StorageError(`${this.description}: unexpected learn result ${r}`);
    return r;
  }

  async forget(keys: readonly Buffer[], ids: readonly string[]): Promise<boolean> {
    return (await this.learnScript('forget', keys, ids, 0, false)) === 'forgotten';
  }

  /**
   * Background work of a scan: never rejects (a scan must not fail on it).
   * Touches are gathered and sent as one script call per TOUCH_DELAY_MS,
   * each token once, and a token this process renewed less than
   * TOUCH_REFRESH_S ago (or a tenth of the TTL) is not renewed again: the
   * TTL is weeks, so renewing the same common tokens on every scan, as
   * SpamAssassin does, only costs the server time.
   */
  touch(keys: readonly Buffer[], atime: number): Promise<void> {
    if (keys.length === 0 || !this.available) return Promise.resolve();
    const now = Date.now();
    const refreshMs = Math.min(TOUCH_REFRESH_S, this.options.tokenTtl / 10) * 1000;
    if (this.touchedAt.size > MAX_TOUCHED) this.touchedAt.clear();
    // Without a TTL only NEWEST_TOKEN_AGE moves.
    for (const k of this.options.tokenTtl > 0 ? keys : []) {
      const id = k.toString('latin1');
      if (now - (this.touchedAt.get(id) ?? -Infinity) < refreshMs) continue;
      this.touchedAt.set(id, now);
      this.touchQueue.set(id, k);
    }
    this.touchAtime = Math.max(this.touchAtime, atime);
    this.touchBatch ??= new Promise<void>((resolve) => {
      this.touchSent = resolve;
      // Unref'd: pending renewals never keep a process alive; close() sends them.
      this.touchTimer = setTimeout(() => void this.sendTouches(), TOUCH_DELAY_MS).unref();
    });
    return this.touchBatch;
  }

  /** Send the gathered touches now; settles the batch's promise once the server answered (or did not). */
  private async sendTouches(): Promise<void> {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    const sent = this.touchSent;
    this.touchTimer = undefined;
    this.touchSent = undefined;
    this.touchBatch = undefined;
    try {
      await this.sendBatch();
    } finally {
      sent?.();
    }
  }

  private async sendBatch(): Promise<void> {
    const keys = [...this.touchQueue.values()];
    const atime = this.touchAtime;
    this.touchQueue.clear();
    this.touchAtime = 0;
    if (atime === 0 && keys.length === 0) return;
    try {
      await this.run(() => this.script().swBayesTouch(1, this.keys.magic('NEWEST_TOKEN_AGE'), atime, this.options.tokenTtl, this.keys.tokenPrefix(), tokenBlob(keys)));
    } catch {
      // A lost TTL refresh only shortens a token's life; forget that these were renewed so a later scan renews them.
      for (const k of keys) this.touchedAt.delete(k.toString('latin1'));
    }
  }

  async *tokens(): AsyncIterable<[Buffer, TokenCounts]> {
    for await (const batch of this.scanKeys(this.keys.tokenPattern())) {
      const pipe = this.conn.client.pipeline();
      for (const k of batch) pipe.hmget(k, 's', 'h', 'a');
      const results = (await this.run(() => pipe.exec(), this.conn.slowTimeoutMs)) ?? [];
      for (let i = 0; i < batch.length; i++) {
        const [err, v] = results[i] ?? [];
        if (err) throw new StorageError(`${this.description}: ${err.message}`);
        const [s, h, a] = (v as (string | null)[]).map((x) => Number(x) || 0) as [number, number, number];
        if (s > 0 || h > 0) yield [this.keys.tokenOf(batch[i] as Buffer), { spam: s, ham: h, atime: a }];
      }
    }
  }

  async *seenEntries(): AsyncIterable<[string, SeenClass]> {
    for await (const batch of this.scanKeys(this.keys.seenPattern())) {
      const values = await this.run(() => this.conn.client.mget(...batch), this.conn.slowTimeoutMs);
      for (let i = 0; i < batch.length; i++) {
        const v = values[i];
        if (v === 's' || v === 'h') yield [this.keys.seenIdOf(batch[i] as Buffer), v];
      }
    }
  }

  /** Like SpamAssassin's restore: TTLs spread over 0.7..1.7 times the setting, so expiry does not come in one burst. */
  async restore(content: BackupContent): Promise<void> {
    await this.clear();
    const c = this.conn.client;
    let pipe = c.pipeline();
    let queued = 0;
    const flush = async (): Promise<void> => {
      if (queued === 0) return;
      const results = (await this.run(() => pipe.exec(), this.conn.slowTimeoutMs)) ?? [];
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw new StorageError(`${this.description}: restore failed: ${failed[0].message}`);
      pipe = c.pipeline();
      queued = 0;
    };
    const jitter = (ttl: number): number => Math.floor(ttl * (0.7 + Math.random()));
    for (const [key, t] of content.toks) {
      const k = this.keys.token(key);
      pipe.hset(k, 's', t.spam, 'h', t.ham, 'a', t.atime);
      if (this.options.tokenTtl > 0) pipe.expire(k, jitter(this.options.tokenTtl));
      if (++queued >= BATCH) await flush();
    }
    for (const [id, cls] of content.seenList) {
      const k = this.keys.seen(id);
      if (this.options.seenTtl > 0) pipe.set(k, cls, 'EX', jitter(this.options.seenTtl));
      else pipe.set(k, cls);
      if (++queued >= BATCH) await flush();
    }
    const magic: BayesMagic = { ...emptyMagic(), nspam: content.nspam, nham: content.nham, ntokens: content.toks.length, oldestAtime: content.oldest, newestAtime: content.newest };
    pipe.mset(...MAGIC_FIELDS.flatMap((f) => [this.keys.magic(MAGIC_NAMES[f]), String(magic[f])]), this.keys.magic('TOKEN_FORMAT'), '2');
    queued++;
    await flush();
    this.cached = magic;
  }

  /** Deletes this store's tokens, seen ids and counters (other data in the Redis database stays). */
  async clear(): Promise<void> {
    for (const pattern of [this.keys.tokenPattern(), this.keys.seenPattern(), this.keys.magicPattern()]) {
      for await (const batch of this.scanKeys(pattern)) await this.run(() => this.conn.client.unlink(...batch), this.conn.slowTimeoutMs);
    }
    this.cached = emptyMagic();
  }

  async close(): Promise<void> {
    if (this.touchBatch) await this.sendTouches();
    if (this.ownsConnection) await this.conn.close();
  }

  /** Check (and initialise) the database's version, as SpamAssassin's _open_db; called on every (re)connect. */
  async checkVersion(): Promise<void> {
    const [version, format] = await this.script().swBayesInit(4, this.keys.magic('DB_VERSION'), this.keys.magic('NSPAM'), this.keys.magic('NHAM'), this.keys.magic('TOKEN_FORMAT'));
    this.incompatible = version !== '3' ? `Bayes database version ${version} is not supported (need 3)`
      : Number(format) < 2 ? `old Bayes token format ${format} is not supported (back up and restore the database)` : undefined;
  }

  private learnScript(mode: 's' | 'h' | 'forget', keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    const k = this.keys;
    const fixed = ['NSPAM', 'NHAM', 'NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'DB_VERSION', 'TOKEN_FORMAT'].map((n) => k.magic(n));
    const all = [...fixed, ...ids.map((id) => k.seen(id))];
    return this.run(() => this.script().swBayesLearn(all.length, ...all, mode, noRelearn ? '1' : '0', atime, this.options.tokenTtl, this.options.seenTtl, ids.length, k.tokenPrefix(), tokenBlob(keys)), this.conn.slowTimeoutMs);
  }

  private async *scanKeys(pattern: string): AsyncIterable<Buffer[]> {
    const c = this.conn.client;
    const nodes = 'nodes' in c ? c.nodes('master') : [c];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await this.run(() => node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', BATCH), this.conn.slowTimeoutMs);
        cursor = next.toString();
        if (keys.length > 0) yield keys;
      } while (cursor !== '0');
    }
  }

  private script(): Scripted {
    return this.conn.client as unknown as Scripted;
  }

  /** Every command: fail fast while the server is down or holds an unusable database, and name the store in errors. */
  private run<T>(op: () => Promise<T>, timeoutMs?: number): Promise<T> {
    if (this.incompatible) return Promise.reject(new StorageError(`${this.description}: ${this.incompatible}`));
    return this.conn.run(op, timeoutMs);
  }

}

/** The 5-byte token keys back to back (keys of another length cannot exist: the tokenizer hashes to 5 bytes). */
function tokenBlob(keys: readonly Buffer[]): Buffer {
  for (const k of keys) if (k.length !== 5) throw new StorageError(`token key of ${k.length} bytes (need 5)`);
  return Buffer.concat(keys as Buffer[]);
}
