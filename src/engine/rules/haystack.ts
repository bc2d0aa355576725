/**
 * The text one rule type searches (body lines, rawbody chunks, URIs), with
 * what the literal prefilter needs: the lines joined once and lower-cased at
 * most once, per message, however many priorities run rules over them.
 */
import type { PatternSource } from './compiled-types.js';
import { mayMatch } from './pattern.js';

export class Haystack {
  private joinedText: string | undefined;
  private foldedText: string | undefined;
  private readonly foldedLines: (string | undefined)[];

  constructor(readonly lines: readonly string[]) {
    this.foldedLines = new Array<string | undefined>(lines.length);
  }

  /** Whether any line may match: a rule none of whose required literals occurs cannot match any line. */
  anyMayMatch(pattern: PatternSource): boolean {
    this.joinedText ??= this.lines.join('\n');
    const joined = this.joinedText;
    return mayMatch(pattern, joined, () => (this.foldedText ??= joined.toLowerCase()));
  }

  /** The same test for one line. */
  lineMayMatch(pattern: PatternSource, i: number): boolean {
    if (!pattern.literals || this.lines.length < 2) return true;
    const line = this.lines[i] ?? '';
    return mayMatch(pattern, line, () => (this.foldedLines[i] ??= line.toLowerCase()));
  }
}

const cache = new WeakMap<readonly string[], Haystack>();

/** The haystack of a text array; the arrays are memoised per message, so is this. */
export function haystackFor(lines: readonly string[]): Haystack {
  let h = cache.get(lines);
  if (!h) {
    h = new Haystack(lines);
    cache.set(lines, h);
  }
  return h;
}
