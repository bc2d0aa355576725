/**
 * The two "text split by markup" measures SpamAssassin's HTML renderer
 * keeps: obfuscation (a text event that starts with a letter-like character
 * right after one that ended with one, as in `V<b></b>iagra`) and backhair
 * (the lengths of the short word fragments on both sides of such a split).
 * "Letter-like" means neither whitespace nor ASCII punctuation; word
 * boundaries use Perl's Unicode `\w`.
 */
const NOT_LETTERLIKE = /[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/u;
const WORD = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;

function letterLike(ch: string | undefined): boolean {
  return ch !== undefined && !NOT_LETTERLIKE.test(ch);
}

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && WORD.test(ch);
}

function lastChars(s: string, n: number): string[] {
  // Only the tail matters; slicing first keeps this linear for long text.
  return Array.from(s.slice(-2 * n - 2)).slice(-(n + 1));
}

/** Whether `next` glues onto `prev` without a separator. */
export function isObfuscationJoin(prev: string, next: string): boolean {
  const first = next.codePointAt(0);
  if (first === undefined || !letterLike(String.fromCodePoint(first))) return false;
  const tail = lastChars(prev, 1);
  return letterLike(tail[tail.length - 1]);
}

/** Length of the 1–7 letter-like fragment ending `prev` at a word boundary, or 0. */
function trailingFragment(prev: string): number {
  const tail = lastChars(prev, 7);
  let best = 0;
  for (let len = 1; len <= 7 && len <= tail.length; len++) {
    const i = tail.length - len;
    if (!letterLike(tail[i])) break;
    if (isWord(tail[i - 1]) !== isWord(tail[i])) best = len;
  }
  return best;
}

/** Length of the 1–7 letter-like fragment starting `next` and ending at a word boundary, or 0. */
function leadingFragment(next: string): number {
  const head = Array.from(next.slice(0, 16)).slice(0, 8);
  let run = 0;
  while (run < 7 && letterLike(head[run])) run++;
  for (let len = run; len >= 1; len--) {
    if (isWord(head[len - 1]) !== isWord(head[len])) return len;
  }
  return 0;
}

/** The backhair key (`"3_4"`) for a split between `prev` and `next`, if any. */
export function backhairKey(prev: string, next: string): string | undefined {
  const before = trailingFragment(prev);
  if (before === 0) return undefined;
  const after = leadingFragment(next);
  return after === 0 ? undefined : `${before}_${after}`;
}
