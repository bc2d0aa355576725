/**
 * One LMDB environment per data folder, holding the Bayes and reputation
 * sub-databases. A folder that cannot be written is opened read-only, so
 * scanning goes on and only learning reports an error.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { StorageError } from '../../util/errors.js';
import { DB_NAMES } from './key-layout.js';

export const ENV_FILE = 'spamward.lmdb';

/**
 * lmdb is loaded when the first environment opens: a process whose config
 * keeps no store in LMDB (use_bayes 0 without AWL, or Redis) never holds its
 * code and buffers, once per scanning worker.
 */
const lmdb = (): typeof import('lmdb') => createRequire(import.meta.url)('lmdb') as typeof import('lmdb');

export interface EnvironmentOptions {
  /** Open read-only even when the folder is writable. */
  readOnly?: boolean;
  /** Largest database size in bytes (LMDB map size). */
  mapSize?: number;
}

export class LmdbEnvironment {
  readonly readOnly: boolean;
  readonly tokens: Database<Buffer, Buffer>;
  readonly seen: Database<Buffer, string>;
  readonly meta: Database<Buffer, string>;
  readonly reputation: Database<Buffer, string>;
  private closed = false;
  private draining: Promise<void> | undefined;
  private readonly queue: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private readonly commitHooks: (() => void)[] = [];

  private constructor(readonly root: RootDatabase, readOnly: boolean, readonly path: string) {
    this.readOnly = readOnly;
    this.tokens = root.openDB<Buffer, Buffer>({ name: DB_NAMES.tokens, keyEncoding: 'binary', encoding: 'binary' });
    this.seen = root.openDB<Buffer, string>({ name: DB_NAMES.seen, encoding: 'binary' });
    this.meta = root.openDB<Buffer, string>({ name: DB_NAMES.meta, encoding: 'binary' });
    this.reputation = root.openDB<Buffer, string>({ name: DB_NAMES.reputation, encoding: 'binary' });
  }

  /** Open (creating when allowed) the environment in `dir`. Throws StorageError when impossible. */
  static open(dir: string, options: EnvironmentOptions = {}): LmdbEnvironment {
    const path = join(dir, ENV_FILE);
    const readOnly = options.readOnly === true || !writable(dir, path);
    if (readOnly && !existsSync(path)) throw new StorageError(`no database at ${path}, and ${dir} is not writable`);
    try {
      const root = lmdb().open({ path, readOnly, maxDbs: 8, mapSize: options.mapSize ?? 2 ** 31, compression: false });
      return new LmdbEnvironment(root, readOnly, path);
    } catch (e) {
      throw new StorageError(`cannot open database ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Run `fn` in a write transaction and resolve after it is flushed to disk.
   * Writes queued in the same tick share one transaction and one fsync (group
   * commit): each still runs alone under the write lock, so a read-modify-write
   * sees the writes before it, and a failing one is isolated (stores stage
   * their changes and apply them only when their function returns).
   */
  write<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError('database is closed'));
    if (this.readOnly) return Promise.reject(new StorageError(`database ${this.path} is read-only`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => { this.draining = this.drain(); });
    });
  }

  /**
   * Run `hook` inside every write transaction once its functions ran, before
   * the commit: a store that gathers a batch's changes writes them there. A
   * hook that throws aborts the whole transaction.
   */
  beforeCommit(hook: () => void): void {
    this.commitHooks.push(hook);
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0);
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // transactionSync holds the write lock while the functions read and write, so concurrent processes cannot interleave a read-modify-write.
      this.root.transactionSync(() => {
        for (const w of batch) {
          try {
            results.push({ ok: true, value: w.fn() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
        for (const hook of this.commitHooks) hook();
      });
      await this.root.flushed;
    } catch (e) {
      const err = e instanceof StorageError ? e : new StorageError(`database write failed: ${(e as Error).message}`, { cause: e });
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r?.ok) w.resolve(r.value);
      else w.reject(r?.error instanceof StorageError ? r.error : new StorageError(`database write failed: ${(r?.error as Error)?.message}`, { cause: r?.error }));
    });
  }

  /** See other processes' latest commits on the next read. */
  refresh(): void {
    if (!this.closed) this.root.resetReadTxn();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0) await new Promise((r) => setImmediate(r));
    await this.draining;
    this.closed = true;
    await this.root.close();
  }
}

function writable(dir: string, path: string): boolean {
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
