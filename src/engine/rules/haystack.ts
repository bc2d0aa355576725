/**
 * The text one rule type searches (body lines, rawbody chunks, URIs), with
 * what the literal prefilter found in it: for every literal of the type's
 * rules, the lines it occurs in. The lines are joined and lower-cased once
 * and each automaton reads them once per message, however many rules and
 * priorities follow.
 */
import type { TextLiteralIndex } from './literal-index.js';
import type { RegexSet } from './regex-set.js';

const NO_LINES: readonly number[] = [];
/**
 * A literal list longer than this is answered from the literals the text
 * holds rather than by asking about each of its own: the gate of an RE2 set
 * joins the literals of its 40 members, hundreds of ids, of which a message
 * holds a handful.
 */
const LONG_LITERAL_LIST = 32;
/** Per long literal list, a byte per literal id of the index: 1 when the list has it. */
const membership = new WeakMap<Int32Array, Uint8Array>();

function membersOf(ids: Int32Array, size: number): Uint8Array {
  let m = membership.get(ids);
  if (!m) {
    m = new Uint8Array(size);
    for (const id of ids) m[id] = 1;
    membership.set(ids, m);
  }
  return m;
}

export class Haystack {
  /**
   * Lines holding literal id, ascending, without repeats (absent: the
   * literal does not occur). A Map: an index holds thousands of literals and
   * a message meets a few dozen, so an array per haystack was mostly holes
   * to allocate and sweep.
   */
  private readonly linesOf = new Map<number, number[]>();
  /**
   * Per literal id, 1 when it occurs: a scan asks about some 8,700 literals
   * per message with the stock rules and finds about 25, and a byte read
   * answers the misses for a fraction of a Map lookup.
   */
  private readonly present: Uint8Array;
  /** The literal ids the text holds, in the order first found. */
  private readonly found: number[] = [];
  /** Literal ids from here on stand for every line (their text could not be folded in place). */
  private everyLineFrom = Infinity;
  private everyLine: number[] | undefined;
  /** Per regex-set member, the lines it matches (built on first use); null: its set failed, any line may match. */
  private setLinesOf: (number[] | null | undefined)[] | undefined;

  constructor(
    readonly lines: readonly string[],
    index: TextLiteralIndex,
    private readonly regexSet?: RegexSet,
  ) {
    // A one-line text needs no join (a copy for nothing).
    this.present = new Uint8Array(index.size);
    const joined = lines.length === 1 ? lines[0]! : lines.join('\n');
    if (!index.scan(joined, this.collector(index, lineStarts(lines)))) this.everyLineFrom = index.foldedBase;
  }

  /** Files each occurrence under the line it starts in (one that spans a join only adds a candidate). */
  private collector(index: TextLiteralIndex, starts: number[]): (id: number, end: number) => void {
    const linesOf = this.linesOf;
    const present = this.present;
    const found = this.found;
    let line = 0;
    let lastEnd = -1;
    return (id, end) => {
      // The folded pass starts over from the text's beginning.
      if (end < lastEnd) line = 0;
      lastEnd = end;
      while (line + 1 < starts.length && starts[line + 1]! <= end) line++;
      const start = end - index.lengthOf(id) + 1;
      let at = line;
      while (at > 0 && starts[at]! > start) at--;
      const list = linesOf.get(id);
      if (!list) {
        present[id] = 1;
        found.push(id);
        linesOf.set(id, [at]);
      }
      else if (list[list.length - 1]! < at) list.push(at);
      else if (list[list.length - 1] !== at && !list.includes(at)) insertSorted(list, at);
    };
  }

  private lookUp(id: number): readonly number[] | undefined {
    if (id >= this.everyLineFrom) return (this.everyLine ??= this.lines.map((_, i) => i));
    return this.present[id] === 1 ? this.linesOf.get(id) : undefined;
  }

  /**
   * The lines the regex-set member matches, ascending: every set runs over
   * every line once per message. Undefined when the member's set could not
   * answer for this text: the rule then runs its own RegExp on every line.
   */
  setMatchLines(member: number): readonly number[] | undefined {
    if (!this.setLinesOf) this.setLinesOf = this.runSets();
    const lines = this.setLinesOf[member];
    return lines === null ? undefined : (lines ?? NO_LINES);
  }

