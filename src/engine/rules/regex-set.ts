/**
 * Many rule regexes answered in one pass: the RE2 sets behind a text type's
 * rules (rspamd's lesson, with RE2 in place of Hyperscan). A set only says
 * which of its patterns match a subject somewhere, which is all a rule
 * without captures or hit counts needs; the others use it to find the lines
 * worth running their own RegExp on.
 *
 * Patterns go into sets of a few dozen: RE2 builds its DFA lazily, and one
 * DFA for hundreds of SpamAssassin patterns thrashes its state cache and
 * falls back to the slow NFA (measured: 500 body rules in one set ran 2x
 * slower than V8 running them one by one; in sets of 40, 10x faster).
 */
import { parsePerlRegex } from '../regex/parser.js';
import { re2Binding, type Re2Set, type Re2SetConstructor } from '../regex/re2-binding.js';
import { emitRe2 } from '../regex/re2-emitter.js';

const PATTERNS_PER_SET = 40;
/** RE2's DFA budget per set; the lazily built states stay well below it on real mail. */
const SET_MAX_MEM = 8 << 20;

/** A rule the set can serve: its Perl pattern, and where the set writes its member number. */
export interface SetCandidate {
  pattern: { perl: { pattern: string; flags: string }; regex: RegExp | undefined; literals: string[] | null };
  setMember?: number;
}

export class RegexSet {
  private constructor(
    private readonly sets: { set: Re2Set; first: number }[],
    readonly size: number,
  ) {}

  /**
   * Takes the candidates RE2 can answer exactly (static patterns it can
   * express) and numbers them via `setMember`; the rest are left alone.
   * Undefined without the RE2 binding or without any eligible pattern.
   */
  static build(candidates: readonly SetCandidate[]): RegexSet | undefined {
    const re2 = re2Binding();
    if (!re2) return undefined;
    const members: Member[] = [];
    for (const rule of candidates) {
      if (!rule.pattern.regex || selectiveLiterals(rule.pattern.literals)) continue;
      const source = re2Source(rule.pattern.perl, (s) => new re2(s, 'u'));
      if (source !== undefined) members.push({ rule, source });
    }
    const groups: Member[][] = [];
    for (let first = 0; first < members.length; first += PATTERNS_PER_SET) groups.push(members.slice(first, first + PATTERNS_PER_SET));
    const sets: { set: Re2Set; first: number }[] = [];
    let size = 0;
    for (const group of groups) {
      for (const built of compileGroup(re2.Set, group)) {
        sets.push({ set: built.set, first: size });
        for (const m of built.members) m.rule.setMember = size++;
      }
    }
    return size === 0 ? undefined : new RegexSet(sets, size);
  }

  /** Calls `found(member)` for every member that matches somewhere in the subject. */
  match(subject: string, found: (member: number) => void): void {
    for (const { set, first } of this.sets) for (const i of set.match(subject)) found(first + i);
  }
}

/**
 * A rule whose required literals are all this long is left to the literal
 * prefilter, which rejects nearly every line before V8 runs the regex; sets
 * pay for every line. On the stock body rules over the corpus, leaving such
 * rules out of the sets cut the scan's CPU by a further ~10% (lengths 3 to 6
 * measured alike; all rules in sets was worst).
 */
const SELECTIVE_LITERAL_LENGTH = 4;

function selectiveLiterals(lits: string[] | null): boolean {
  return lits !== null && lits.every((l) => l.length >= SELECTIVE_LITERAL_LENGTH);
}

interface Member {
  rule: SetCandidate;
  source: string;
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
    if (group.length === 1) return [];
    const half = group.length >> 1;
    return [...compileGroup(SetClass, group.slice(0, half)), ...compileGroup(SetClass, group.slice(half))];
  }
}

/** The RE2 source of a Perl pattern, if RE2 can answer it exactly and accepts it. */
function re2Source(perl: { pattern: string; flags: string }, check: (source: string) => unknown): string | undefined {
  let source: string | undefined;
  try {
    source = emitRe2(parsePerlRegex(perl.pattern, perl.flags));
    if (source !== undefined) check(source);
  } catch {
    // RE2 refuses some shapes (nested counted repetition past its limits): the rule keeps its RegExp.
    return undefined;
  }
  return source;
}
