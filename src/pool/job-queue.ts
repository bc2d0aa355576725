/**
 * The jobs waiting for a free worker, bounded: when it is full, callers wait
 * for room (in order) or are refused at once, as the owner chooses, so a
 * burst cannot grow memory without limit.
 */
import { LimitError } from '../util/errors.js';

export type WhenFull = 'wait' | 'refuse';

export class JobQueue<T> {
  private readonly items: T[] = [];
  private readonly roomWaiters: Array<() => void> = [];

  constructor(private readonly capacity: number, private readonly whenFull: WhenFull) {}

  get length(): number {
    return this.items.length;
  }

  /** Callers waiting for room (not yet queued). */
  get blocked(): number {
    return this.roomWaiters.length;
  }

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity) {
      if (this.whenFull === 'refuse') throw new LimitError('pool-queue', `scan queue full (${this.capacity} waiting)`);
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    this.items.push(item);
  }

  shift(): T | undefined {
    const item = this.items.shift();
    if (item !== undefined) this.roomWaiters.shift()?.();
    return item;
  }

  /** Empties the queue (shutdown); the returned items are the owner's to fail. */
  drain(): T[] {
    const all = this.items.splice(0);
    for (const w of this.roomWaiters.splice(0)) w();
    return all;
  }
}
