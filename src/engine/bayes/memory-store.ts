/**
 * A Bayes store in process memory, for tests and benchmarks. Writes are
 * staged and applied only when the transaction function returns, the same
 * all-or-nothing contract as the LMDB store.
 */
import { StorageError } from '../../util/errors.js';
import { unpackKeys } from './prepared-learn.js';
import { StagedTxn } from './staged-txn.js';
import { type BayesMagic, type BayesStore, type BayesTxn, emptyMagic, type SeenClass, type TokenCounts } from './store.js';

export class MemoryBayesStore implements BayesStore {
  readonly readOnly: boolean;
  private readonly toks = new Map<string, TokenCounts>();
  private readonly seen = new Map<string, SeenClass>();
  private meta: BayesMagic = emptyMagic();
  private closed = false;

  constructor(options: { readOnly?: boolean } = {}) {
    this.readOnly = options.readOnly ?? false;
  }

  getTokens(keys: readonly Buffer[]): (TokenCounts | undefined)[] {
    return keys.map((k) => this.getToken(k));
  }

  getPackedTokens(packed: Uint8Array): (TokenCounts | undefined)[] {
    return this.getTokens(unpackKeys(packed));
  }

  magic(): BayesMagic {
    return { ...this.meta };
  }

  getSeen(id: string): SeenClass | undefined {
    return this.seen.get(id);
  }

  async write<T>(fn: (tx: BayesTxn) => T): Promise<T> {
    if (this.closed) throw new StorageError('Bayes store is closed');
    if (this.readOnly) throw new StorageError('Bayes database is read-only');
    const tx = new StagedTxn({ getToken: (k) => this.getToken(k), getMagic: () => this.magic(), getSeen: (id) => this.getSeen(id), tokens: () => this.tokens() });
    const result = fn(tx);
    tx.commit({
      putToken: (k, c) => void this.toks.set(k.toString('hex'), { ...c }),
      delToken: (k) => void this.toks.delete(k.toString('hex')),
      setMagic: (m) => void (this.meta = { ...m }),
      putSeen: (id, cls) => void this.seen.set(id, cls),
      delSeen: (id) => void this.seen.delete(id),
    });
    return result;
  }

  *tokens(): Iterable<[Buffer, TokenCounts]> {
    for (const [k, v] of [...this.toks]) yield [Buffer.from(k, 'hex'), { ...v }];
  }

  *seenEntries(): Iterable<[string, SeenClass]> {
    yield* [...this.seen];
  }

  async clear(): Promise<void> {
    if (this.readOnly) throw new StorageError('Bayes database is read-only');
    this.toks.clear();
    this.seen.clear();
    this.meta = emptyMagic();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private getToken(k: Buffer): TokenCounts | undefined {
    const c = this.toks.get(k.toString('hex'));
    return c ? { ...c } : undefined;
  }
}
