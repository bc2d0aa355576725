/**
 * Many rule regexes answered in one pass: the RE2 sets behind a text type's
 * rules (rspamd's lesson, with RE2 in place of Hyperscan). A set only says
 * which of its patterns match a subject somewhere, which is all a rule
 * without captures or hit counts needs; the others use it to find the lines
 * worth running their own RegExp on. A rule RE2 cannot answer exactly
 * (look-arounds, back-references) is a member by a wider pattern, a gate:
 * its RegExp then runs only on the lines the gate names (unless selective
 * literals already confine it to a few). Measured on the
 * stock rules over the corpus, alternating runs: 15% less CPU per message
 * than such rules running their RegExp on every line the literal prefilter
 * let through, with identical verdicts on 1,500 messages.
 *
 * Patterns go into sets of a few dozen: RE2 builds its DFA lazily, and one
 * DFA for hundreds of SpamAssassin patterns thrashes its state cache and
 * falls back to the slow NFA (measured: 500 body rules in one set ran 2x
 * slower than V8 running them one by one; in sets of 40, 10x faster).
 */
import type { ParsedRegex } from '../regex/ast.js';
import { parsePerlRegex } from '../regex/parser.js';
import { re2Binding, type Re2Set, type Re2SetConstructor } from '../regex/re2-binding.js';
import { dfaClass, dfaWeight, type DfaClass } from '../regex/dfa-weight.js';
import { emitRe2, emitRe2Coarse, emitRe2Counted, emitRe2Superset } from '../regex/re2-emitter.js';

/**
 * Members of a light set. At 40 one set of the stock rules needed a little
 * more DFA memory than its budget on ordinary mail: RE2 then flushed its
 * state cache over and over (a set matching many patterns never gives up on
 * the DFA) and ran 5.5x slower than with a 16 MB budget, and taking out any
 * one of eight members cured it; a cliff, not a slope. Halves stay well
 * below it: one engine, 1,500 corpus messages after 640, three alternating
 * rounds, 4.37-4.55 ms a message at 40, 4.25-4.42 at 20, 4.25-4.37 at 16,
 * 4.50-4.57 at 28 (the cliff set still whole).
 */
const PATTERNS_PER_SET = 20;
/**
 * RE2's budget per set (program and DFA states). States are built lazily and
 * kept up to it, so this bounds the sets' native memory per engine (64 sets
 * for the stock rules). Measured on the corpus (malloc in use after 600
 * messages, one engine, against CPU per message, alternating): 8 MB 80 MB,
 * 4 MB 64 MB at x1.36, 2 MB 55 MB at x1.5, 1 MB 36 MB at x2.0. See docs/memory.md.
 */
const SET_MAX_MEM = 8 << 20;

/** A rule the set can serve: its Perl pattern, and where the set writes its member number. */
export interface SetCandidate {
  pattern: { perl: { pattern: string; flags: string }; regex: RegExp | undefined; literals: string[] | null };
  /** Ids in the type's literal index (set when the rule's literals are in it). */
  literalIds?: Int32Array;
  setMember?: number;
  /** Whether the member answers for the rule (else it is a gate: a line it names may match). */
  setExact?: boolean;
}

/** One RE2 set: its `count` members are numbered from `first`; `gate` lists literal ids one of which a line must hold. */
export interface SetGroup {
  set: Re2Set;
  first: number;
  count: number;
  gate: Int32Array | undefined;
}

export class RegexSet {
  private constructor(
    readonly groups: readonly SetGroup[],
    readonly size: number,
  ) {}

  /**
   * Takes the candidates RE2 can answer exactly (static patterns it can
   * express) and numbers them via `setMember`; the rest are left alone.
   * Candidates whose literals are selective (in the literal index already,
   * `literalIds` set) go into gated sets: a gated set runs only on the lines
   * that hold one of its members' literals. Undefined without the RE2
   * binding or without any eligible pattern.
   */
  static build(candidates: readonly SetCandidate[]): RegexSet | undefined {
    const re2 = re2Binding();
    if (!re2) return undefined;
    const open: Member[] = [];
    const gated: Member[] = [];
    for (const rule of candidates) {
      if (!rule.pattern.regex) continue;
      const member = re2Member(rule, (s) => parsesInRe2(re2.Set, s));
      if (member === undefined) continue;
      const selective = rule.literalIds !== undefined && selectiveLiterals(rule.pattern.literals);
      // A rule behind selective literals already runs on few lines: a gate there would mostly add DFA memory
      // (12 MB per engine after 600 corpus messages, the rawbody ones broad patterns in sets of their own).
      if (selective && !member.exact) continue;
      if (selective) gated.push(member);
      else open.push(member);
    }
    const groups: SetGroup[] = [];
    let size = 0;
    for (const [members, isGated] of [[open, false], [gated, true]] as const) {
      for (const group of grouped(members)) {
        for (const built of compileGroup(re2.Set, group)) {
          groups.push({ set: built.set, first: size, count: built.members.length, gate: isGated ? gateOf(built.members) : undefined });
          for (const m of built.members) {
            m.rule.setMember = size++;
            m.rule.setExact = m.exact;
          }
        }
      }
    }
    return size === 0 ? undefined : new RegexSet(groups, size);
  }
}

function gateOf(members: Member[]): Int32Array {
  return Int32Array.from(new Set(members.flatMap((m) => [...(m.rule.literalIds ?? [])])));
}

