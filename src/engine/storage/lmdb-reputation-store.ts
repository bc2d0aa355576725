/** Reputation entries in the shared LMDB environment (sub-database `reputation`). */
import { type ReputationEntry, type ReputationStore, type ReputationTxn, runStaged } from '../reputation/reputation-store.js';
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
      const { result, staged } = runStaged(fn, (k) => this.get(k));
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
