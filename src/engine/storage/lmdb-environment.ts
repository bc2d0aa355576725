/**
 * One LMDB environment per data folder, holding the Bayes and reputation
 * sub-databases. A folder that cannot be written is opened read-only, so
 * scanning goes on and only learning reports an error.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { StorageError } from '../../util/errors.js';
import { DB_NAMES } from './key-layout.js';

export const ENV_FILE = 'spamward.lmdb';

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
      const root = open({ path, readOnly, maxDbs: 8, mapSize: options.mapSize ?? 2 ** 31, compression: false });
      return new LmdbEnvironment(root, readOnly, path);
    } catch (e) {
      throw new StorageError(`cannot open database ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Run `fn` in one write transaction and resolve after it is flushed to disk. */
  async write<T>(fn: () => T): Promise<T> {
    if (this.closed) throw new StorageError('database is closed');
    if (this.readOnly) throw new StorageError(`database ${this.path} is read-only`);
    try {
      // transactionSync holds the write lock while fn reads and writes, so concurrent processes cannot interleave a read-modify-write.
      const result = this.root.transactionSync(fn);
      await this.root.flushed;
      return result;
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError(`database write failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** See other processes' latest commits on the next read. */
  refresh(): void {
    if (!this.closed) this.root.resetReadTxn();
  }

  async close(): Promise<void> {
    if (this.closed) return;
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
