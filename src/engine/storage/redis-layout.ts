/**
 * Which token layout a Redis Bayes database uses, and what a layout does.
 *
 * - `spamassassin`: SpamAssassin's BayesStore::Redis keys (one hash per
 *   token, TTL expiry), so SpamAssassin and Spamward can share a database.
 * - `sharded`: Spamward's own (tokens as fields of a few hashes, expiry by
 *   atime in small steps); a scan's read costs a few HMGETs instead of one
 *   per token.
 *
 * A database Spamward creates carries `v:LAYOUT` ("sharded <shards>");
 * SpamAssassin's has none. `bayes_redis_layout auto` (the default) uses
 * what the database holds and creates new databases sharded; `spamassassin`
 * or `sharded` force one, and a database in the other layout is then
 * refused (scans go on without Bayes) until it is cleared or restored.
 */
import type { ChainableCommander } from 'ioredis';
import type { ExpiryResult } from '../bayes/expiry.js';
import type { TokenCounts } from '../bayes/store.js';
import { StorageError } from '../../util/errors.js';
import type { RedisConnection } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import type { RedisLayoutSetting, RedisStoreOptions } from './redis-options.js';

export type RedisLayoutName = 'spamassassin' | 'sharded';

/** Shards of a new sharded database: a scan's ~300 tokens cost at most this many HMGETs. */
export const DEFAULT_SHARDS = 16;

/** What a layout needs from the store. */
export interface LayoutContext {
  readonly conn: RedisConnection;
  readonly keys: RedisKeys;
  readonly options: RedisStoreOptions;
  /** The store's command runner (fails fast while down; names the server in errors). */
  run<T>(op: () => Promise<T>, timeoutMs?: number): Promise<T>;
}

export type LearnMode = 's' | 'h' | 'forget';

export interface RedisTokenLayout {
  readonly name: RedisLayoutName;
  /** The `v:LAYOUT` value, or '' for SpamAssassin's layout. */
  readonly marker: string;
  /** The counters and the counts of the tokens in `packed` (5-byte keys back to back), in one round trip. */
  read(packed: Buffer): Promise<LayoutRead>;
  learn(mode: LearnMode, keys: readonly Buffer[], ids: readonly string[], atime: number, noRelearn: boolean): Promise<string>;
  /** How long a token renewed by this process is not renewed again (seconds); 0: scans renew no token. */
  readonly touchRefreshS: number;
  touch(keys: readonly Buffer[], atime: number): Promise<void>;
  tokens(): AsyncIterable<[Buffer, TokenCounts]>;
  /** The writes restoring `toks`, each adding a few commands to a pipeline. */
  restoreOps(toks: readonly [Buffer, TokenCounts][]): Iterable<(pipe: ChainableCommander) => void>;
  /** Counter keys a restore writes besides the magic ones (the layout's marks). */
  restoreMarks(): [Buffer, string][];
  /** One small background expiry step when due (layouts expiring by TTL do nothing). */
  expireStep(maxDbSize: number, now: number): Promise<void>;
  /** A whole expiry pass now, in small steps (spamward learn --force-expire). */
  expireNow(maxDbSize: number, now: number): Promise<ExpiryResult>;
}

export interface LayoutRead {
  nspam: number;
  nham: number;
  counts: (TokenCounts | undefined)[];
}

/** What INIT found in the database. */
export interface FoundDatabase {
  version: string;
  format: string;
  marker: string;
}

export type LayoutDecision = { layout: RedisLayoutName; shards: number; problem?: string };

/** The marker a new database gets under this setting ('' = SpamAssassin's layout). */
export function newDatabaseMarker(setting: RedisLayoutSetting): string {
  return setting === 'spamassassin' ? '' : shardedMarker(DEFAULT_SHARDS);
}

export function shardedMarker(shards: number): string {
  return `sharded ${shards}`;
}

/** The layout to use for what the database holds; `problem` when the store must refuse it. */
export function decideLayout(found: FoundDatabase, setting: RedisLayoutSetting): LayoutDecision {
  const m = /^sharded (\d+)$/.exec(found.marker);
  const shards = Number(m?.[1]);
  if (found.marker !== '' && !(m && shards >= 1 && shards <= 256)) {
    return { layout: 'sharded', shards: DEFAULT_SHARDS, problem: `unknown Bayes key layout "${found.marker}"` };
  }
  const layout: RedisLayoutName = m ? 'sharded' : 'spamassassin';
  const decided = { layout, shards: m ? shards : DEFAULT_SHARDS };
  if (setting !== 'auto' && setting !== layout) {
    return { ...decided, problem: `the database holds the ${layout} key layout but bayes_redis_layout is ${setting} (back up, clear, then restore to convert it)` };
  }
  if (found.version !== '3' && !(layout === 'sharded' && found.version === '')) {
    return { ...decided, problem: `Bayes database version ${found.version} is not supported (need 3)` };
  }
  if (layout === 'spamassassin' && Number(found.format) < 2) {
    return { ...decided, problem: `old Bayes token format ${found.format} is not supported (back up and restore the database)` };
  }
  return decided;
}

/** The 5-byte token keys back to back (keys of another length cannot exist: the tokenizer hashes to 5 bytes). */
export function tokenBlob(keys: readonly Buffer[]): Buffer {
  for (const k of keys) if (k.length !== 5) throw new StorageError(`token key of ${k.length} bytes (need 5)`);
  return Buffer.concat(keys as Buffer[]);
}
