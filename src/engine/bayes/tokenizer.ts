/**
 * The whole-message tokenizer: body, URI, invisible, MIME-part and header
 * tokens, deduplicated by their 5-byte key (Bayes `tokenize`).
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { MimePart, Octets } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { TOKEN_KEY_BYTES } from './hash.js';
import { type KeyParts, sha1Key } from './sha1-key.js';
import { TokenTable } from '../storage/token-table.js';
import { decodedHeaderLines, headerTexts, relayMetadataLines } from './header-tokens.js';
import { type LineTokenizerOptions, type Region, tokenizeLineInto } from './line-tokenizer.js';
import type { BayesSettings } from './settings.js';
import { messageLanguages } from '../textcat/message-languages.js';
import { RELAY_COUNTRY_HEADERS } from '../evals/relay-country.js';

/**
 * The message's distinct tokens: their 5-byte keys packed back to back in
 * order of first occurrence (what a store reads and a learn writes), and the
 * text each key stands for (of texts sharing a key, the later one). A scan
 * drops the texts once it has classified, keeping the keys for an auto-learn:
 * hundreds of strings held to the scan's end cost every young GC meanwhile.
 */
export interface TokenSet {
  readonly keys: Buffer;
  texts: string[] | undefined;
  readonly size: number;
}

export interface TokenizerInput {
  visible: readonly Octets[];
  invisible: readonly Octets[];
  uris: readonly string[];
  mimeParts: MimePart | undefined;
  headerLines: readonly string[];
  metadataLines: readonly string[];
}

const CAPS = { body: 50000, uri: 10000, invisible: 50000, header: 10000 } as const;

/** What the tokenizer reads from a scan context, limited to the enabled sources. */
export function tokenizerInput(ctx: ScanContext, settings: BayesSettings, extraMetadata?: ReadonlyMap<string, string>, uris?: readonly string[]): TokenizerInput {
  const src = settings.tokenSources;
  const rendered = src.has('visible') || src.has('invisible') ? ctx.rendered() : undefined;
  return {
    visible: src.has('visible') ? (rendered?.visible ?? []) : [],
    invisible: src.has('invisible') ? (rendered?.invisible ?? []) : [],
    uris: src.has('uri') ? (uris ?? ctx.uriList()) : [],
    mimeParts: src.has('mimepart') ? ctx.msg.root : undefined,
    headerLines: src.has('header') ? decodedHeaderLines(ctx.msg) : [],
    metadataLines: src.has('header') ? relayMetadataLines(ctx.relays(), extraMetadata) : [],
  };
}

/**
 * Metadata a learn adds before Bayes tokenizes (sa-learn's and spamd TELL's
 * extract_message_metadata): TextCat's languages, RelayCountry's countries and
 * ASN's GeoIP answer when they are loaded, and not the domains, which only a
 * scan sets.
 */
export function learnMetadata(ctx: ScanContext): Map<string, string> | undefined {
  const meta = new Map<string, string>();
  const languages = messageLanguages(ctx);
  if (languages !== undefined) {
    meta.set('X-Languages', languages.languages);
    meta.set('X-Languages-Length', String(languages.length));
  }
  addPluginMetadata(ctx, meta);
  return meta.size > 0 ? meta : undefined;
}

/**
 * Metadata other plugins put on the message before Bayes runs: RelayCountry's
 * countries, and ASN's number (from the GeoIP database, or from DNS when its
 * answer came back: the engine waits for it; a learn asks no DNS).
 */
const PLUGIN_METADATA: readonly string[] = [...RELAY_COUNTRY_HEADERS, 'X-ASN'];

function addPluginMetadata(ctx: ScanContext, meta: Map<string, string>): void {
  for (const name of PLUGIN_METADATA) {
    const value = ctx.pluginMetadata(name);
    if (value !== undefined) meta.set(name, value);
  }
}

/**
 * Metadata a scan adds before Bayes runs (PerMsgStatus extract_message_metadata):
 * the envelope sender's and the authors' domains, TextCat's languages,
 * RelayCountry's countries and ASN's X-ASN when those are loaded. sa-learn's
 * learn path does not have the domains or a DNS answer; a scan and its
 * auto-learn do.
 */
export function scanMetadata(ctx: ScanContext): Map<string, string> {
  const meta = new Map<string, string>();
  const languages = messageLanguages(ctx);
  if (languages !== undefined) {
    meta.set('X-Languages', languages.languages);
    meta.set('X-Languages-Length', String(languages.length));
  }
  const sender = ctx.headerList('EnvelopeFrom:first:addr:host')[0];
  if (sender !== undefined && sender !== '') meta.set('X-SenderDomain', sender.toLowerCase());
  const authors = [...new Set(ctx.headerList('From:addr:host').map((h) => h.toLowerCase()))].filter(Boolean);
  if (authors.length > 0) meta.set('X-AuthorDomain', authors.join(' '));
  addPluginMetadata(ctx, meta);
  return meta;
}

