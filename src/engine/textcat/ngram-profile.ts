/**
 * The n-gram profile of a text, as TextCat builds it (create_lm): the text is
 * cut into words at digits, ASCII whitespace and ASCII punctuation (the
 * apostrophe stays in words), each word is framed by NUL octets, and every
 * 1- to 5-gram of the framed words is counted. The profile is the n-grams
 * by count, most frequent first, ties in byte order, cut to `maxNgrams`.
 *
 * The text is octets (SpamAssassin hands TextCat its rendered body after
 * encoding it to UTF-8), so multi-byte characters are n-grams of their
 * octets, as in the language models.
 */
import { MAX_NGRAM_LENGTH, OCTET_PLACE } from './ngram-key.js';
import { NgramTable } from './ngram-table.js';

export interface ProfileLimits {
  /** textcat_max_ngrams: how many n-grams the profile keeps. */
  maxNgrams: number;
  /** textcat_optimal_ngrams: when above 0, n-grams seen this often or less are dropped first. */
  optimalNgrams: number;
}

/** Octets that end a word: digits, the whitespace Perl's \s matches in octets, and ASCII punctuation but `'`. */
const SEPARATORS = new Uint8Array(256);
for (const c of '0123456789\t\n\x0b\f\r -!"#$%&()*+,./:;<=>?@[\\]^_`{|}~') SEPARATORS[c.charCodeAt(0)] = 1;

/** Letters of ISO 8859-1 that TextCat's lower-casing test looks for in runs of four. */
const LATIN_LETTER = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ascii = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const upper = (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xde);
  const lower = (c >= 0xe0 && c <= 0xf6) || (c >= 0xf8 && c <= 0xfe);
  if (ascii || upper || lower) LATIN_LETTER[c] = 1;
}

/** TextCat's lower-casing: ASCII and the ISO 8859-1 capitals. */
const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const upper = (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xde);
  LOWER[c] = upper ? c + 32 : c;
}

/** One table per thread, emptied after each profile: counting allocates nothing per message. */
const counts = new NgramTable();
/** The framed word being counted (NUL, the word's octets, NUL). */
let word = new Uint8Array(256);

/** The profile of `text` (octets as a latin1 string): n-gram keys, most frequent first. */
export function ngramProfile(text: string, limits: ProfileLimits): Float64Array {
  try {
    countWords(text);
    return rankCounts(limits);
  } finally {
    counts.clear();
  }
}

function countWords(text: string): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && SEPARATORS[text.charCodeAt(i) & 0xff] === 1) i++;
    const start = i;
    while (i < n && SEPARATORS[text.charCodeAt(i) & 0xff] === 0) i++;
    if (i > start) countWord(text, start, i);
  }
}

function countWord(text: string, start: number, end: number): void {
  const length = end - start + 2;
  if (word.length < length) word = new Uint8Array(length * 2);
  word[0] = 0;
  word[length - 1] = 0;
  for (let i = start; i < end; i++) word[i - start + 1] = text.charCodeAt(i) & 0xff;
  if (wantsLowerCase(word, length)) {
    for (let i = 1; i < length - 1; i++) word[i] = LOWER[word[i] as number] as number;
  }
  for (let i = 0; i < length; i++) {
    // The key of the n-gram at i grows by one octet at a time (ngram-key.ts's layout, built incrementally).
    const longest = Math.min(MAX_NGRAM_LENGTH, length - i);
    let octets = 0;
    for (let n = 1; n <= longest; n++) {
      octets += (word[i + n - 1] as number) * (OCTET_PLACE[n] as number);
      counts.increment(octets + n);
    }
  }
}

/**
 * TextCat lower-cases a word only when it has an ASCII capital and four
 * ISO 8859-1 letters in a row (its models hold lower-case text; short
 * all-capital words such as acronyms are left alone).
 */
function wantsLowerCase(framed: Uint8Array, length: number): boolean {
  let capital = false;
  let run = 0;
  let longRun = false;
  for (let i = 1; i < length - 1; i++) {
    const c = framed[i] as number;
    if (c >= 0x41 && c <= 0x5a) capital = true;
    run = LATIN_LETTER[c] === 1 ? run + 1 : 0;
    if (run >= 4) longRun = true;
  }
  return capital && longRun;
}

/**
 * The counted keys by count descending, ties by key ascending (byte order),
 * cut to maxNgrams: a counting sort by count, then the keys of each count
 * still needed sorted numerically. Only the first few hundred n-grams are
 * kept, so the many seen once or twice in a long text are never sorted.
 */
function rankCounts(limits: ProfileLimits): Float64Array {
  const floor = limits.optimalNgrams > 0 ? limits.optimalNgrams : 0;
  let highest = 0;
  for (let i = 0; i < counts.size; i++) highest = Math.max(highest, counts.valueAt(i));
  const perCount = new Int32Array(highest + 2);
  let kept = 0;
  for (let i = 0; i < counts.size; i++) {
    const c = counts.valueAt(i);
    if (c > floor) {
      perCount[c]! += 1;
      kept++;
    }
  }
  const limit = keptLength(kept, limits.maxNgrams);
  // The lowest count whose keys are still needed, and where each count's keys start in the output.
  const start = new Int32Array(highest + 2);
  let placed = 0;
  let lowest = highest + 1;
  for (let c = highest; c > floor && placed < limit; c--) {
    start[c] = placed;
    placed += perCount[c] as number;
    lowest = c;
  }
  const ranked = new Float64Array(placed);
  const next = start.slice();
  for (let i = 0; i < counts.size; i++) {
    const c = counts.valueAt(i);
    if (c >= lowest && c > floor) ranked[next[c]!++] = counts.keyAt(i);
  }
  for (let c = highest; c >= lowest; c--) {
    if ((perCount[c] as number) > 1) ranked.subarray(start[c], start[c]! + perCount[c]!).sort();
  }
  return ranked.subarray(0, limit);
}

/** How many n-grams Perl's `splice(@sorted, $max)` leaves of `length` (a negative max counts from the end). */
function keptLength(length: number, max: number): number {
  if (!(length > max)) return length;
  const offset = Math.trunc(max);
  return offset < 0 ? Math.max(0, length + offset) : offset;
}
