/**
 * An open-addressing map from n-gram keys (ngram-key.ts) to small integers,
 * in typed arrays: counting the n-grams of a message's 10,000 characters
 * means about 50,000 increments, which a Map of strings would pay for with as
 * many string allocations. Keys are never 0, so 0 marks a free slot. The
 * table grows as keys arrive and `clear` empties only the slots in use, so
 * one table serves every message of a thread.
 */

const INITIAL_SLOTS = 1024;

export class NgramTable {
  private keys = new Float64Array(INITIAL_SLOTS);
  private values = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  /** The slot of each distinct key, in the order keys were first added. */
  private slots = new Int32Array(INITIAL_SLOTS / 2);
  size = 0;

  /** Adds 1 to the key's value (a new key starts at 0). */
  increment(key: number): void {
    const slot = this.slotFor(key);
    this.values[slot]! += 1;
  }

  set(key: number, value: number): void {
    // The slot first: taking it may grow the table and replace `values`.
    const slot = this.slotFor(key);
    this.values[slot] = value;
  }

  /** The key's value, or -1 when absent. */
  get(key: number): number {
    const slot = this.probe(key);
    return this.keys[slot] === 0 ? -1 : (this.values[slot] as number);
  }

  /** The i-th distinct key, in the order keys were first added. */
  keyAt(i: number): number {
    return this.keys[this.slots[i] as number] as number;
  }

  valueAt(i: number): number {
    return this.values[this.slots[i] as number] as number;
  }

  /** Empties the table in time proportional to its size, keeping its memory. */
  clear(): void {
    for (let i = 0; i < this.size; i++) {
      const slot = this.slots[i] as number;
      this.keys[slot] = 0;
      this.values[slot] = 0;
    }
    this.size = 0;
  }

  /** The key's slot, taking a free one for a new key. */
  private slotFor(key: number): number {
    let slot = this.probe(key);
    if (this.keys[slot] !== 0) return slot;
    if (this.size >= this.slots.length) {
      this.grow();
      slot = this.probe(key);
    }
    this.keys[slot] = key;
    this.slots[this.size++] = slot;
    return slot;
  }

  private probe(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & this.mask;
    for (;;) {
      const k = this.keys[slot];
      if (k === key || k === 0) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Doubles the slots (the table stays at most half full, so probes stay short). */
  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldSlots = this.slots;
    const capacity = oldKeys.length * 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity / 2);
    for (let i = 0; i < this.size; i++) {
      const old = oldSlots[i] as number;
      const key = oldKeys[old] as number;
      const slot = this.probe(key);
      this.keys[slot] = key;
      this.values[slot] = oldValues[old] as number;
      this.slots[i] = slot;
    }
  }
}
