/**
 * What the Bayes classifier needs from a database: batch token reads for a
 * scan, one atomic write transaction per learn/forget/touch/expiry, seen
 * tracking and the "magic" counters. Implemented in memory (tests,
 * benchmarks) and on LMDB (src/engine/storage/lmdb-bayes-store.ts).
 */

export interface TokenCounts {
  spam: number;
  ham: number;
  /** Unix seconds of the newest message that carried the token. */
  atime: number;
}

/** The counters SpamAssassin keeps under its magic keys. */
export interface BayesMagic {
  dbVersion: number;
  nspam: number;
  nham: number;
  ntokens: number;
  oldestAtime: number;
  newestAtime: number;
  lastJournalSync: number;
  lastExpire: number;
  lastAtimeDelta: number;
  lastExpireReduce: number;
}

export type SeenClass = 's' | 'h';

/** The SpamAssassin DBM format version the counters and backups follow. */
export const DB_VERSION = 3;

export function emptyMagic(): BayesMagic {
  return { dbVersion: DB_VERSION, nspam: 0, nham: 0, ntokens: 0, oldestAtime: 0, newestAtime: 0, lastJournalSync: 0, lastExpire: 0, lastAtimeDelta: 0, lastExpireReduce: 0 };
}

/** Operations valid inside one write transaction; reads see the transaction's own writes. */
export interface BayesTxn {
  getToken(key: Buffer): TokenCounts | undefined;
  putToken(key: Buffer, counts: TokenCounts): void;
  delToken(key: Buffer): void;
  getMagic(): BayesMagic;
  setMagic(changes: Partial<BayesMagic>): void;
  getSeen(id: string): SeenClass | undefined;
  putSeen(id: string, cls: SeenClass): void;
  delSeen(id: string): void;
  /** Every token, for expiry (read inside the transaction). */
  tokens(): Iterable<[Buffer, TokenCounts]>;
}

export interface BayesStore {
  /** True when the database can only be read (learning then fails with StorageError). */
  readonly readOnly: boolean;
  /** Counts for each key in one read snapshot; undefined for unknown tokens. */
  getTokens(keys: readonly Buffer[]): (TokenCounts | undefined)[];
  magic(): BayesMagic;
  getSeen(id: string): SeenClass | undefined;
  /**
   * Run `fn` in one write transaction. The promise resolves after the commit
   * is durable, so a learn is acknowledged only once it is on disk.
   */
  write<T>(fn: (tx: BayesTxn) => T): Promise<T>;
  tokens(): Iterable<[Buffer, TokenCounts]>;
  seenEntries(): Iterable<[string, SeenClass]>;
  /** Delete every token, counter and seen entry. */
  clear(): Promise<void>;
  close(): Promise<void>;
}
