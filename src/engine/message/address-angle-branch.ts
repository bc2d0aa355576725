/**
 * The `phrase <address>` branch of SpamAssassin's internal address parser
 * (Util::_parse_header_addresses), matched by hand in the order a
 * backtracking regex tries it:
 *
 *     \s* (phrase \s*)? < (?=[^>]*>) \s* ( [^>@]*\S+ | \s* ) \s* >
 *         (?: \s* < \s* (?: ("…")? \S+ | \s* ) \s* > )*          <- the repeat
 *         (?: \s* \( comment \) )? \s* (?: [,;] | $ )           <- the tail
 *
 * As a JS regex the repeat can cut `<a@b><a@b>…` into groups in
 * exponentially many ways (its `\S+` crosses `>` and `<`), and V8 tries them
 * all whenever the tail then fails: a From of 22 `<a@b>` and a stray `<`
 * took 1.9 s, 30 of them minutes. Perl answers at once because it remembers
 * the positions at which a failed repeat was tried. So does this matcher:
 * what follows a group depends only on where the group ended, so each
 * position's outcome is worked out once. The answer (captures and length)
 * is the regex's.
 *
 * Two facts keep the walk small. The `<` the branch starts from is fixed:
 * the phrase cannot hold a `<` outside quotes and reads as far as it can.
 * And a group, or the first `<…>`, can only end right after a `>`: inside a
 * run of non-space characters that is a `>` of the run; after the run, the
 * next non-space character, when it is a `>`.
 */
import { isPerlSpace } from './octets.js';
import type { Octets } from './types.js';

const LT = 0x3c;
const GT = 0x3e;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const AT = 0x40;

/** Where the branch's first `<…>` may end, with the address it then captured. */
interface FirstEnclosure {
  end: number;
  address: string;
}

/** What the branch matched: the phrase and address as captured, and where the repeat stopped (the tail follows there). */
export interface AngleBranchMatch {
  phrase: string | undefined;
  address: string;
  repeatEnd: number;
  /** The tail's own match at repeatEnd (its comment capture and end). */
  tail: RegExpExecArray;
}

const FAILED = -1;
const UNKNOWN = -2;

/**
 * The text of one parse loop (the header value minus what earlier loops
 * consumed is read from `from` on), with per-position facts the walk
 * needs, built once per value.
 */
export class AngleBranchMatcher {
  private readonly n: number;
  /** Per position: the first space at or after it (n when none). */
  private readonly runEnd: Int32Array;
  /** Per position: the first non-space at or after it (n when none). */
  private readonly nonSpace: Int32Array;
  /** Positions of every `>`, ascending. */
  private readonly closers: Int32Array;
  /** Per position, what the repeat and the tail make of it: UNKNOWN, FAILED, or the position the tail matched at. */
  private readonly outcome: Int32Array;
  /** Per run (by its end): every end its cuts offer above this point is known to lead nowhere. */
  private readonly failedAbove = new Map<number, number>();
  /** Tail matches found, by the position they start at. */
  private readonly tails = new Map<number, RegExpExecArray>();

  constructor(
    private readonly s: Octets,
    private readonly phrasePrefix: RegExp,
    private readonly tail: RegExp,
  ) {
    const n = s.length;
    this.n = n;
    this.runEnd = new Int32Array(n + 1);
    this.nonSpace = new Int32Array(n + 1);
    this.runEnd[n] = n;
    this.nonSpace[n] = n;
    let closers = 0;
    for (let i = n - 1; i >= 0; i--) {
      const c = s.charCodeAt(i);
      const space = isPerlSpace(c);
      this.runEnd[i] = space ? i : this.runEnd[i + 1]!;
      this.nonSpace[i] = space ? this.nonSpace[i + 1]! : i;
      if (c === GT) closers++;
    }
    this.closers = new Int32Array(closers);
    for (let i = 0, k = 0; i < n; i++) if (s.charCodeAt(i) === GT) this.closers[k++] = i;
    this.outcome = new Int32Array(n + 1).fill(UNKNOWN);
  }

  /** The branch at `from` (the regex's `^`), or undefined when it cannot match there. */
  matchAt(from: number): AngleBranchMatch | undefined {
    this.phrasePrefix.lastIndex = from;
    const prefix = this.phrasePrefix.exec(this.s);
    if (!prefix) return undefined;
    const open = this.phrasePrefix.lastIndex - 1;
    // (?=[^>]*>): some `>` follows the `<`.
    if (this.s.indexOf('>', open + 1) < 0) return undefined;
    for (const first of this.firstEnclosures(open)) {
      const at = this.repeatThenTail(first.end);
      if (at !== FAILED) return { phrase: prefix.groups?.p1, address: first.address, repeatEnd: at, tail: this.tails.get(at)! };
    }
    return undefined;
  }

