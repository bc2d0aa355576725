/**
 * Sender reputation (AWL entries) on Redis, next to the Bayes keys:
 * `<prefix>awl:<addr|ip=block>` → hash c (count), t (total), l (last hit).
 * A transaction reads what it needs, computes, and commits with a
 * compare-and-set script that refuses when another scanner changed a key
 * it read; it then runs again on fresh values, so no increment is lost.
 */
import { type ReputationEntry, type ReputationStore, type ReputationTxn, runStaged, type StagedWrites } from '../reputation/reputation-store.js';
import { StorageError } from '../../util/errors.js';
import type { RedisConnection } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { REPUTATION_CAS } from './redis-scripts.js';

/** Every conflict means another scanner's update went through, so progress is guaranteed; this only bounds a pathological pile-up. */
const MAX_ATTEMPTS = 200;
const BATCH = 1000;

type Scripted = { swReputationCas(n: number, ...args: (Buffer | string)[]): Promise<number> };

export class RedisReputationStore implements ReputationStore {
  readonly readOnly = false;
  private readonly keys: RedisKeys;

  constructor(private readonly conn: RedisConnection, private readonly ownsConnection = false) {
    this.keys = new RedisKeys(conn.prefix);
    conn.client.defineCommand('swReputationCas', { lua: REPUTATION_CAS });
  }

  async get(key: string): Promise<ReputationEntry | undefined> {
    return decode(await this.fetch(key));
  }

  async transact<T>(fn: (tx: ReputationTxn) => T): Promise<T> {
    const known = new Map<string, string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const missing = new Set<string>();
      const read = new Set<string>();
      const { result, staged } = runStaged(fn, (k) => {
        read.add(k);
        if (!known.has(k)) missing.add(k);
        return decode(known.get(k) ?? '');
      });
      if (missing.size > 0) {
        // Values were guessed as absent: fetch them and run the transaction again.
        for (const k of missing) known.set(k, await this.fetch(k));
        attempt--;
        continue;
      }
      if (await this.commit(read, known, staged)) return result;
      known.clear();
      // A short random pause spreads scanners that collided on the same sender.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, attempt + 1)));
    }
    throw new StorageError(`${this.conn.description}: reputation update kept conflicting with other scanners`);
  }

  async *entries(): AsyncIterable<[string, ReputationEntry]> {
    const c = this.conn.client;
    const nodes = 'nodes' in c ? c.nodes('master') : [c];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, batch] = await this.run(() => node.scanBuffer(cursor, 'MATCH', this.keys.reputationPattern(), 'COUNT', BATCH));
        cursor = next.toString();
        for (const k of batch) {
          const e = decode(await this.fetchRaw(k));
          if (e) yield [this.keys.reputationOf(k), e];
        }
      } while (cursor !== '0');
    }
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.conn.close();
  }

  private async commit(read: Set<string>, known: Map<string, string>, staged: StagedWrites): Promise<boolean> {
    if (staged.size === 0) return true;
    const readKeys = [...read];
    const writeKeys = [...staged.keys()];
    const keys = [...readKeys, ...writeKeys].map((k) => this.keys.reputation(k));
    const args = [String(readKeys.length), ...readKeys.map((k) => known.get(k) ?? ''), ...writeKeys.map((k) => encode(staged.get(k) ?? null))];
    const ok = await this.run(() => (this.conn.client as unknown as Scripted).swReputationCas(keys.length, ...keys, ...args));
    return ok === 1;
  }

  private fetch(key: string): Promise<string> {
    return this.fetchRaw(this.keys.reputation(key));
  }

  private async fetchRaw(key: Buffer): Promise<string> {
    const [c, t, l] = await this.run(() => this.conn.client.hmget(key, 'c', 't', 'l'));
    return c === null || c === undefined ? '' : `${c}|${t ?? ''}|${l ?? ''}`;
  }

  private run<T>(op: () => Promise<T>): Promise<T> {
    return this.conn.run(op);
  }

}

function encode(e: ReputationEntry | null): string {
  return e === null ? '' : `${Math.max(0, Math.floor(e.count))}|${e.total}|${Math.max(0, Math.floor(e.lastHit))}`;
}

function decode(v: string): ReputationEntry | undefined {
  if (v === '') return undefined;
  const [c, t, l] = v.split('|').map(Number) as [number, number, number];
  return { count: c || 0, total: Number.isFinite(t) ? t : 0, lastHit: l || 0 };
}
