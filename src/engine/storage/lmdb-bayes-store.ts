/**
 * The Bayes store on LMDB: synchronous reads during a scan, one durable
 * write transaction per learn, forget or touch (learns queued together
 * share one transaction; see lmdb-write-batch.ts).
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import type { BayesMagic, BayesStore, BayesTxn, SeenClass, TokenCounts } from '../bayes/store.js';
import { emptyMagic } from '../bayes/store.js';
import { TOKEN_KEY_BYTES } from '../bayes/hash.js';
import { StorageError } from '../../util/errors.js';
import { decodeNumber, decodeTokenCounts, stringKey } from './key-layout.js';
import type { LmdbEnvironment } from './lmdb-environment.js';
import { BayesWriteBatch, COUNTS_GENERATION_KEY, writeNewGeneration } from './lmdb-write-batch.js';
import { TokenCountCache } from './token-count-cache.js';

const MAGIC_FIELDS = Object.keys(emptyMagic()) as (keyof BayesMagic)[];

export class LmdbBayesStore implements BayesStore {
  /** What the learns of the current write transaction changed, written once at its end. */
  private readonly batch: BayesWriteBatch;
  /** The key getPackedTokens reads with (lmdb copies a key into its own buffer on every read). */
  private readonly scanKey = Buffer.alloc(TOKEN_KEY_BYTES);
  /** Counts scans already read, valid while the database's counts generation stays the same. */
  private readonly cache = new TokenCountCache();

  constructor(private readonly env: LmdbEnvironment, private readonly ownsEnv = false) {
    this.batch = new BayesWriteBatch(env, { magic: () => this.readMagic(), seen: (id) => this.getSeen(id) }, (high, low, counts) => this.cache.written(high, low, counts));
    env.beforeCommit(() => this.batch.flush(MAGIC_FIELDS));
  }

  get readOnly(): boolean {
    return this.env.readOnly;
  }

  getTokens(keys: readonly Buffer[]): (TokenCounts | undefined)[] {
    return keys.map((k) => decodeTokenCounts(this.env.tokens.getBinaryFast(k)));
  }

  /**
   * Tokens an earlier scan of this generation read come from the cache. The
   * others are read with one key buffer, refilled for each key, and decoded
   * straight out of lmdb's shared value buffer (getBinaryFast: valid until
   * the next read), so a read allocates nothing per token but the counts.
   */
  getPackedTokens(packed: Uint8Array): (TokenCounts | undefined)[] {
    const db = this.env.tokens;
    const key = this.scanKey;
    const cache = this.cache;
    const out = new Array<TokenCounts | undefined>(packed.length / TOKEN_KEY_BYTES);
    for (let i = 0, at = 0; i < out.length; i++, at += TOKEN_KEY_BYTES) {
      const cached = cache.get(packed, at);
      if (cached !== undefined) {
        out[i] = cached ?? undefined;
        continue;
      }
      for (let j = 0; j < TOKEN_KEY_BYTES; j++) key[j] = packed[at + j] as number;
      const counts = decodeTokenCounts(db.getBinaryFast(key));
      cache.remember(packed, at, counts);
      out[i] = counts;
    }
    return out;
  }

  /** Renews the read snapshot (and so the token cache's validity) and reads the counters in it. */
  magic(): BayesMagic {
    this.env.refresh();
    this.cache.validate(decodeNumber(this.env.meta.getBinaryFast(COUNTS_GENERATION_KEY)));
    return this.readMagic();
  }

  getSeen(id: string): SeenClass | undefined {
    return seenValue(this.env.seen.getBinary(stringKey(id)));
  }

  write<T>(fn: (tx: BayesTxn) => T): Promise<T> {
    const batch = this.batch;
    return this.env.write(() => {
      batch.begin();
      let ok = false;
      try {
        const result = fn(batch);
        ok = true;
        return result;
      } finally {
        batch.end(ok);
      }
    });
  }

  *tokens(): Iterable<[Buffer, TokenCounts]> {
    for (const { key, value } of this.env.tokens.getRange()) {
      const c = decodeTokenCounts(value);
      if (c) yield [Buffer.from(key), c];
    }
  }

  *seenEntries(): Iterable<[string, SeenClass]> {
    for (const { key, value } of this.env.seen.getRange()) {
      const cls = seenValue(value);
      if (cls) yield [String(key), cls];
    }
  }

  async clear(): Promise<void> {
    if (this.readOnly) throw new StorageError('Bayes database is read-only');
    await this.env.write(() => {
      // Learns queued before the clear in the same transaction are cleared with it.
      this.batch.discard();
      this.env.tokens.clearSync();
      this.env.seen.clearSync();
      this.env.meta.clearSync();
      writeNewGeneration(this.env);
    });
  }

  async close(): Promise<void> {
    if (this.ownsEnv) await this.env.close();
  }

  private readMagic(): BayesMagic {
    const m = emptyMagic();
    for (const f of MAGIC_FIELDS) {
      const v = decodeNumber(this.env.meta.getBinaryFast(f));
      if (v !== undefined) m[f] = v;
    }
    return m;
  }
}

function seenValue(b: Uint8Array | undefined): SeenClass | undefined {
  if (!b || b.length === 0) return undefined;
  return b[0] === 0x73 ? 's' : b[0] === 0x68 ? 'h' : undefined;
}