  private runSets(): (number[] | null | undefined)[] {
    const set = this.regexSet;
    const out = new Array<number[] | null | undefined>(set?.size ?? 0);
    if (!set) return out;
    const bytes = this.lineBytes();
    for (const { set: re2, first, count, gate } of set.groups) {
      const run = (i: number) => {
        for (const m of re2.match(bytes(i))) {
          const list = out[first + m];
          if (list) list.push(i);
          else out[first + m] = [i];
        }
      };
      try {
        if (gate) for (const i of this.candidateLines(gate)) run(i);
        else for (let i = 0; i < this.lines.length; i++) run(i);
      } catch {
        // RE2 throws when a set's DFA runs out of memory on a line (text crafted to blow up its
        // states can do that): its members fall back to their RegExps, the scan goes on.
        out.fill(null, first, first + count);
      }
    }
    // Gated sets visit their lines in order too, so each list is ascending.
    return out;
  }

  /**
   * Each line as UTF-8, encoded on first use. The sets take bytes: handed a
   * string, the addon encodes it into a new Buffer on every call, which cost
   * five times the match itself (2.3 against 0.45 µs a call, measured), and
   * every line meets dozens of sets.
   */
  private lineBytes(): (i: number) => Buffer {
    const lines = this.lines;
    const encoded = new Array<Buffer | undefined>(lines.length);
    return (i) => (encoded[i] ??= Buffer.from(lines[i] ?? '', 'utf8'));
  }

  /**
   * The lines a rule with these literal ids may match, ascending: those that
   * hold at least one of them. Empty when none occurs anywhere.
   */
  candidateLines(ids: Int32Array): readonly number[] {
    if (ids.length === 1) return this.lookUp(ids[0]!) ?? NO_LINES;
    if (ids.length > LONG_LITERAL_LIST && this.everyLineFrom === Infinity) return this.linesOfMembers(membersOf(ids, this.present.length));
    const union = new LineUnion();
    for (const id of ids) {
      const list = this.lookUp(id);
      if (list) union.add(list);
    }
    return union.lines();
  }

  /** candidateLines for a long list: walks the literals found in the text, not the list. */
  private linesOfMembers(member: Uint8Array): readonly number[] {
    const union = new LineUnion();
    for (const id of this.found) if (member[id] === 1) union.add(this.linesOf.get(id)!);
    return union.lines();
  }
}

/** Line lists joined, ascending and without repeats; a single list is returned as it is, not copied. */
class LineUnion {
  private first: readonly number[] | undefined;
  private merged: number[] | undefined;

  add(list: readonly number[]): void {
    if (!this.first) this.first = list;
    else {
      this.merged ??= [...this.first];
      this.merged.push(...list);
    }
  }

  lines(): readonly number[] {
    const merged = this.merged;
    if (!merged) return this.first ?? NO_LINES;
    merged.sort((a, b) => a - b);
    return merged.filter((v, i) => i === 0 || merged[i - 1] !== v);
  }
}

function lineStarts(lines: readonly string[]): number[] {
  const starts = new Array<number>(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += (lines[i]?.length ?? 0) + 1;
  }
  return starts;
}

function insertSorted(list: number[], v: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > v) i--;
  list.splice(i, 0, v);
}

/**
 * The haystack of a text array, made once per message. The cache is the
 * scan's own map: a module-level WeakMap keyed by the arrays kept every
 * message's text and line lists alive through young-generation GCs (the
 * table lives in the old generation and the haystack holds its key), so all
 * of it was promoted and copied before a full GC freed it.
 */
export function haystackFor(cache: Map<readonly string[], Haystack>, lines: readonly string[], index: TextLiteralIndex, regexSet?: RegexSet): Haystack {
  let h = cache.get(lines);
  if (!h) {
    h = new Haystack(lines, index, regexSet);
    cache.set(lines, h);
  }
  return h;
}
