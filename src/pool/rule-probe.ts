/**
 * The running rule, shared between a worker and the pool: the worker writes
 * the id of each rule as it starts into one Int32 of a SharedArrayBuffer (a
 * Map lookup and a store), and the pool reads it when a scan overruns its
 * budget, after which the worker cannot say anything itself. Ids index a
 * name table the worker sends once its engine is built; names first seen
 * later (per-user rule sets) are sent as they appear, before they can run.
 */
import type { RunningRuleSink } from '../engine/index.js';

export const NO_RULE = -1;

export function newProbeBuffer(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  new Int32Array(sab)[0] = NO_RULE;
  return sab;
}

/** The worker's side: interns names to ids and publishes the running one. */
export class RuleProbeWriter implements RunningRuleSink {
  private readonly slot: Int32Array;
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(sab: SharedArrayBuffer, private readonly announce: (first: number, names: string[]) => void) {
    this.slot = new Int32Array(sab);
  }

  /** Interns names without announcing them (the ready message carries the table). */
  preload(names: Iterable<string>): string[] {
    for (const n of names) this.intern(n);
    return [...this.names];
  }

  ruleStarted(name: string): void {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.intern(name);
      this.announce(id, [name]);
    }
    this.slot[0] = id;
  }

  clear(): void {
    this.slot[0] = NO_RULE;
  }

  private intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

/** The pool's side: the name of the rule a worker is running now. */
export class RuleProbeReader {
  private readonly slot: Int32Array;
  private names: string[] = [];

  constructor(sab: SharedArrayBuffer) {
    this.slot = new Int32Array(sab);
  }

  learn(first: number, names: string[]): void {
    for (let i = 0; i < names.length; i++) this.names[first + i] = names[i] as string;
  }

  /** The running rule's name, or undefined between rules (parsing, rendering). */
  current(): string | undefined {
    const id = Atomics.load(this.slot, 0);
    return id === NO_RULE ? undefined : this.names[id] ?? `rule #${id}`;
  }
}
