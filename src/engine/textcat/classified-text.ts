/**
 * The text TextCat classifies (its extract_metadata): the rendered body text
 * array (Subject line first, UTF-8 octets) joined with newlines, without the
 * leading `Re: Fwd: `-style prefixes, URLs, e-mail addresses and `www.`
 * host names, cut to its first 10,000 octets. That length decides whether
 * the text is long enough to classify and how sure check_language may be.
 */
import { isPerlSpace } from '../message/octets.js';

/** TextCat reads at most this many octets. */
export const CLASSIFIED_MAX_LENGTH = 10_000;

/** Perl's \S on octets: anything but the six ASCII whitespace characters. */
const NON_SPACE = '[^\\t\\n\\x0b\\f\\r ]';
const URL = new RegExp(`https?(?::\\/\\/|:&#x2F;&#x2F;|%3A%2F%2F)${NON_SPACE}{1,1024}`, 'g');
const EMAIL = new RegExp(`${NON_SPACE}{1,64}?@[a-zA-Z]${NON_SPACE}{1,128}`, 'g');
const WWW = new RegExp(`\\bwww\\.${NON_SPACE}{1,128}`, 'g');
/** What every address match holds; without it the address pattern need not run. */
const ADDRESS_CORE = new RegExp(`@[a-zA-Z]${NON_SPACE}`);

export interface ClassifiedText {
  text: string;
  /** The stripped text's length, at most CLASSIFIED_MAX_LENGTH (TextCat's X-Languages-Length). */
  length: number;
}

export function classifiedText(bodyLines: readonly string[]): ClassifiedText {
  let text = withoutSubjectPrefixes(bodyLines.join('\n'));
  if (text.includes('http')) text = text.replace(URL, ' ');
  // The pattern tries up to 64 starts before each `@` (linear, but slow on long runs of `@`: 0.9 s a
  // megabyte, where Perl's takes 5 s), so a text where no `@` is followed by a letter skips it.
  if (ADDRESS_CORE.test(text)) text = text.replace(EMAIL, ' ');
  if (text.includes('www.')) text = text.replace(WWW, ' ');
  if (text.length > CLASSIFIED_MAX_LENGTH) text = text.slice(0, CLASSIFIED_MAX_LENGTH);
  return { text, length: text.length };
}

/**
 * Drops up to ten leading `word:` labels (2 to 12 ASCII letters, a colon,
 * any whitespace): the reply and forward markers of the Subject line that
 * starts the text. A longer or shorter run of letters stops the stripping.
 */
function withoutSubjectPrefixes(text: string): string {
  let at = 0;
  for (let labels = 0; labels < 10; labels++) {
    let end = at;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    const letters = end - at;
    if (letters < 2 || letters > 12 || text.charCodeAt(end) !== 0x3a) break;
    end++;
    while (end < text.length && isPerlSpace(text.charCodeAt(end))) end++;
    at = end;
  }
  return at === 0 ? text : text.slice(at);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
