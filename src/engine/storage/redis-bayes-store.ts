/**
 * The Bayes store on Redis, shared by every scanner pointed at the same
 * server. Tokens are kept in one of two layouts (redis-layout.ts):
 * SpamAssassin's BayesStore::Redis keys, so SpamAssassin and Spamward can
 * share one database, or Spamward's sharded hashes, the default for new
 * databases, whose scan read is several times cheaper. Counters (`v:`) and
 * seen ids (`s:`) are the same in both. A scan's read is one script call;
 * learn, forget and touch are one atomic script each; expiry never blocks a
 * scan (TTLs, or small steps in the background).
 */
import type { ExpiryResult } from '../bayes/expiry.js';
import type { LearnOutcome, LearnRequest } from '../bayes/learn.js';
import { type BackupContent, type BayesMagic, emptyMagic, type RemoteBayesStore, type SeenClass, type TokenCounts, type TokenRead } from '../bayes/store.js';
import { StorageError } from '../../util/errors.js';
import type { RedisConnection } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { decideLayout, DEFAULT_SHARDS, type LayoutContext, type LearnMode, newDatabaseMarker, type RedisLayoutName, type RedisTokenLayout } from './redis-layout.js';
import type { RedisStoreOptions } from './redis-options.js';
import { scanKeys, SpamAssassinLayout } from './redis-sa-layout.js';
import { ShardedLayout } from './redis-sharded-layout.js';
import { INIT } from './redis-scripts.js';

const BATCH = 1000;
/** Touches of the scans within this window go to the server together. */
const TOUCH_DELAY_MS = 200;
/** Bound on the renewal memory (tokens); cleared when full. */
const MAX_TOUCHED = 200_000;

/** SpamAssassin's counter names (get_storage_variables). */
const MAGIC_NAMES: Readonly<Record<keyof BayesMagic, string>> = {
  dbVersion: 'DB_VERSION', nspam: 'NSPAM', nham: 'NHAM', ntokens: 'NTOKENS', oldestAtime: 'OLDEST_TOKEN_AGE',
  newestAtime: 'NEWEST_TOKEN_AGE', lastJournalSync: 'LAST_JOURNAL_SYNC', lastExpire: 'LAST_EXPIRE',
  lastAtimeDelta: 'LAST_ATIME_DELTA', lastExpireReduce: 'LAST_EXPIRE_REDUCE',
};
const MAGIC_FIELDS = Object.keys(MAGIC_NAMES) as (keyof BayesMagic)[];

type Scripted = { swBayesInit(n: number, ...args: (Buffer | string)[]): Promise<[string, string, string]> };

export class RedisBayesStore implements RemoteBayesStore {
  readonly remote = true;
  readonly readOnly = false;
  private cached: BayesMagic = emptyMagic();
  private readonly keys: RedisKeys;
  private readonly ctx: LayoutContext;
  /** The layout in use, once the database was looked at (on every (re)connect). */
  private current: RedisTokenLayout | undefined;
  private checking: Promise<void> | undefined;
  /** Touches waiting for the next batch (token bytes as latin1 → token). */
  private readonly touchQueue = new Map<string, Buffer>();
  /** When this process last renewed each token (ms). */
  private readonly touchedAt = new Map<string, number>();
  private touchAtime = 0;
  private touchBatch: Promise<void> | undefined;
  private touchTimer: NodeJS.Timeout | undefined;
  private touchSent: (() => void) | undefined;
  /** Set when the server holds a database this version (or this configuration) cannot use. */
  private incompatible: string | undefined;
  private readonly layouts = new Map<string, RedisTokenLayout>();

  constructor(private readonly conn: RedisConnection, private readonly options: RedisStoreOptions, private readonly ownsConnection = true) {
    this.keys = new RedisKeys(conn.prefix);
    this.ctx = { conn, keys: this.keys, options, run: (op, timeoutMs) => this.run(op, timeoutMs) };
    conn.client.defineCommand('swBayesInit', { lua: INIT });
  }

  get description(): string {
    return this.conn.description;
  }

  /** True while the server is reachable. */
  get available(): boolean {
    return this.conn.ready && this.incompatible === undefined;
  }

