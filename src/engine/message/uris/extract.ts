/**
 * The message's URI details (SpamAssassin's get_uri_detail_list) and the
 * cleaned URI list `uri` rules match (get_uri_list). URIs come from the body
 * text first, then from the HTML parts' tags; each is canonicalised, and its
 * hosts and registrable domains are recorded. Text URIs count only when a
 * valid domain comes out of them; HTML URIs count whenever a cleaned form
 * does.
 *
 * As in SpamAssassin, URIs found in text are octet strings (UTF-8 bytes, one
 * per character, like the body text), while URIs from HTML tags stay
 * character strings: their non-ASCII characters up to U+00FF then behave as
 * single bytes (e.g. when %-encoded), exactly as Perl treats them.
 */
import type { UriDetail } from '../analysis-types.js';
import { canonicalizeUris } from './canonicalize.js';
import { utf8Octets } from './idn.js';
import { RegistryBoundaries } from './registry.js';
import { buildTextUriPattern } from './text-uri-pattern.js';
import { findTextUris } from './text-uris.js';

/** Longer cleaned URIs are cut to this many characters (SpamAssassin's MAX_URI_LENGTH). */
const MAX_URI_LENGTH = 8192;
const PARSED: ReadonlySet<string> = new Set(['parsed']);

export interface HtmlUriInput {
  uri: string;
  /** Tag name, or '' for an entry that only collected anchor text. */
  type: string;
  anchorText?: string;
  /** All anchor texts of this URI in its part (renderHtml sets it on the URI's first entry). */
  anchorTexts?: string[];
}

export interface ExtractUrisInput {
  /**
   * The text searched for URIs: SpamAssassin scans the body-rule array
   * (decoded Subject line first, then the rendered paragraphs), so pass that.
   */
  texts: string[];
  /** URIs from HTML tags, every HTML part in order (renderHtml's `uris`). */
  htmlUris: HtmlUriInput[];
  redirectorPatterns: RegExp[];
  tlds: Set<string>;
  twoLevelDomains: Set<string>;
  threeLevelDomains: Set<string>;
  /**
   * Whether `texts` are octet strings (UTF-8 bytes, as in the body-rule
   * array). Default true; with false they are treated as Unicode and encoded.
   */
  textsAreOctets?: boolean;
  /** Links plugins found elsewhere (PDFInfo's, in PDF attachments), added first as parsed URIs. */
  pluginUris?: readonly string[];
}

/** Compiled text patterns per TLD set: building one costs a few milliseconds. */
const patternCache = new WeakMap<Set<string>, RegExp>();

function textPattern(tlds: Set<string>, rb: RegistryBoundaries): RegExp {
  let re = patternCache.get(tlds);
  if (re === undefined) {
    re = buildTextUriPattern(tlds.size > 0 ? tlds : fallbackTlds(rb));
    patternCache.set(tlds, re);
  }
  // Shared, not copied: copying means hashing the pattern's huge source again; findTextUris resets lastIndex itself.
  return re;
}

/** Without a configured TLD list, the common generic and country TLDs from the public suffix list. */
function fallbackTlds(rb: RegistryBoundaries): Set<string> {
  const candidates = 'com net org edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat';
  const set = new Set(candidates.split(' '));
  for (let a = 97; a <= 122; a++) {
    for (let b = 97; b <= 122; b++) {
      const cc = String.fromCharCode(a, b);
      if (rb.isTldValid(cc)) set.add(cc);
    }
  }
  return set;
}

function newDetail(raw: string): UriDetail {
  return { raw, types: new Set(), cleaned: [], domains: new Set(), hosts: new Map(), anchorText: [] };
}

/** Add one URI (SpamAssassin's add_uri_detail_list); false when nothing usable came out. */
function addUri(
  details: Map<string, UriDetail>,
  uri: string,
  types: ReadonlySet<string>,
  requireDomain: boolean,
  ctx: { redirectors: readonly RegExp[]; rb: RegistryBoundaries },
): boolean {
  const cleaned = new Set<string>();
  const domains = new Set<string>();
  const hosts = new Map<string, string>();
  for (let c of canonicalizeUris([uri], ctx.redirectors, ctx.rb)) {
    if (c.length > MAX_URI_LENGTH) c = c.slice(0, MAX_URI_LENGTH);
    cleaned.add(c);
    const d = ctx.rb.uriToDomain(c);
    if (d !== undefined) {
      domains.add(d.domain);
      hosts.set(d.host, d.domain);
    }
  }
  if (cleaned.size === 0 || (requireDomain && domains.size === 0)) return false;
  let detail = details.get(uri);
  if (detail === undefined) {
    detail = newDetail(uri);
    details.set(uri, detail);
  }
  for (const c of cleaned) if (!detail.cleaned.includes(c)) detail.cleaned.push(c);
  for (const d of domains) detail.domains.add(d);
  for (const [h, d] of hosts) detail.hosts.set(h, d);
  for (const t of types) detail.types.add(t);
  return true;
}

/** Group the flat HTML list back into per-URI entries, keeping part boundaries for anchor-text merging. */
function groupHtmlUris(items: readonly HtmlUriInput[]): { uri: string; types: Set<string>; anchors: string[] }[] {
  const groups: { uri: string; types: Set<string>; anchors: string[] }[] = [];
  let current: (typeof groups)[number] | undefined;
  for (const item of items) {
    const uri = item.uri;
    if (current === undefined || current.uri !== uri || item.anchorTexts !== undefined) {
      current = { uri, types: new Set(), anchors: [] };
      groups.push(current);
    }
    if (item.type !== '') current.types.add(item.type);
    if (item.anchorTexts !== undefined) current.anchors.push(...item.anchorTexts);
    else if (item.anchorText !== undefined) current.anchors.push(item.anchorText);
  }
  return groups;
}

export function extractUris(input: ExtractUrisInput): Map<string, UriDetail> {
  const rb = new RegistryBoundaries(input);
  const ctx = { redirectors: input.redirectorPatterns, rb };
  const details = new Map<string, UriDetail>();
  // SpamAssassin's plugins add theirs when the message is parsed, before the body's are looked for.
  for (const uri of input.pluginUris ?? []) addUri(details, uri, PARSED, false, ctx);
  const lines = input.textsAreOctets === false ? input.texts.map(utf8Octets) : input.texts;
  for (const found of findTextUris(lines, textPattern(input.tlds, rb), rb)) {
    addUri(details, found.uri, found.types, true, ctx);
  }
  for (const group of groupHtmlUris(input.htmlUris)) {
    // An entry with no tag type (anchor text only) is treated as found in text.
    const types = group.types.size > 0 ? group.types : new Set(['parsed']);
    if (!addUri(details, group.uri, types, false, ctx)) continue;
    const detail = details.get(group.uri)!;
    for (const t of new Set(group.anchors)) detail.anchorText.push(t);
  }
  return details;
}

/** Every cleaned URI, each once: what `uri` rules are matched against. */
export function uriList(details: ReadonlyMap<string, UriDetail>): string[] {
  const all = new Set<string>();
  for (const d of details.values()) for (const c of d.cleaned) all.add(c);
  return [...all];
}
