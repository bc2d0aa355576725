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
import { keyLow } from './token-change-table.js';

/**
 * Slots of the open-addressing table: 2^17 of them hold up to 2^16 tokens
 * (the distinct tokens of a few hundred messages, three quarters of a
 * scan's lookups on the public corpus) in about 2.4 MB. Past that the table
 * starts empty again rather than tracking recency on every hit.
 */
const DEFAULT_SLOTS = 1 << 17;

const EMPTY = 0;
const KNOWN = 1;
/** The database did not hold the token in this generation. */
const UNKNOWN = 2;

/**
 * The cache is typed arrays rather than a Map of count objects: a Map keyed
 * by 40-bit numbers costs a heap number per lookup, and each of its entries
 * would be an old object pointing at young ones, which every young GC scans.
 * The key's low 32 bits are SHA-1 output, uniform already, so they index
 * the table directly (linear probing).
 */
export class TokenCountCache {
  private readonly state: Uint8Array;
  private readonly keyHigh: Uint8Array;
  private readonly keyLow: Uint32Array;
  private readonly counts: Uint32Array;
  private readonly mask: number;
  private readonly maxEntries: number;
  private entries = 0;
  private generation: number | undefined;

  constructor(slots = DEFAULT_SLOTS) {
    if (slots < 2 || (slots & (slots - 1)) !== 0) throw new RangeError('slots must be a power of two');
    this.state = new Uint8Array(slots);
    this.keyHigh = new Uint8Array(slots);
    this.keyLow = new Uint32Array(slots);
    this.counts = new Uint32Array(slots * 3);
    this.mask = slots - 1;
    this.maxEntries = slots >>> 1;
  }

  /** The database's generation as of the current read snapshot; a change empties the cache. */
  validate(generation: number | undefined): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.clear();
  }

  /**
   * The token at `at` of `packed` (TOKEN_KEY_BYTES each): its counts, null
   * when the database lacks it, undefined when the cache does not know.
   */
  get(packed: Uint8Array, at: number): TokenCounts | null | undefined {
    const slot = this.find(packed[at] as number, keyLow(packed, at));
    const state = this.state[slot];
    if (state === EMPTY) return undefined;
    if (state === UNKNOWN) return null;
    const c = this.counts;
    return { spam: c[slot * 3] as number, ham: c[slot * 3 + 1] as number, atime: c[slot * 3 + 2] as number };
  }

  remember(packed: Uint8Array, at: number, counts: TokenCounts | undefined): void {
    if (this.entries >= this.maxEntries) this.clear();
    const high = packed[at] as number;
    const low = keyLow(packed, at);
    const slot = this.find(high, low);
    if (this.state[slot] === EMPTY) this.entries++;
    this.store(slot, high, low, counts);
  }

  /**
   * This process is writing `counts` for the token (`high`: its key's first
   * byte, `low` the other four). An atime touch updates a cached entry; anything else
   * drops the whole cache, to be read again: the write may yet be rolled
   * back, and a committed one moves the generation anyway.
   */
  written(high: number, low: number, counts: TokenCounts | undefined): void {
    const slot = this.find(high, low);
    const state = this.state[slot];
    if (state === EMPTY) return;
    const c = this.counts;
    if (state === KNOWN && counts && c[slot * 3] === counts.spam && c[slot * 3 + 1] === counts.ham) c[slot * 3 + 2] = counts.atime;
    else this.clear();
  }

  get size(): number {
    return this.entries;
  }

  /** The slot holding the key, or the empty slot where it would go. */
  private find(high: number, low: number): number {
    const mask = this.mask;
    let slot = low & mask;
    while (this.state[slot] !== EMPTY && (this.keyLow[slot] !== low || this.keyHigh[slot] !== high)) slot = (slot + 1) & mask;
    return slot;
  }

  private store(slot: number, high: number, low: number, counts: TokenCounts | undefined): void {
    this.keyHigh[slot] = high;
    this.keyLow[slot] = low;
    if (!counts) {
      this.state[slot] = UNKNOWN;
      return;
    }
    this.state[slot] = KNOWN;
    const c = this.counts;
    c[slot * 3] = counts.spam;
    c[slot * 3 + 1] = counts.ham;
    c[slot * 3 + 2] = counts.atime;
  }

  private clear(): void {
    if (this.entries === 0) return;
    this.state.fill(EMPTY);
    this.entries = 0;
  }
}