  /** SpamAssassin's layout renews TTLs on touch; the sharded one only moves atimes. */
  get touchRenewsTtl(): boolean {
    return this.current?.name !== 'sharded';
  }

  /** The token layout in use (undefined until the database was looked at). */
  get layout(): RedisLayoutName | undefined {
    return this.current?.name;
  }

  magic(): BayesMagic {
    return { ...this.cached };
  }

  /** The counters are the same in both layouts, so they are read even from a database this configuration refuses. */
  async refresh(): Promise<BayesMagic> {
    const values = await this.conn.run(() => this.conn.client.mget(...MAGIC_FIELDS.map((f) => this.keys.magic(MAGIC_NAMES[f]))));
    const m = emptyMagic();
    MAGIC_FIELDS.forEach((f, i) => {
      const n = Number(values[i]);
      if (values[i] !== null && Number.isFinite(n)) m[f] = n;
    });
    this.cached = m;
    return { ...m };
  }

  async read(packed: Buffer): Promise<TokenRead> {
    // The usual case needs no wait for ready(): one promise less per scan.
    const layout = this.current !== undefined && this.incompatible === undefined ? this.current : await this.ready();
    const r = await layout.read(packed);
    this.cached = { ...this.cached, nspam: r.nspam, nham: r.nham };
    return { magic: this.magic(), counts: r.counts };
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
   * each token once, and a token this process renewed less than the
   * layout's refresh time ago is not renewed again: renewing the same
   * common tokens on every scan, as SpamAssassin does, only costs the
   * server time.
   */
  touch(keys: readonly Buffer[], atime: number): Promise<void> {
    const layout = this.current;
    if (keys.length === 0 || !this.available || !layout) return Promise.resolve();
    const now = Date.now();
    const refreshMs = layout.touchRefreshS * 1000;
    if (this.touchedAt.size > MAX_TOUCHED) this.touchedAt.clear();
    for (const k of refreshMs > 0 ? keys : []) {
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

  /** After a learn: a small background expiry step when due (never rejects). */
  expireStep(maxDbSize: number, now: number): Promise<void> {
    if (!this.available || !this.current) return Promise.resolve();
    return this.current.expireStep(maxDbSize, now).catch(() => undefined);
  }

  /** A whole expiry pass now, in small steps. */
  async expireNow(maxDbSize: number, now: number): Promise<ExpiryResult> {
    return (await this.ready()).expireNow(maxDbSize, now);
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
      await (await this.ready()).touch(keys, atime);
    } catch {
      // A lost renewal only shortens a token's life; forget that these were renewed so a later scan renews them.
      for (const k of keys) this.touchedAt.delete(k.toString('latin1'));
    }
  }

  async *tokens(): AsyncIterable<[Buffer, TokenCounts]> {
    yield* (await this.ready()).tokens();
  }

  async *seenEntries(): AsyncIterable<[string, SeenClass]> {
    for await (const batch of scanKeys(this.ctx, this.keys.seenPattern())) {
      const values = await this.run(() => this.conn.client.mget(...batch), this.conn.slowTimeoutMs);
      for (let i = 0; i < batch.length; i++) {
        const v = values[i];
        if (v === 's' || v === 'h') yield [this.keys.seenIdOf(batch[i] as Buffer), v];
      }
    }
  }

  /**
   * Replaces the database, in the layout configured (or, with `auto`, the
   * one in use): restoring is how a database moves from one layout to the
   * other. Seen ids get TTLs spread over 0.7..1.7 times the setting, as
   * SpamAssassin's restore does, so expiry does not come in one burst.
   */
  async restore(content: BackupContent): Promise<void> {
    const layout = await this.target();
    await this.wipe();
    const c = this.conn.client;
    let pipe = c.pipeline();
    let queued = 0;
    const flush = async (): Promise<void> => {
      if (queued === 0) return;
      const results = (await this.conn.run(() => pipe.exec(), this.conn.slowTimeoutMs)) ?? [];
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw new StorageError(`${this.description}: restore failed: ${failed[0].message}`);
      pipe = c.pipeline();
      queued = 0;
    };
    for (const op of layout.restoreOps(content.toks)) {
      op(pipe);
      if (++queued >= BATCH) await flush();
    }
    for (const [id, cls] of content.seenList) {
      const k = this.keys.seen(id);
      if (this.options.seenTtl > 0) pipe.set(k, cls, 'EX', Math.floor(this.options.seenTtl * (0.7 + Math.random())));
      else pipe.set(k, cls);
      if (++queued >= BATCH) await flush();
    }
    const magic: BayesMagic = { ...emptyMagic(), nspam: content.nspam, nham: content.nham, ntokens: content.toks.length, oldestAtime: content.oldest, newestAtime: content.newest };
    pipe.mset(...MAGIC_FIELDS.flatMap((f) => [this.keys.magic(MAGIC_NAMES[f]), String(magic[f])]), ...layout.restoreMarks().flat());
    queued++;
    await flush();
    this.cached = magic;
    this.current = layout;
    this.incompatible = undefined;
  }

  /** Deletes this store's tokens (either layout), seen ids and counters (other data in the Redis database stays). */
  async clear(): Promise<void> {
    await this.wipe();
    // The next command looks at the (now empty) database again and creates it in the configured layout.
    this.current = undefined;
    this.incompatible = undefined;
  }

  async close(): Promise<void> {
    if (this.touchBatch) await this.sendTouches();
    for (const l of this.layouts.values()) if (l instanceof ShardedLayout) await l.expiry.stop();
    if (this.ownsConnection) await this.conn.close();
  }

  /**
   * Find the database's layout and check its version (initialising an empty
   * database, as SpamAssassin's _open_db does); called on every (re)connect.
   */
  checkVersion(): Promise<void> {
    this.checking ??= this.inspect().finally(() => { this.checking = undefined; });
    return this.checking;
  }

  private async inspect(): Promise<void> {
    const k = this.keys;
    const initKeys = ['DB_VERSION', 'NSPAM', 'NHAM', 'TOKEN_FORMAT', 'LAYOUT'].map((n) => k.magic(n));
    const [version, format, marker] = await this.conn.run(() => this.script().swBayesInit(initKeys.length, ...initKeys, newDatabaseMarker(this.options.layout)));
    const decision = decideLayout({ version, format, marker }, this.options.layout);
    this.current = this.layoutFor(decision.layout, decision.shards);
    this.incompatible = decision.problem;
  }

  /** The layout a restore or clear writes: the configured one, else the one in use. */
  private async target(): Promise<RedisTokenLayout> {
    if (!this.current) await this.checkVersion();
    const current = this.current as RedisTokenLayout;
    const wanted = this.options.layout;
    if (wanted === 'auto' || wanted === current.name) return current;
    return this.layoutFor(wanted, DEFAULT_SHARDS);
  }

  private layoutFor(name: RedisLayoutName, shards: number): RedisTokenLayout {
    const id = name === 'sharded' ? `sharded ${shards}` : name;
    let l = this.layouts.get(id);
    if (!l) {
      l = name === 'sharded' ? new ShardedLayout(this.ctx, shards) : new SpamAssassinLayout(this.ctx);
      this.layouts.set(id, l);
    }
    return l;
  }

  /** The layout, once the database was looked at; rejects while it cannot be used. */
  private async ready(): Promise<RedisTokenLayout> {
    if (!this.current) await this.checkVersion();
    if (this.incompatible) throw new StorageError(`${this.description}: ${this.incompatible}`);
    return this.current as RedisTokenLayout;
  }

  /** Deletes tokens of both layouts, seen ids and counters; allowed on a database in the other layout. */
  private async wipe(): Promise<void> {
    const k = this.keys;
    const ctx: LayoutContext = { ...this.ctx, run: (op, timeoutMs) => this.conn.run(op, timeoutMs) };
    for (const pattern of [k.tokenPattern(), k.shardPattern(), k.seenPattern(), k.magicPattern()]) {
      for await (const batch of scanKeys(ctx, pattern)) await this.conn.run(() => this.conn.client.unlink(...batch), this.conn.slowTimeoutMs);
    }
    this.cached = emptyMagic();
  }

  private async learnScript(mode: LearnMode, keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string> {
    return (await this.ready()).learn(mode, keys, ids, atime, noRelearn);
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
