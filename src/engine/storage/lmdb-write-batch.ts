/**
 * The Bayes changes of one LMDB write transaction, gathered across every
 * learn that shares it (group commit) and written when the transaction
 * ends. A token that 200 messages of a batch carry is then put once rather
 * than 200 times, and the counters once rather than once per message. Reads
 * inside the transaction see the gathered changes first, so each learn still
 * reads what the learns before it wrote.
 */
import type { BaseReader } from '../bayes/staged-txn.js';
import type { BayesMagic, SeenClass, TokenCounts } from '../bayes/store.js';
import { decodeTokenCounts, encodeNumber, encodeTokenCounts, stringKey } from './key-layout.js';
import type { LmdbEnvironment } from './lmdb-environment.js';

const DELETED = null;

export class BayesWriteBatch implements BaseReader {
  /** Token key bytes as a latin1 string → counts, or DELETED. */
  private readonly toks = new Map<string, TokenCounts | typeof DELETED>();
  private readonly seen = new Map<string, SeenClass | typeof DELETED>();
  private magic: BayesMagic | undefined;

  constructor(
    private readonly env: LmdbEnvironment,
    private readonly committed: { magic(): BayesMagic; seen(id: string): SeenClass | undefined },
  ) {}

  getToken(key: Buffer): TokenCounts | undefined {
    const v = this.toks.get(key.toString('latin1'));
    if (v === DELETED) return undefined;
    return v ? { ...v } : decodeTokenCounts(this.env.tokens.getBinary(key));
  }

  putToken(key: Buffer, counts: TokenCounts): void {
    this.toks.set(key.toString('latin1'), { ...counts });
  }

  delToken(key: Buffer): void {
    this.toks.set(key.toString('latin1'), DELETED);
  }

  getMagic(): BayesMagic {
    return { ...(this.magic ?? this.committed.magic()) };
  }

  setMagic(magic: BayesMagic): void {
    this.magic = { ...magic };
  }

  getSeen(id: string): SeenClass | undefined {
    const v = this.seen.get(id);
    if (v === DELETED) return undefined;
    return v ?? this.committed.seen(id);
  }

  putSeen(id: string, cls: SeenClass): void {
    this.seen.set(id, cls);
  }

  delSeen(id: string): void {
    this.seen.set(id, DELETED);
  }

  /** Every token as the transaction sees it: the database with the gathered changes applied. */
  *tokens(): Iterable<[Buffer, TokenCounts]> {
    for (const { key, value } of this.env.tokens.getRange()) {
      const k = Buffer.from(key);
      const v = this.toks.get(k.toString('latin1'));
      if (v === DELETED) continue;
      const c = v ?? decodeTokenCounts(value);
      if (c) yield [k, { ...c }];
    }
    for (const [k, v] of this.toks) {
      const key = Buffer.from(k, 'latin1');
      if (v !== DELETED && this.env.tokens.getBinary(key) === undefined) yield [key, { ...v }];
    }
  }

  /** Write the gathered changes into the open transaction and start empty. */
  flush(magicFields: readonly (keyof BayesMagic)[]): void {
    const env = this.env;
    try {
      for (const [k, v] of this.toks) {
        const key = Buffer.from(k, 'latin1');
        if (v === DELETED) env.tokens.removeSync(key);
        else env.tokens.putSync(key, encodeTokenCounts(v));
      }
      for (const [id, v] of this.seen) {
        if (v === DELETED) env.seen.removeSync(stringKey(id));
        else env.seen.putSync(stringKey(id), Buffer.from(v, 'latin1'));
      }
      const m = this.magic;
      if (m) for (const f of magicFields) env.meta.putSync(f, encodeNumber(m[f]));
    } finally {
      this.discard();
    }
  }

  /** Drop the gathered changes (the transaction is cleared or aborted). */
  discard(): void {
    this.toks.clear();
    this.seen.clear();
    this.magic = undefined;
  }
}
