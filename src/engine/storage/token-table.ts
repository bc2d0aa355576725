/**
 * A table from 5-byte token keys to a state byte and three counts (spam,
 * ham, atime), in typed arrays: the write batch's changes of a transaction
 * (lmdb-write-batch.ts) and a scanner's cache of what it read
 * (token-count-cache.ts) both keep tens of thousands of tokens this way. As a
 * Map of strings or numbers to count objects each entry cost a key, an object
 * and an old-to-young pointer that every young GC had to scan (the learner's
 * main thread spent 12% of its time in GC), and a lookup by a 40-bit number
 * cost a heap number.
 *
 * Open addressing with linear probing on the key's low 32 bits (SHA-1
 * output, uniform already); the table doubles when half full. What the
 * states mean is the caller's; 0 is an empty slot.
 */

export const EMPTY = 0;

const INITIAL_SLOTS = 1 << 12;

export class TokenTable {
  private state = new Uint8Array(INITIAL_SLOTS);
  private keyHigh = new Uint8Array(INITIAL_SLOTS);
  private keyLow = new Uint32Array(INITIAL_SLOTS);
  /** spam, ham, atime per slot. */
  private counts = new Uint32Array(INITIAL_SLOTS * 3);
  private used = 0;

  /** The slot of the key, or -1 when the table has none. */
  find(high: number, low: number): number {
    const slot = this.probe(high, low);
    return this.state[slot] === EMPTY ? -1 : slot;
  }

  stateAt(slot: number): number {
    return this.state[slot] as number;
  }

  spamAt(slot: number): number {
    return this.counts[slot * 3] as number;
  }

  hamAt(slot: number): number {
    return this.counts[slot * 3 + 1] as number;
  }

  atimeAt(slot: number): number {
    return this.counts[slot * 3 + 2] as number;
  }

  /** Record the key's state (not EMPTY) and counts; returns its slot. */
  set(high: number, low: number, state: number, spam = 0, ham = 0, atime = 0): number {
    if (this.used * 2 >= this.state.length) this.grow();
    const slot = this.probe(high, low);
    if (this.state[slot] === EMPTY) {
      this.used++;
      this.keyHigh[slot] = high;
      this.keyLow[slot] = low;
    }
    this.state[slot] = state;
    const c = this.counts;
    c[slot * 3] = spam;
    c[slot * 3 + 1] = ham;
    c[slot * 3 + 2] = atime;
    return slot;
  }

  /** The slots in one of the `wanted` states, in key order (LMDB then walks its B-tree forward). */
  slotsInKeyOrder(wanted: readonly number[]): number[] {
    const slots: number[] = [];
    for (let i = 0; i < this.state.length; i++) {
      if (wanted.includes(this.state[i] as number)) slots.push(i);
    }
    const high = this.keyHigh;
    const low = this.keyLow;
    return slots.sort((a, b) => (high[a] as number) - (high[b] as number) || (low[a] as number) - (low[b] as number));
  }

  highAt(slot: number): number {
    return this.keyHigh[slot] as number;
  }

  lowAt(slot: number): number {
    return this.keyLow[slot] as number;
  }

  get size(): number {
    return this.used;
  }

  clear(): void {
    if (this.used === 0) return;
    // A table a huge transaction grew is given back rather than kept for the next.
    if (this.state.length > INITIAL_SLOTS * 64) this.allocate(INITIAL_SLOTS);
    else this.state.fill(EMPTY);
    this.used = 0;
  }

  private probe(high: number, low: number): number {
    const mask = this.state.length - 1;
    let slot = low & mask;
    while (this.state[slot] !== EMPTY && (this.keyLow[slot] !== low || this.keyHigh[slot] !== high)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { state, keyHigh, keyLow, counts } = this;
    this.allocate(state.length * 2);
    this.used = 0;
    for (let i = 0; i < state.length; i++) {
      const s = state[i] as number;
      if (s !== EMPTY) this.set(keyHigh[i] as number, keyLow[i] as number, s, counts[i * 3], counts[i * 3 + 1], counts[i * 3 + 2]);
    }
  }

  private allocate(slots: number): void {
    this.state = new Uint8Array(slots);
    this.keyHigh = new Uint8Array(slots);
    this.keyLow = new Uint32Array(slots);
    this.counts = new Uint32Array(slots * 3);
  }
}

/** Bytes 1-4 of a 5-byte token key, as an unsigned 32-bit number. */
export function keyLow(key: Uint8Array, at = 0): number {
  return (((key[at + 1] as number) << 24) | ((key[at + 2] as number) << 16) | ((key[at + 3] as number) << 8) | (key[at + 4] as number)) >>> 0;
}
