/**
 * The literal prefilter of one text type (body, rawbody, uri): every literal
 * the type's rules require, in two automata (exact, and lower-cased for `/i`
 * rules), and per rule the ids of its literals. A message's text is scanned
 * once per automaton; each rule then runs only on the lines holding one of
 * its literals.
 */
import type { PatternSource } from './compiled-types.js';
import { LiteralAutomaton } from './literal-automaton.js';

/** A rule the index serves: its pattern's literals become ids the rule keeps. */
export interface PrefilteredRule {
  pattern: PatternSource;
  literalIds?: Int32Array;
}

export class TextLiteralIndex {
  readonly exact: LiteralAutomaton;
  readonly folded: LiteralAutomaton;
  /** Number of literal ids: exact ids first, then folded ones. */
  readonly size: number;
  readonly foldedBase: number;

  constructor(rules: readonly PrefilteredRule[]) {
    const exact = new Map<string, number>();
    const folded = new Map<string, number>();
    const ruleLits: [PrefilteredRule, Map<string, number>, string[]][] = [];
    for (const rule of rules) {
      const lits = rule.pattern.literals;
      // A literal beyond Latin-1 cannot be searched bytewise; such a rule gets no prefilter.
      if (!lits || lits.some((l) => /[^\x00-\xff]/.test(l))) continue;
      const table = rule.pattern.literalsFolded ? folded : exact;
      for (const l of lits) if (!table.has(l)) table.set(l, table.size);
      ruleLits.push([rule, table, lits]);
    }
    this.foldedBase = exact.size;
    this.size = exact.size + folded.size;
    for (const [rule, table, lits] of ruleLits) {
      const base = table === folded ? this.foldedBase : 0;
      rule.literalIds = Int32Array.from(new Set(lits.map((l) => base + table.get(l)!)));
    }
    this.exact = LiteralAutomaton.build([...exact.keys()]);
    this.folded = LiteralAutomaton.build([...folded.keys()]);
  }

  /**
   * Reports every occurrence of every literal in the text (its id, and the
   * index of its last character), exact ones first, then the folded ones in
   * the lower-cased text. Returns false when the folded literals could not be
   * searched: lower-casing Latin-1 keeps the length, anything else would shift
   * every position, and the caller must then count them as present anywhere.
   */
  scan(text: string, found: (id: number, end: number) => void): boolean {
    this.exact.scan(text, found);
    if (this.size === this.foldedBase) return true;
    // Octet strings are read lower-cased in place; only a code above 255 needs the string lower-cased.
    if (this.folded.scan(text, found, this.foldedBase, true)) return true;
    const lower = text.toLowerCase();
    if (lower.length !== text.length) return false;
    this.folded.scan(lower, found, this.foldedBase);
    return true;
  }

  /** The length of literal id. */
  lengthOf(id: number): number {
    return id < this.foldedBase ? this.exact.lengths[id]! : this.folded.lengths[id - this.foldedBase]!;
  }
}

/** A rule reading one header spec; `slot` numbers its spec among the rule set's (set here). */
export interface SlottedHeaderRule {
  header: string;
  slot: number;
  pattern?: PatternSource;
  literalIds?: Int32Array;
}

/**
 * Header rules grouped by the header spec they read (Subject, ALL,
 * X-Spam-Relays-External…): each spec gets a slot number, which its rules
 * keep, so a scan finds a spec's value and literal index by array index
 * rather than by name; and one literal index per spec, so each header value
 * is scanned once for the literals of all its rules.
 */
export class HeaderLiteralIndex {
  /** The spec of each slot. */
  readonly specs: readonly string[];
  /** The literal index of each slot (undefined: no rule of the spec has literals). */
  private readonly bySlot: (TextLiteralIndex | undefined)[];

  constructor(rules: readonly SlottedHeaderRule[]) {
    const slots = new Map<string, number>();
    const prefiltered: PrefilteredRule[][] = [];
    for (const r of rules) {
      let slot = slots.get(r.header);
      if (slot === undefined) {
        slot = slots.size;
        slots.set(r.header, slot);
        prefiltered.push([]);
      }
      r.slot = slot;
      if (r.pattern) prefiltered[slot]!.push(r as PrefilteredRule);
    }
    this.specs = [...slots.keys()];
    this.bySlot = prefiltered.map((list) => (list.length > 0 ? new TextLiteralIndex(list) : undefined));
  }

  forSlot(slot: number): TextLiteralIndex | undefined {
    return this.bySlot[slot];
  }
}
