/**
 * Storage for sender reputation entries (address + IP block → message count
 * and total score). Every update is a read-modify-write inside one
 * transaction, so parallel scanners cannot lose increments.
 */
import { StorageError } from '../../util/errors.js';

export interface ReputationEntry {
  count: number;
  total: number;
  /** Unix seconds of the last update. */
  lastHit: number;
}

export interface ReputationTxn {
  get(key: string): ReputationEntry | undefined;
  put(key: string, entry: ReputationEntry): void;
  del(key: string): void;
}

/**
 * Local stores (memory, LMDB) answer reads synchronously; a store on a
 * server shared by many scanners (Redis) answers with promises.
 */
export interface ReputationStore {
  readonly readOnly: boolean;
  get(key: string): ReputationEntry | undefined | Promise<ReputationEntry | undefined>;
  /** `fn` may run more than once (a remote store retries when another scanner changed what it read). */
  transact<T>(fn: (tx: ReputationTxn) => T): Promise<T>;
  entries(): Iterable<[string, ReputationEntry]> | AsyncIterable<[string, ReputationEntry]>;
  close?(): Promise<void>;
}

/** Staged writes of one transaction: null marks a deletion. */
export type StagedWrites = Map<string, ReputationEntry | null>;

/**
 * Runs `fn` with its writes staged over `read`, for every store: the caller
 * applies `staged` only after `fn` returned, so a throwing update writes nothing.
 */
export function runStaged<T>(fn: (tx: ReputationTxn) => T, read: (key: string) => ReputationEntry | undefined): { result: T; staged: StagedWrites } {
  const staged: StagedWrites = new Map();
  const result = fn({
    get: (k) => {
      const s = staged.get(k);
      if (s !== undefined) return s === null ? undefined : { ...s };
      return read(k);
    },
    put: (k, e) => void staged.set(k, { ...e }),
    del: (k) => void staged.set(k, null),
  });
  return { result, staged };
}

export class MemoryReputationStore implements ReputationStore {
  private readonly map = new Map<string, ReputationEntry>();

  constructor(readonly readOnly = false) {}

  get(key: string): ReputationEntry | undefined {
    const e = this.map.get(key);
    return e ? { ...e } : undefined;
  }

  async transact<T>(fn: (tx: ReputationTxn) => T): Promise<T> {
    if (this.readOnly) throw new StorageError('reputation database is read-only');
    const { result, staged } = runStaged(fn, (k) => this.get(k));
    for (const [k, v] of staged) (v === null ? this.map.delete(k) : this.map.set(k, v));
    return result;
  }

  *entries(): Iterable<[string, ReputationEntry]> {
    yield* [...this.map].map(([k, v]): [string, ReputationEntry] => [k, { ...v }]);
  }
}
