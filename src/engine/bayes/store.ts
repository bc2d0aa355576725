/**
 * What the Bayes classifier needs from a database. Two shapes:
 *
 * - `BayesStore`, a local store (memory, LMDB): synchronous batch reads
 *   during a scan and one atomic write transaction per learn/forget/touch.
 * - `RemoteBayesStore`, a store on a server shared by many scanners (Redis):
 *   every read is a promise, so a scan fetches the counters and all its
 *   token counts in one round trip before the rules run; learn, forget and
 *   touch are single atomic operations on the server.
 *
 * `AnyBayesStore` is what the classifier, backup and `spamward learn` take.
 */
import type { ExpiryResult } from './expiry.js';
import type { LearnOutcome, LearnRequest } from './learn.js';

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

/**
 * Operations valid inside one write transaction; reads see the transaction's
 * own writes. Counts are values: a transaction may keep the object given to
 * putToken and hand it out again from getToken, so nobody mutates either.
 */
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
  /**
   * The same for keys packed TOKEN_KEY_BYTES each, back to back (a TokenSet's
   * keys): a scan's read, of hundreds of keys, without a Buffer each.
   * Reads the snapshot of the last magic() call.
   */
  getPackedTokens(packed: Uint8Array): (TokenCounts | undefined)[];
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

/** The counters and the counts of a scan's tokens, read together. */
export interface TokenRead {
  magic: BayesMagic;
  counts: (TokenCounts | undefined)[];
}

/** The content of a backup, as restore hands it to a store (see backup.ts). */
export interface BackupContent {
  toks: readonly [Buffer, TokenCounts][];
  seenList: readonly [string, SeenClass][];
  nspam: number;
  nham: number;
  oldest: number;
  newest: number;
}

export interface RemoteBayesStore {
  readonly remote: true;
  /** Learning is refused (a read-only replica, for instance). */
  readonly readOnly: boolean;
  /** Human name for messages, e.g. `redis 10.0.0.5:6379 db 2`. */
  readonly description: string;
  /** False while the server cannot be reached (a scan then runs without Bayes). */
  readonly available: boolean;
  /** The counters last read from the server (every read refreshes them). */
  magic(): BayesMagic;
  /** Read the counters now. */
  refresh(): Promise<BayesMagic>;
  /**
   * The counters and the counts of the tokens in one round trip. The keys
   * come packed, 5 bytes each back to back (a TokenSet's keys): a scan
   * reads hundreds, and one buffer costs less than one object each.
   */
  read(packed: Buffer): Promise<TokenRead>;
  learn(req: LearnRequest): Promise<LearnOutcome>;
  /** false when the message was never learned. */
  forget(keys: readonly Buffer[], ids: readonly string[]): Promise<boolean>;
  /** True when a touch renews the tokens' TTL too (it then matters even for tokens whose atime is already newer). */
  readonly touchRenewsTtl: boolean;
  /** Scan-time atime refresh of the significant tokens (and their TTL). */
  touch(keys: readonly Buffer[], atime: number): Promise<void>;
  /** After a learn: a small background expiry step when one is due (never rejects). */
  expireStep(maxDbSize: number, now: number): Promise<void>;
  /** A whole expiry run now (sa-learn --force-expire). */
  expireNow(maxDbSize: number, now: number): Promise<ExpiryResult>;
  tokens(): AsyncIterable<[Buffer, TokenCounts]>;
  seenEntries(): AsyncIterable<[string, SeenClass]>;
  /** Replace the whole database with a backup's content. */
  restore(content: BackupContent): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export type AnyBayesStore = BayesStore | RemoteBayesStore;

export function isRemoteStore(store: AnyBayesStore): store is RemoteBayesStore {
  return (store as Partial<RemoteBayesStore>).remote === true;
}
