/**
 * One scan's header values as the header rules read them, by spec slot
 * (HeaderLiteralIndex numbers the specs at compile time). A popular spec is
 * read by a hundred rules per message; an array index per rule replaces the
 * name lookups in the accessor's caches and the per-spec haystack map.
 */
import type { Octets } from '../message/types.js';
import type { ScanState } from '../scan/scan-state.js';
import type { HeaderLiteralIndex, TextLiteralIndex } from './literal-index.js';

const UNREAD = Symbol('unread');

export class HeaderSlots {
  private readonly values: (Octets | undefined | typeof UNREAD)[];
  /** Per slot, which literals of its index the value holds (built on first use). */
  private readonly present: (Uint8Array | undefined)[];

  constructor(
    private readonly state: ScanState,
    private readonly index: HeaderLiteralIndex,
  ) {
    this.values = new Array<Octets | undefined | typeof UNREAD>(index.specs.length).fill(UNREAD);
    this.present = new Array<Uint8Array | undefined>(index.specs.length).fill(undefined);
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
    let present = this.present[slot];
    if (present === undefined) {
      const specIndex = this.index.forSlot(slot);
      const value = this.value(slot);
      if (!specIndex || value === undefined) return undefined;
      present = literalsIn(value, specIndex);
      this.present[slot] = present;
    }
    for (let k = 0; k < ids.length; k++) if (present[ids[k]!] === 1) return true;
    return false;
  }
}

/**
 * Which of the index's literals occur in one header value, as a flag per id
 * (a header value is one line: a Haystack's per-line lists would be built for nothing).
 */
function literalsIn(value: string, index: TextLiteralIndex): Uint8Array {
  const present = new Uint8Array(index.size);
  const complete = index.scan(value, (id) => {
    present[id] = 1;
  });
  if (!complete) present.fill(1, index.foldedBase);
  return present;
}
