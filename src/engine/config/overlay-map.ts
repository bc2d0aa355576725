/**
 * A Map that reads through to a base map and keeps its own writes, so a
 * per-user configuration can change a few scores without copying the
 * system's 3000-entry tables on every spamd request. It behaves as a normal
 * Map to readers (get/has/size/iteration see the merged view).
 */
export class OverlayMap<K, V> extends Map<K, V> {
  private readonly removed = new Set<K>();

  constructor(private readonly base: ReadonlyMap<K, V>) {
    super();
  }

  override get(key: K): V | undefined {
    if (super.has(key)) return super.get(key);
    return this.removed.has(key) ? undefined : this.base.get(key);
  }

  override has(key: K): boolean {
    return super.has(key) || (!this.removed.has(key) && this.base.has(key));
  }

  override set(key: K, value: V): this {
    this.removed?.delete(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const had = this.has(key);
    super.delete(key);
    if (this.base.has(key)) this.removed.add(key);
    return had;
  }

  override clear(): void {
    super.clear();
    for (const k of this.base.keys()) this.removed.add(k);
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) {
      if (this.removed.has(k)) continue;
      yield [k, super.has(k) ? (super.get(k) as V) : v];
    }
    for (const [k, v] of super.entries()) if (!this.base.has(k)) yield [k, v];
  }

  override *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