/**
 * Literals this long are selective: a rule that needs one runs on few lines,
 * so its set is gated by them rather than run on every line. Measured on the
 * stock rules over the corpus, same process, alternating: gated sets 15 ms of
 * CPU per message against 18 ms with such rules left to V8 behind the
 * literal prefilter, and 20 ms with them in sets run on every line.
 */
const SELECTIVE_LITERAL_LENGTH = 4;

function selectiveLiterals(lits: string[] | null): boolean {
  return lits !== null && lits.every((l) => l.length >= SELECTIVE_LITERAL_LENGTH);
}

interface Member {
  rule: SetCandidate;
  source: string;
  weight: DfaClass;
  exact: boolean;
  /** The parsed pattern, for a coarser gate should the set of `source` not fit RE2's budget. */
  parsed: ParsedRegex;
}

/** Set sizes by weight (dfa-weight.ts). */
const PER_SET: Record<DfaClass, number> = { light: PATTERNS_PER_SET, wide: 8, broad: 1 };

/**
 * Members in sets by their weight. Measured on the stock rules over corpus
 * text, every set on every line: 1,154 ns per byte in all with heavy
 * patterns mixed in, 220 with the 34 heavy ones alone. Of the heavy ones,
 * those heavy by positions alone (52 body patterns, with the gates of the
 * FUZZY_* look-alike rules) cost 0.33 ms per message alone and 0.17 by eight
 * (0.18 by 16 or 40); those with a broad class under a count 0.15 alone and
 * 0.98 by four. Fresh messages, alternating, one process.
 */
function grouped(members: Member[]): Member[][] {
  const groups: Member[][] = [];
  for (const weight of ['light', 'wide', 'broad'] as const) {
    const same = members.filter((m) => m.weight === weight);
    const size = PER_SET[weight];
    for (let from = 0; from < same.length; from += size) groups.push(same.slice(from, from + size));
  }
  return groups;
}

/**
 * A group as one set, or, when RE2 cannot fit the group's program in its
 * memory budget, its halves on their own; a pattern that fails alone stays
 * on its RegExp.
 */
function compileGroup(SetClass: Re2SetConstructor, group: Member[]): { set: Re2Set; members: Member[] }[] {
  try {
    return [{ set: new SetClass(group.map((m) => m.source), 'u', { anchor: 'unanchored', maxMem: SET_MAX_MEM }), members: group }];
  } catch {
    if (group.length === 1) return coarseAlone(SetClass, group[0]!);
    const half = group.length >> 1;
    return [...compileGroup(SetClass, group.slice(0, half)), ...compileGroup(SetClass, group.slice(half))];
  }
}

/**
 * Throws when RE2 refuses the pattern (RE2 parses it as a set would). A set
 * given no memory fails to compile right after parsing, and a set that fails
 * frees its native memory at once; an RE2 object built to check a pattern
 * kept its compiled program (tens of MB for the stock rules, per engine)
 * until a full GC that may never come. Refusals at compile time (a program
 * past the budget) still surface in compileGroup.
 */
function parsesInRe2(SetClass: Re2SetConstructor, source: string): void {
  try {
    new SetClass([source], 'u', { anchor: 'unanchored', maxMem: 1 });
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof TypeError) throw err;
  }
}

/**
 * The gates tried when RE2 refuses a pattern or cannot fit its program,
 * narrowest first: each count's minimum kept, then every count opened.
 */
const FALLBACK_GATES = [emitRe2Counted, emitRe2Coarse] as const;

/** A member too large for RE2 as written, as the narrowest gate that fits, in a set of its own (or nothing: it keeps its RegExp). */
function coarseAlone(SetClass: Re2SetConstructor, member: Member): { set: Re2Set; members: Member[] }[] {
  for (const emit of FALLBACK_GATES) {
    const coarse = emit(member.parsed);
    if (coarse === undefined || coarse === member.source) continue;
    try {
      const set = new SetClass([coarse], 'u', { anchor: 'unanchored', maxMem: SET_MAX_MEM });
      return [{ set, members: [{ ...member, source: coarse, exact: false }] }];
    } catch {
      // Past the budget still: try the coarser form.
    }
  }
  return [];
}

/**
 * The rule as a set member: RE2 source of its Perl pattern, exact when RE2
 * can answer it and RE2 accepts that, else a wider pattern as a gate (a
 * look-around or back-reference no longer sends the rule's RegExp to every
 * line). Undefined when RE2 takes neither.
 */
function re2Member(rule: SetCandidate, check: (source: string) => unknown): Member | undefined {
  const { pattern, flags } = rule.pattern.perl;
  let parsed: ParsedRegex;
  try {
    parsed = parsePerlRegex(pattern, flags);
  } catch {
    return undefined;
  }
  const weight = dfaClass(dfaWeight(parsed.root));
  let refused: string | undefined;
  for (const [emit, exact] of [[emitRe2, true], [emitRe2Superset, false], ...FALLBACK_GATES.map((g) => [g, false] as const)] as const) {
    const source = emit(parsed);
    // A wider form with nothing to widen is the same text RE2 just refused.
    if (source === undefined || source === refused) continue;
    refused = source;
    try {
      check(source);
      return { rule, source, weight, exact, parsed };
    } catch {
      // RE2 refuses some shapes (nested counted repetition past its limits): try a wider form, or keep the RegExp.
    }
  }
  return undefined;
}
