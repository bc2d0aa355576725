/**
 * A DnsClient that remembers answers for a short while and shares queries
 * in flight, so that messages scanned close together (a mailing list burst,
 * a worker's queue) ask each blocklist once. Failures are not remembered.
 */
import type { DnsAnswer, DnsClient, RrType } from './dns-types.js';

const CACHED_CODES = new Set(['NOERROR', 'NXDOMAIN', 'NODATA']);

interface Entry {
  answer: Promise<DnsAnswer>;
  /** Epoch ms after which the entry is stale; Infinity while in flight. */
  expires: number;
}

export class CachingDnsClient implements DnsClient {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: DnsClient,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  query(name: string, type: RrType): Promise<DnsAnswer> {
    const key = `${type} ${name.toLowerCase()}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.answer;
    if (hit) this.entries.delete(key);
    const entry: Entry = { answer: this.inner.query(name, type), expires: Infinity };
    this.remember(key, entry);
    void entry.answer.then((a) => {
      if (CACHED_CODES.has(a.code)) entry.expires = Date.now() + this.ttlMs;
      else if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.answer;
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }

  close(): void {
    this.entries.clear();
    this.inner.close();
  }
}
