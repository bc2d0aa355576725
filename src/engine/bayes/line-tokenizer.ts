/**
 * SpamAssassin's per-line tokenizer (Bayes `_tokenize_line`), on octets.
 * Regions: 0 = header values, 1 = body text (visible or invisible), 2 = URIs.
 * Every character class here is a byte class: the text is UTF-8 bytes held
 * as a latin1 string, and Perl works on it without character semantics.
 */
import { trimEndWhere } from '../message/octets.js';
import type { Octets } from '../message/types.js';

export type Region = 0 | 1 | 2;

export interface LineTokenizerOptions {
  maxTokenLength: number;
  stopwords: readonly RegExp[];
  /** Per-message cache of stopword decisions (SpamAssassin keeps one too). */
  stopwordCache: Map<string, boolean>;
}

// Kept runs, whole UTF-8 sequences and lone high bytes survive; any other byte becomes a space.
const CHAR_FILTER = /([A-Za-z0-9,@*!_'"$. -]+|[\xC0-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}|[\xA1-\xFF])|[\s\S]/g;
// The same filter for text without high bytes (most lines): one character class, no callback.
const ASCII_FILTER = /[^A-Za-z0-9,@*!_'"$. -]/g;
const HIGH_BYTE = /[\x80-\xFF]/;
const DOTS = /([A-Za-z0-9_])(\.{3,6})([A-Za-z0-9_])/g;
const DASHES = /([A-Za-z0-9_])(-{2,6})([A-Za-z0-9_])/g;
// Perl's \s on bytes; JS \s would also take \xA0, a UTF-8 continuation byte.
const PERL_SPACE = '[\\t\\n\\x0B\\f\\r ]';
const TITLE_CASE = new RegExp(`(?:^|\\.${PERL_SPACE}+)([A-Z])([^A-Z]+)(?:${PERL_SPACE}|$)`, 'g');
const TRIM_LEAD = /^[-'".,]+/;
const EDGE_PUNCTUATION = new Set([...'-\'".,'].map((c) => c.charCodeAt(0)));
const isEdgePunctuation = (c: number): boolean => EDGE_PUNCTUATION.has(c);
const MAGIC = /^\x0D\x01\x07\x09\x03/;
// Tokens hold no Perl whitespace, so Perl's \S is any byte here (JS \S would refuse \xA0).
const MAIL_LIKE = /[\s\S]@[\s\S]/;
const HOST_LIKE = /[\s\S]\.[a-z]/i;
const UTF8_MULTI = /(?:[\xE0-\xEF]|[\xF0-\xF4][\x80-\xBF])[\x80-\xBF]{2}/g;
// Seven "characters" (a whole UTF-8 sequence counts once) followed by at least two more bytes.
// Perl makes the seven atomic; a capturing lookahead is JS's atomic group.
const SKIP_HEAD = /^(?=((?:[\x00-\x7F\xF5-\xFF]|[\xC0-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}|[\s\S]){7}))\1[\s\S]{2,}$/;
const NON_WORD = /[^A-Za-z0-9_:*]/;
const NON_WORD_G = /[^A-Za-z0-9_:*]/g;

export function tokenizeLine(text: Octets, prefix: string, region: Region, opts: LineTokenizerOptions): string[] {
  const out: string[] = [];
  tokenizeLineInto(text, prefix, region, opts, out);
  return out;
}

/**
 * Tokens of one line appended to `out`; returns how many the line yields.
 * With `repeats` (word → how many tokens it yields, shared by the lines of
 * one source and prefix) a word seen before is counted but not appended
 * again: its tokens are already in `out`, and the message's token set is the
 * same without the copies. Most words of a message recur.
 */
export function tokenizeLineInto(text: Octets, prefix: string, region: Region, opts: LineTokenizerOptions, out: string[], repeats?: Map<string, number>): number {
  const ascii = !HIGH_BYTE.test(text);
  let s = ascii ? text.replace(ASCII_FILTER, ' ') : text.replace(CHAR_FILTER, (_m, kept: string | undefined) => kept ?? ' ');
  if (s.includes('...')) s = s.replace(DOTS, '$1 $2 $3');
  if (s.includes('--')) s = s.replace(DASHES, '$1 $2 $3');
  if (region !== 0) s = s.replace(TITLE_CASE, (_m, first: string, rest: string) => ` ${first.toLowerCase()}${rest} `);
  let count = 0;
  // SpamAssassin splits on \s+. The filter turned every other whitespace byte into a space and the rewrites
  // add only spaces, so splitting at single spaces gives the same words plus empty pieces, which yield nothing.
  for (const raw of s.split(' ')) {
    if (raw === '') continue;
    const tok = trimPunctuation(raw);
    const seen = repeats?.get(tok);
    if (seen !== undefined) {
      count += seen;
      continue;
    }
    const before = out.length;
    emitToken(tok, prefix, region, opts, out, ascii);
    count += out.length - before;
    repeats?.set(tok, out.length - before);
  }
  return count;
}

/** Strips leading and trailing -'". (the regexes run only when an end needs it: most tokens are words). */
function trimPunctuation(raw: string): string {
  let t = raw;
  if (t.length > 0 && EDGE_PUNCTUATION.has(t.charCodeAt(0))) t = t.replace(TRIM_LEAD, '');
  // By hand: `[-'".,]+$` retried from every character of a long inner run (a megabyte of dashes would take hours).
  if (t.length > 0 && EDGE_PUNCTUATION.has(t.charCodeAt(t.length - 1))) t = trimEndWhere(t, isEdgePunctuation);
  return t;
}

/** `ascii`: the line has no byte above 0x7F, so neither has the token. */
function emitToken(tok: string, prefix: string, region: Region, opts: LineTokenizerOptions, out: string[], ascii: boolean): void {
  if (MAGIC.test(tok) || tok.length < 3 || isStopword(tok, opts)) return;
  if (region !== 0) bodyBreakouts(tok, out);
  let token = tok;
  if (token.length > opts.maxTokenLength && !token.includes('*')) {
    if (/[\x80-\xBF]{2}/.test(token)) {
      const seqs = token.match(UTF8_MULTI);
      if (seqs) {
        for (const seq of seqs) out.push(`${prefix}u8:${seq}`);
        return;
      }
    }
    // URIs keep long tokens whole; headers and body keep a 7-character stub.
    if (region !== 2) token = token.replace(SKIP_HEAD, 'sk:$1');
  }
  if (region !== 0) decompose(token, prefix, out, ascii);
  out.push(prefix + token);
}

function isStopword(tok: string, opts: LineTokenizerOptions): boolean {
  if (opts.stopwords.length === 0) return false;
  let hit = opts.stopwordCache.get(tok);
  if (hit === undefined) {
    hit = opts.stopwords.some((re) => re.test(tok));
    opts.stopwordCache.set(tok, hit);
  }
  return hit;
}

/** Addresses and host names in body text also yield U* and D* and UD: tokens, without the region prefix. */
function bodyBreakouts(tok: string, out: string[]): void {
  if (tok.includes('@') && MAIL_LIKE.test(tok)) {
    out.push(...mailAddressTokens(tok));
  } else if (tok.includes('.') && HOST_LIKE.test(tok)) {
    out.push(`UD:${tok}`);
    for (let bit = tok, m = /^[^.]+\.([\s\S]+)$/.exec(bit); m; m = /^[^.]+\.([\s\S]+)$/.exec(bit)) {
      bit = m[1] as string;
      out.push(`UD:${bit}`);
    }
  }
}

function decompose(token: string, prefix: string, out: string[], ascii: boolean): void {
  const hasNonWord = NON_WORD.test(token);
  if (hasNonWord) out.push(prefix + token.replace(NON_WORD_G, ''));
  // Only A-Z are lowered (Perl's lc on bytes); toLowerCase would lower latin1 letters too, so it serves ASCII only.
  const lower = ascii ? token.toLowerCase() : /[A-Z]/.test(token) ? token.replace(/[A-Z]+/g, (c) => c.toLowerCase()) : token;
  if (lower !== token) {
    out.push(prefix + lower);
    if (hasNonWord) out.push(prefix + lower.replace(NON_WORD_G, ''));
  }
}

/** `U*local`, `D*domain` and `D*` for every dotted suffix of the domain (split at the last @). */
export function mailAddressTokens(addr: string): string[] {
  const m = /^([\s\S]+)@([\s\S]+)$/.exec(addr);
  if (!m) return [];
  const domain = m[2] as string;
  const out = [`U*${m[1] as string}`, `D*${domain}`];
  for (let rest = domain, d = /^[^.]+\.([\s\S]+)$/.exec(rest); d; d = /^[^.]+\.([\s\S]+)$/.exec(rest)) {
    rest = d[1] as string;
    out.push(`D*${rest}`);
  }
  return out;
}
