/**
 * One ioredis connection (standalone, Sentinel or Cluster) set up so that
 * nothing waits past the configured timeout: commands are never queued
 * while disconnected (enableOfflineQueue false), a command in flight when
 * the link drops fails at once (maxRetriesPerRequest 0), every command has
 * a deadline (commandTimeout), and reconnection runs in the background.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { StorageError } from '../../util/errors.js';
import { describeRedis, type RedisStoreOptions } from './redis-options.js';

export type RedisHandle = Redis | Cluster;

/** ioredis is loaded on the first connection: processes on LMDB (every `spamward learn` by default) never load it. */
const ioredis = (): typeof import('ioredis') => createRequire(import.meta.url)('ioredis') as typeof import('ioredis');

export interface RedisConnection {
  readonly client: RedisHandle;
  readonly description: string;
  /** The key prefix in force (Cluster forces a hash tag so a script's keys share one slot). */
  readonly prefix: string;
  /** True while commands can be sent. */
  readonly ready: boolean;
  /** Wait for the first connection attempt (up to the timeout); afterwards fail fast while the link is down. */
  whenReady(): Promise<void>;
  /** Settles (never rejects) when the first connection attempt succeeded or failed. */
  readonly firstAttempt: Promise<void>;
  /**
   * Run commands: fail fast while the link is down, give up after the
   * timeout, and name the server in errors (StorageError). On a ready link
   * `op` runs before run() returns, so its command is on the wire at once.
   */
  run<T>(op: () => Promise<T>, timeoutMs?: number): Promise<T>;
  /** The deadline for bulk work and learning, which may queue behind other scanners' learns: ten times the scan timeout, at least 5 s. */
  readonly slowTimeoutMs: number;
  close(): Promise<void>;
}

export interface ConnectionEvents {
  /** The link went down or came back; called once per change. */
  onState?: (up: boolean, detail: string) => void;
  /** Each time the link becomes ready (new or restarted server). */
  onReady?: () => void;
}

const MAX_RECONNECT_DELAY_MS = 1000;

export function connectRedis(o: RedisStoreOptions, events: ConnectionEvents = {}): RedisConnection {
  const description = describeRedis(o);
  const common: RedisOptions = {
    db: o.database,
    connectTimeout: o.timeoutMs,
    // Only a backstop that clears commands a hung server never answers; run() enforces the real timeout.
    commandTimeout: Math.max(20 * o.timeoutMs, 20_000),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(50 * times, MAX_RECONNECT_DELAY_MS),
    connectionName: `spamward[${process.pid}]`,
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.tls ? { tls: tlsOptions(o.tls) } : {}),
  };
  const prefix = o.cluster && !/\{[^}]+\}/.test(o.prefix) ? `{${o.prefix || 'spamward'}}` : o.prefix;
  const client: RedisHandle = o.cluster
    ? new (ioredis().Cluster)(o.cluster, { redisOptions: common, enableOfflineQueue: false, clusterRetryStrategy: (t) => Math.min(50 * t, MAX_RECONNECT_DELAY_MS) })
    : o.sentinels
      ? new (ioredis().Redis)({ ...common, sentinels: o.sentinels, name: o.sentinelName ?? 'mymaster' })
      : new (ioredis().Redis)({ ...common, ...o.endpoint });
  let up = false;
  // Only the very first connection attempt is waited for; after that a scan never waits for a server that is down.
  let settled = false;
  let lastError = 'not connected yet';
  let closing = false;
  const setUp = (value: boolean, detail: string): void => {
    if (value === up || closing) return;
    up = value;
    events.onState?.(value, detail);
  };
  client.on('ready', () => {
    settled = true;
    lastError = 'connection lost';
    setUp(true, 'connected');
    events.onReady?.();
  });
  client.on('error', (err: Error) => {
    lastError = err.message;
  });
  const down = (): void => {
    settled = true;
    setUp(false, lastError);
  };
  client.on('close', down);
  client.on('end', down);
  const ready = (): boolean => client.status === 'ready';
  const firstAttempt = new Promise<void>((resolve) => {
    for (const event of ['ready', 'close', 'end']) client.once(event, () => resolve());
  });
  const whenReady = async (): Promise<void> => {
    if (!ready() && !settled) await withDeadline(firstAttempt, o.timeoutMs).catch(() => undefined);
    if (!ready()) throw unavailable(description, settled ? lastError : `no connection within ${o.timeoutMs} ms`);
  };
  return {
    client, description, prefix, firstAttempt, whenReady,
    get ready() {
      return ready();
    },
    slowTimeoutMs: Math.max(10 * o.timeoutMs, 5000),
    run: <T>(op: () => Promise<T>, timeoutMs = o.timeoutMs): Promise<T> => {
      const named = (e: unknown): never => {
        if (e instanceof StorageError) throw e;
        throw new StorageError(`${description}: ${(e as Error).message}`, { cause: e });
      };
      // On a ready link the command is written now, in the caller's turn: a scan sends its read before the
      // local rules run and takes the answer after them. Awaiting whenReady() first would defer the write to a
      // microtask, which runs only once the rules are done, so the round trip would no longer overlap them.
      if (ready()) {
        try {
          return withDeadline(op(), timeoutMs).catch(named);
        } catch (e) {
          return Promise.reject(e).catch(named);
        }
      }
      return whenReady().then(() => withDeadline(op(), timeoutMs)).catch(named);
    },
    close: async () => {
      closing = true;
      if (client.status === 'end') return;
      try {
        await withDeadline(client.quit(), o.timeoutMs);
      } catch {
        // A server that does not answer QUIT is dropped below.
      }
      client.disconnect();
    },
  };
}

function unavailable(description: string, detail: string): StorageError {
  return new StorageError(`${description} unavailable: ${detail}`);
}

/**
 * Reject when `p` has not settled `ms` after the call. When the timer fires
 * the decision waits for one setImmediate: the event loop's poll phase runs
 * in between, so a reply already sitting in the socket (the loop was busy
 * with a scan) still counts. Only a server that really did not answer in
 * time makes the command fail.
 */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => setImmediate(() => {
      if (done) return;
      done = true;
      reject(new Error(`no answer within ${ms} ms`));
    }), ms);
    p.then((v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    }, (e: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(e);
    });
  });
}

function tlsOptions(t: NonNullable<RedisStoreOptions['tls']>): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  try {
    if (t.ca) out['ca'] = readFileSync(t.ca);
    if (t.cert) out['cert'] = readFileSync(t.cert);
    if (t.key) out['key'] = readFileSync(t.key);
  } catch (e) {
    throw new StorageError(`Redis TLS file: ${(e as Error).message}`, { cause: e });
  }
  if (t.servername) out['servername'] = t.servername;
  return out;
}
