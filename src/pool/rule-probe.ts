/**
 * The running rule, shared between a worker and the pool: the worker writes
 * the ordinal of each rule as it starts (the engine numbers every rule name
 * it compiles) into one Int32 of a SharedArrayBuffer, and the pool reads it
 * when a scan overruns its budget, after which the worker cannot say
 * anything itself. Ordinals index a name table the worker sends once its
 * engine is built; names compiled later (per-user rule sets) are sent as
 * their rules first run.
 */
import type { RunningRuleSink } from '../engine/index.js';

export const NO_RULE = -1;

export function newProbeBuffer(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  new Int32Array(sab)[0] = NO_RULE;
  return sab;
}

/** The worker's side: publishes the running ordinal, announcing names the pool does not have yet. */
export class RuleProbeWriter implements RunningRuleSink {
  private readonly slot: Int32Array;
  /** Ordinals below this are known to the pool. */
  private announced = 0;

  constructor(
    sab: SharedArrayBuffer,
    /** The engine's names from an ordinal on. */
    private readonly namesFrom: (first: number) => string[],
    private readonly announce: (first: number, names: string[]) => void,
  ) {
    this.slot = new Int32Array(sab);
  }

  /** Every name numbered so far, marked as known (the ready message carries the table). */
  preload(): string[] {
    const names = this.namesFrom(0);
    this.announced = names.length;
    return names;
  }

  ruleStarted(ordinal: number): void {
    if (ordinal >= this.announced) {
      const names = this.namesFrom(this.announced);
      this.announce(this.announced, names);
      this.announced += names.length;
    }
    this.slot[0] = ordinal;
  }

  clear(): void {
    this.slot[0] = NO_RULE;
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