/**
 * Every token text of the message in tokenizer order, with repeats (fewer
 * than the message holds: a word a source already yielded is not appended
 * again) and possibly empty texts, which count for nothing.
 */
function tokenTexts(input: TokenizerInput, settings: BayesSettings): string[] {
  const opts: LineTokenizerOptions = { maxTokenLength: settings.maxTokenLength, stopwords: settings.stopwords, stopwordCache: new Map() };
  const all: string[] = [];
  // A cap counts every token a source yields, repeats included (SpamAssassin stops after the line that reaches it).
  const run = (lines: Iterable<string>, prefix: string, region: Region, cap: number): void => {
    const repeats = new Map<string, number>();
    let count = 0;
    for (const line of lines) {
      count += tokenizeLineInto(line, prefix, region, opts, all, repeats);
      if (count >= cap) break;
    }
  };
  run(input.visible, '', 1, CAPS.body);
  run(input.uris, '', 2, CAPS.uri);
  run(input.invisible, 'I*:', 1, CAPS.invisible);
  if (input.mimeParts) for (const t of mimePartTokens(input.mimeParts)) all.push(t);
  if (input.headerLines.length > 0 || input.metadataLines.length > 0) {
    const texts = headerTexts(input.headerLines, input.metadataLines, settings.ignoreHeaders);
    // Headers share one cap; each name is one line with its own prefix, so its own repeats map.
    let count = 0;
    for (const [name, value] of texts) {
      count += tokenizeLineInto(value, `H${name}:`, 0, opts, all, new Map());
      if (count >= CAPS.header) break;
    }
  }
  return all;
}

export function tokenize(input: TokenizerInput, settings: BayesSettings): TokenSet {
  return packTokens(tokenTexts(input, settings), true);
}

/**
 * The distinct token keys of `tokenize`, in the same order, packed
 * TOKEN_KEY_BYTES each: what a learn stores.
 */
export function tokenKeysPacked(input: TokenizerInput, settings: BayesSettings): Uint8Array {
  return packTokens(tokenTexts(input, settings), false).keys;
}

/**
 * Hashed as they come: the texts hardly repeat here (a source already drops
 * its repeated words), so a set of seen texts costs more than the hashes it
 * saves. Keys already met are found in a table of this message's keys (a
 * Set of latin1 key strings cost a string and a hash per token).
 */
function packTokens(all: readonly string[], withTexts: boolean): TokenSet {
  SEEN.clear();
  // Its own memory, sized for every text and trimmed below: a worker hands the buffer over to the main thread whole.
  const packed = Buffer.allocUnsafeSlow(all.length * TOKEN_KEY_BYTES);
  const texts: string[] | undefined = withTexts ? [] : undefined;
  let n = 0;
  for (const t of all) {
    if (t === '') continue;
    sha1Key(t, KEY);
    const slot = SEEN.find(KEY.high, KEY.low);
    if (slot >= 0) {
      if (texts) texts[SEEN.spamAt(slot)] = t;
      continue;
    }
    // The table's first count holds the key's position.
    SEEN.set(KEY.high, KEY.low, 1, n);
    const at = n * TOKEN_KEY_BYTES;
    packed[at] = KEY.high;
    packed.writeUInt32BE(KEY.low, at + 1);
    texts?.push(t);
    n++;
  }
  const keys = n * TOKEN_KEY_BYTES === packed.length ? packed : Buffer.from(packed.subarray(0, n * TOKEN_KEY_BYTES));
  return { keys, texts, size: n };
}

const KEY: KeyParts = { high: 0, low: 0 };
/** The keys the current message's tokens hashed to so far, each with its position. */
const SEEN = new TokenTable();

const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/plain', 'Empty-Plaintext'],
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/html', 'Empty-HTML'],
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/xml', 'Empty-XML'],
  ['adc83b19e793491b1c6ea0fd8b46cd9f32e592fc:text/plain', 'OneNL-Plaintext'],
  ['adc83b19e793491b1c6ea0fd8b46cd9f32e592fc:text/html', 'OneNL-HTML'],
  ['71853c6197a6a7f222db0f1978c7cb232b87c5ee:text/plain', 'TwoNL-Plaintext'],
  ['71853c6197a6a7f222db0f1978c7cb232b87c5ee:text/html', 'TwoNL-HTML'],
]);

/** `MIME:<sha1 of the decoded leaf>:<type>` per leaf (the optional mimepart source). */
function mimePartTokens(root: MimePart): string[] {
  const out: string[] = [];
  const walk = (p: MimePart): void => {
    if (p.isLeaf) {
      const key = `${createHash('sha1').update(p.decoded()).digest('hex')}:${p.type}`;
      out.push(`MIME:${SHORTHAND.get(key) ?? key}`);
    }
    p.children.forEach(walk);
  };
  walk(root);
  return out;
}
