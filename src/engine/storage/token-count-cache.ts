/**
 * Token counts a scanning process has read from LMDB, kept in memory so the
 * words every message shares are looked up once rather than once per scan
 * (a read costs about a microsecond in lmdb-js, more on cold pages; a hit
 * here a few tens of nanoseconds).
 *
 * Counts change only when a write transaction learns, forgets, expires or
 * clears: such a transaction stores a new random `countsGeneration` in the
 * meta database (lmdb-write-batch.ts), and the store hands the value it
 * finds at the start of every scan to `validate`, which drops everything
 * when it moved, whichever process wrote. Atime touches leave the
 * generation alone; this process's own touches update the entries they
 * hit, another process's leave an older atime here, which at worst makes
 * a later scan touch a token again (a touch only ever moves atimes up).
 */
import type { TokenCounts } from '../bayes/store.js';
import { keyLow, TokenTable } from './token-table.js';

/**
 * Slots of the table: 2^17 of them hold up to 2^16 tokens (the distinct
 * tokens of a few hundred messages, three quarters of a scan's lookups on the
 * public corpus) in about 2.4 MB. Past that the cache starts empty again
 * rather than tracking recency on every hit.
 */
const DEFAULT_SLOTS = 1 << 17;

const KNOWN = 1;
/** The database did not hold the token in this generation. */
const UNKNOWN = 2;

export class TokenCountCache {
  private readonly table = new TokenTable();
  private readonly maxEntries: number;
  private generation: number | undefined;

  constructor(slots = DEFAULT_SLOTS) {
    if (slots < 2 || (slots & (slots - 1)) !== 0) throw new RangeError('slots must be a power of two');
    // Half full at most, as the table keeps itself, so probes stay short.
    this.maxEntries = slots >>> 1;
  }

  /** The database's generation as of the current read snapshot; a change empties the cache. */
  validate(generation: number | undefined): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.table.clear();
  }

  /**
   * The token at `at` of `packed` (TOKEN_KEY_BYTES each): its counts, null
   * when the database lacks it, undefined when the cache does not know.
   */
  get(packed: Uint8Array, at: number): TokenCounts | null | undefined {
    const t = this.table;
    const slot = t.find(packed[at] as number, keyLow(packed, at));
    if (slot < 0) return undefined;
    if (t.stateAt(slot) === UNKNOWN) return null;
    return { spam: t.spamAt(slot), ham: t.hamAt(slot), atime: t.atimeAt(slot) };
  }

  remember(packed: Uint8Array, at: number, counts: TokenCounts | undefined): void {
    const t = this.table;
    if (t.size >= this.maxEntries) t.clear();
    const high = packed[at] as number;
    const low = keyLow(packed, at);
    if (counts) t.set(high, low, KNOWN, counts.spam, counts.ham, counts.atime);
    else t.set(high, low, UNKNOWN);
  }

  /**
   * This process is writing `counts` for the token (`high`: its key's first
   * byte, `low` the other four). An atime touch updates a cached entry; anything else
   * drops the whole cache, to be read again: the write may yet be rolled
   * back, and a committed one moves the generation anyway.
   */
  written(high: number, low: number, counts: TokenCounts | undefined): void {
    const t = this.table;
    const slot = t.find(high, low);
    if (slot < 0) return;
    if (t.stateAt(slot) === KNOWN && counts && t.spamAt(slot) === counts.spam && t.hamAt(slot) === counts.ham) t.set(high, low, KNOWN, counts.spam, counts.ham, counts.atime);
    else t.clear();
  }

  get size(): number {
    return this.table.size;
  }
}