  /**
   * The ends of `< \s* ([^>@]*\S+ | \s*) \s* >` from the `<` at `open`, in
   * the regex's order, each with its capture. `[^>@]*` reads up to the first
   * `>` or `@`; then `\S+` may end at any later point of a non-space run
   * that began by there, longest first, and the capture is everything from
   * after the spaces to that point.
   */
  private *firstEnclosures(open: number): Generator<FirstEnclosure> {
    const s = this.s;
    const start = this.nonSpace[open + 1]!;
    let stop = start;
    while (stop < this.n && s.charCodeAt(stop) !== GT && s.charCodeAt(stop) !== AT) stop++;
    // Runs that begin by `stop`, the one reaching furthest first; in each, \S+ ends from its run's end back.
    let a = stop;
    while (a >= start) {
      if (a === this.n || isPerlSpace(s.charCodeAt(a))) {
        a--;
        continue;
      }
      const runEnd = this.runEnd[a]!;
      let runStart = a;
      while (runStart > start && !isPerlSpace(s.charCodeAt(runStart - 1))) runStart--;
      for (const cut of this.cutsInRun(runStart, runEnd)) yield { end: cut.end, address: s.slice(start, cut.at) };
      a = runStart - 1;
    }
    if (start < this.n && s.charCodeAt(start) === GT) yield { end: start + 1, address: '' };
  }

  /**
   * Where `\S+ \s* >` may end when `\S+` starts at `from` and may read up
   * to the run's end: after the run, when the next non-space is a `>`;
   * then at each `>` inside the run (after `from`), last first.
   * `at` is where `\S+` stopped. Every start in one run offers the same
   * ends above it, so once a run's ends down to some point all led nowhere,
   * a later walk of that run offers only the ones below.
   */
  private *cutsInRun(from: number, runEnd: number): Generator<{ at: number; end: number }> {
    const failedAbove = this.failedAbove.get(runEnd);
    if (failedAbove !== undefined && failedAbove <= from) return;
    if (failedAbove === undefined) {
      const next = this.nonSpace[runEnd]!;
      if (next < this.n && this.s.charCodeAt(next) === GT) yield { at: runEnd, end: next + 1 };
    }
    for (let k = this.lastCloserBefore(failedAbove === undefined ? runEnd : failedAbove + 1); k >= 0; k--) {
      const g = this.closers[k]!;
      if (g <= from) break;
      yield { at: g, end: g + 1 };
    }
    // Reached only when every end offered led nowhere (a success ends the walk).
    this.failedAbove.set(runEnd, from);
  }

  /** Index in `closers` of the last `>` before `limit`, or -1. */
  private lastCloserBefore(limit: number): number {
    let lo = 0;
    let hi = this.closers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.closers[mid]! < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The ends of one repeated group `\s* < \s* (("…")? \S+ | \s*) \s* >` from `p`, in the regex's order. */
  private *groupEnds(p: number): Generator<number> {
    const s = this.s;
    const open = this.nonSpace[p]!;
    if (open >= this.n || s.charCodeAt(open) !== LT) return;
    const i = this.nonSpace[open + 1]!;
    if (i >= this.n) return;
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const afterQuote = this.quotedStringEnd(i);
      if (afterQuote >= 0 && afterQuote < this.n && !isPerlSpace(s.charCodeAt(afterQuote))) {
        for (const cut of this.cutsInRun(afterQuote, this.runEnd[afterQuote]!)) yield cut.end;
      }
    }
    for (const cut of this.cutsInRun(i, this.runEnd[i]!)) yield cut.end;
    if (c === GT) yield i + 1;
  }

  /** The end of `"(?:[^"\\]|\\[^\n])*"` at `q` (one way to match at most), or -1. */
  private quotedStringEnd(q: number): number {
    const s = this.s;
    for (let k = q + 1; k < this.n; ) {
      const c = s.charCodeAt(k);
      if (c === QUOTE) return k + 1;
      if (c !== BACKSLASH) {
        k++;
        continue;
      }
      if (k + 1 >= this.n || s.charCodeAt(k + 1) === NEWLINE) return -1;
      k += 2;
    }
    return -1;
  }

  /**
   * The greedy repeat from `p`, then the tail: the position at which the
   * tail matches for the first way the regex would find, or FAILED. Each
   * position is settled once; an explicit stack, since a value of 8 KB can
   * nest thousands of groups.
   */
  private repeatThenTail(p: number): number {
    const known = this.outcome[p]!;
    if (known !== UNKNOWN) return known;
    const stack: { at: number; ends: Generator<number> }[] = [{ at: p, ends: this.groupEnds(p) }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.ends.next();
      if (!next.done) {
        const settled = this.outcome[next.value]!;
        if (settled === UNKNOWN) stack.push({ at: next.value, ends: this.groupEnds(next.value) });
        else if (settled !== FAILED) return this.settleAll(stack, settled);
        continue;
      }
      // No further group leads anywhere: the repeat stops here and the tail must match.
      stack.pop();
      if (this.tailMatchesAt(top.at)) {
        this.outcome[top.at] = top.at;
        return this.settleAll(stack, top.at);
      }
      this.outcome[top.at] = FAILED;
    }
    return FAILED;
  }

  private settleAll(stack: { at: number }[], found: number): number {
    for (const frame of stack) this.outcome[frame.at] = found;
    return found;
  }

  private tailMatchesAt(p: number): boolean {
    this.tail.lastIndex = p;
    const m = this.tail.exec(this.s);
    if (m) this.tails.set(p, m);
    return m !== null;
  }
}
