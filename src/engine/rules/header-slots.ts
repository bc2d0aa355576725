/**
 * One scan's header values as the header rules read them, by spec slot
 * (HeaderLiteralIndex numbers the specs at compile time). A popular spec is
 * read by a hundred rules per message; an array index per rule replaces the
 * name lookups in the accessor's caches and the per-spec haystack map.
 */
import type { Octets } from '../message/types.js';
import type { ScanState } from '../scan/scan-state.js';
import { Haystack } from './haystack.js';
import type { HeaderLiteralIndex } from './literal-index.js';

const UNREAD = Symbol('unread');

export class HeaderSlots {
  private readonly values: (Octets | undefined | typeof UNREAD)[];
  private readonly haystacks: (Haystack | undefined)[];

  constructor(
    private readonly state: ScanState,
    private readonly index: HeaderLiteralIndex,
  ) {
    this.values = new Array<Octets | undefined | typeof UNREAD>(index.specs.length).fill(UNREAD);
    this.haystacks = new Array<Haystack | undefined>(index.specs.length).fill(undefined);
  }

  /** The joined value a header rule matches (undefined: the header is absent). */
  value(slot: number): Octets | undefined {
    let v = this.values[slot];
    if (v === UNREAD) {
      v = this.state.headerForRule(this.index.specs[slot]!);
      this.values[slot] = v;
    }
    return v;
  }

  /**
   * Whether the spec's value holds one of the literal ids, or undefined when
   * the spec has no literal index (the caller then checks the rule's own
   * literals). The value is scanned once per message for every rule's literals.
   */
  holdsAny(slot: number, ids: Int32Array): boolean | undefined {
    let hay = this.haystacks[slot];
    if (!hay) {
      const specIndex = this.index.forSlot(slot);
      const value = this.value(slot);
      if (!specIndex || value === undefined) return undefined;
      hay = new Haystack([value], specIndex);
      this.haystacks[slot] = hay;
    }
    return hay.holdsAny(ids);
  }
}
