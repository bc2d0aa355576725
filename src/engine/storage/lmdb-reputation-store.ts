/** Reputation entries in the shared LMDB environment (sub-database `reputation`). */
import type { ReputationEntry, ReputationStore, ReputationTxn } from '../reputation/reputation-store.js';
import { decodeReputation, encodeReputation, stringKey } from './key-layout.js';
import type { LmdbEnvironment } from './lmdb-environment.js';

export class LmdbReputationStore implements ReputationStore {
  constructor(private readonly env: LmdbEnvironment) {}

  get readOnly(): boolean {
    return this.env.readOnly;
  }

  get(key: string): ReputationEntry | undefined {
    return decodeReputation(this.env.reputation.getBinary(stringKey(key)));
  }

  transact<T>(fn: (tx: ReputationTxn) => T): Promise<T> {
    const db = this.env.reputation;
    return this.env.write(() => {
      const staged = new Map<string, ReputationEntry | null>();
      const result = fn({
        get: (k) => {
          const s = staged.get(k);
          return s === null ? undefined : s ? { ...s } : this.get(k);
        },
        put: (k, e) => void staged.set(k, { ...e }),
        del: (k) => void staged.set(k, null),
      });
      // Applied only after fn returned: a throwing update writes nothing.
      for (const [k, v] of staged) (v === null ? db.removeSync(stringKey(k)) : db.putSync(stringKey(k), encodeReputation(v)));
      return result;
    });
  }

  *entries(): Iterable<[string, ReputationEntry]> {
    for (const { key, value } of this.env.reputation.getRange()) {
      const e = decodeReputation(value);
      if (e) yield [String(key), e];
    }
  }
}
