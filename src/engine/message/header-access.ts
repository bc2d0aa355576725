/**
 * Header values as SpamAssassin's `$pms->get(spec)` returns them: plain,
 * `:raw`, address/name/host/domain/ip modifiers, `ALL*` slices, `ToCc`,
 * `MESSAGEID` and the metadata fallback (EnvelopeFrom, X-Spam-Relays-*).
 * Results are memoised per spec; decoding happens only for fields asked for.
 */
import { parseHeaderAddresses } from './address-parse.js';
import { allHeaderLines, receivedRange, splitKeepNewlines, type FieldView } from './all-headers.js';
import { decodeFieldValue, decodeHeaderText } from './header-decode.js';
import { extractHost, extractIp, reverseIp, trimDomain, type RegistryLists } from './host-extract.js';
import type { HeaderField, Octets, ParsedMessage } from './types.js';

export interface HeaderAccessContext {
  /** Message metadata by lower-cased name (envelopefrom, x-spam-relays-*, …). */
  metadata: (lcName: string) => Octets[] | undefined;
  lastTrustedRelayIndex: number;
  lastInternalRelayIndex: number;
  /** Registry lists for `:host` / `:domain`; without them no host is found (SA without TLDs). */
  conf?: { tlds: ReadonlySet<string>; twoLevelDomains: ReadonlySet<string>; threeLevelDomains: ReadonlySet<string> };
  /** Hide X-Spam-* fields, as check() does before rules run (not ALL:raw, which reads the pristine block). */
  dropSpamHeaders?: boolean;
}

/** What a spec's base values are, decided once per spec rather than per message. */
type SpecKind = 'all' | 'relay-range' | 'metadata' | 'tocc' | 'messageid' | 'field';

interface Spec {
  name: string;
  /** The name lower-cased, as fields and metadata are looked up. */
  lc: string;
  kind: SpecKind;
  raw: boolean;
  addr: boolean;
  display: boolean;
  host: boolean;
  domain: boolean;
  ip: boolean;
  revip: boolean;
  first: boolean;
  last: boolean;
}

const EMPTY_LISTS: RegistryLists = { tlds: new Set(), twoLevel: new Set(), threeLevel: new Set() };
const SCALAR_FIRST_RE = /:(?:addr|name|host|domain|ip|revip)\b/;

export class HeaderAccessor {
  private readonly fields: readonly HeaderField[];
  private index: Map<string, HeaderField[]> | undefined;
  private readonly decodedCache = new Map<string, Octets[]>();
  private readonly cache = new Map<string, Octets[]>();
  private allCache: { lines: Octets[]; truncated: boolean } | undefined;
  private readonly lists: RegistryLists;

  constructor(private readonly msg: ParsedMessage, private readonly ctx: HeaderAccessContext) {
    this.fields = ctx.dropSpamHeaders ? msg.headers.filter((f) => !/^X-Spam-/i.test(f.name)) : msg.headers;
    const c = ctx.conf;
    this.lists = c ? { tlds: c.tlds, twoLevel: c.twoLevelDomains, threeLevel: c.threeLevelDomains } : EMPTY_LISTS;
  }

  /** `$pms->get(spec)` in list context. */
  list(spec: string): Octets[] {
    let found = this.cache.get(spec);
    if (found === undefined) {
      found = this.compute(spec);
      this.cache.set(spec, found);
    }
    return found;
  }

  /** What a header rule matches: values joined as SA joins them, undefined when absent. */
  forRule(spec: string): Octets | undefined {
    // Not memoised: the header rules' HeaderSlots asks once per spec and message.
    const found = this.list(spec);
    return found.length === 0 ? undefined : found.join(found[0]!.endsWith('\n') ? '' : '\n');
  }

  /** Legacy scalar `$pms->get(spec)`. */
  scalar(spec: string): Octets {
    const found = this.list(spec);
    if (found.length === 0) return '';
    if (SCALAR_FIRST_RE.test(spec) || spec === 'EnvelopeFrom') return found[0]!.replace(/\n$/, '');
    return found.join('');
  }

  /** Last decoded value of a field with its "\n" (SA `get_header($name)` in scalar context), or undefined. */
  lastDecoded(name: string): Octets | undefined {
    const v = this.decodedValues(name.toLowerCase());
    return v.length > 0 ? v[v.length - 1]! + '\n' : undefined;
  }

  /** Whether the ALL text passed 64 KiB (SA then raises `truncated_header`). */
  allTruncated(): boolean {
    return this.all().truncated;
  }

  private compute(spec: string): Octets[] {
    const s = parseSpec(spec);
    const special = this.special(s);
    if (special.done) return special.values;
    let values = special.values;
    if (values.length === 0) return values;
    if (s.first) values = [values[0]!];
    else if (s.last) values = [values[values.length - 1]!];
    if (s.addr || s.display) values = this.addresses(values, s);
    if (values.length > 0 && (s.host || s.ip)) values = this.hostsOrIps(values, s);
    return values;
  }

  /** The base values; `done` when modifiers do not apply (ALL and its slices). */
  private special(s: Spec): { values: Octets[]; done: boolean } {
    switch (s.kind) {
      case 'all':
        return { values: s.raw ? [...this.msg.rawHeaderLines] : [...this.all().lines], done: true };
      case 'relay-range': {
        const range = this.relayRange(s.name) as [number | undefined, number | undefined];
        const lines = s.raw ? this.msg.rawHeaderLines : splitKeepNewlines(this.all().lines.join(''));
        return { values: receivedRange(lines, range[0], range[1]), done: true };
      }
      case 'metadata':
        return { values: (this.ctx.metadata(s.lc) ?? []).filter((v) => v !== undefined), done: false };
      case 'tocc':
        return { values: [...this.getHeader('to', s.raw), ...this.getHeader('cc', s.raw)], done: false };
      case 'messageid': {
        const names = ['x-message-id', 'resent-message-id', 'x-original-message-id', 'message-id'];
        return { values: names.flatMap((h) => this.getHeader(h, s.raw)).filter((v) => v !== ''), done: false };
      }
      case 'field': {
        let values = s.raw || s.addr || s.display ? this.rawValues(s.lc) : this.getHeader(s.lc, false);
        if (values.length === 0) values = this.ctx.metadata(s.lc) ?? [];
        return { values, done: false };
      }
    }
  }

  private relayRange(n: string): [number | undefined, number | undefined] | undefined {
    const t = this.ctx.lastTrustedRelayIndex + 1;
    const i = this.ctx.lastInternalRelayIndex + 1;
    if (n === 'ALL-TRUSTED') return [undefined, t];
    if (n === 'ALL-INTERNAL') return [undefined, i];
    if (n === 'ALL-UNTRUSTED') return [t, undefined];
    if (n === 'ALL-EXTERNAL') return [i, undefined];
    return undefined;
  }

  private addresses(values: Octets[], s: Spec): Octets[] {
    const out: Octets[] = [];
    for (const line of values) {
      for (const a of parseHeaderAddresses(line)) {
        if (s.addr) {
          if (a.address !== undefined) out.push(a.address);
        } else if (a.phrase !== undefined) {
          out.push(s.raw ? a.phrase : cleanDisplayName(decodeHeaderText(a.phrase, `PMS:get:${s.name}`)));
        }
      }
    }
    return out;
  }

  private hostsOrIps(values: Octets[], s: Spec): Octets[] {
    const out: Octets[] = [];
    for (const line of values) {
      if (s.host) {
        let host = extractHost(line, s.addr, this.lists);
        if (host) {
          if (s.domain) host = trimDomain(host, this.lists);
          out.push(host);
        }
      } else {
        const ip = extractIp(line);
        const v = ip !== undefined && s.revip ? reverseIp(ip) : ip;
        if (v !== undefined) out.push(v);
      }
    }
    return out;
  }

  private fieldIndex(): Map<string, HeaderField[]> {
    if (!this.index) {
      this.index = new Map();
      for (const f of this.fields) {
        const key = f.name.toLowerCase();
        const list = this.index.get(key);
        if (list) list.push(f);
        else this.index.set(key, [f]);
      }
    }
    return this.index;
  }

  private rawValues(lc: string): Octets[] {
    return (this.fieldIndex().get(lc.trim()) ?? []).map((f) => f.rawValue);
  }

  private decodedValues(lc: string): Octets[] {
    let v = this.decodedCache.get(lc);
    if (v === undefined) {
      v = (this.fieldIndex().get(lc) ?? []).map((f) => decodeFieldValue(f.rawValue, lc));
      this.decodedCache.set(lc, v);
    }
    return v;
  }

  /** Node::get_header: decoded values with "\n", or raw values with folding collapsed. */
  private getHeader(lc: string, raw: boolean): Octets[] {
    if (raw) return this.rawValues(lc).map((v) => v.replace(/\r?\n[\t\n\x0b\f\r ]+/g, ' '));
    return this.decodedValues(lc).map((v) => v + '\n');
  }

  private all(): { lines: Octets[]; truncated: boolean } {
    if (!this.allCache) {
      const views: FieldView[] = this.fields.map((f) => {
        const lcName = f.name.toLowerCase();
        return { name: f.name, lcName, decoded: () => decodeFieldValue(f.rawValue, lcName) };
      });
      this.allCache = allHeaderLines(views);
    }
    return this.allCache;
  }
}

/**
 * Specs come from the rules and the evals' code, so there are a few hundred;
 * parsed once each (a header rule's spec is asked for on every message).
 * The cap only guards against a caller that makes up specs without end.
 */
const parsedSpecs = new Map<string, Spec>();
const MAX_PARSED_SPECS = 10_000;

function parseSpec(spec: string): Spec {
  let parsed = parsedSpecs.get(spec);
  if (parsed === undefined) {
    parsed = parseSpecText(spec);
    if (parsedSpecs.size < MAX_PARSED_SPECS) parsedSpecs.set(spec, parsed);
  }
  return parsed;
}

function specKind(name: string, lc: string): SpecKind {
  if (name === 'ALL') return 'all';
  if (name === 'ALL-TRUSTED' || name === 'ALL-INTERNAL' || name === 'ALL-UNTRUSTED' || name === 'ALL-EXTERNAL') return 'relay-range';
  if (lc === 'envelopefrom' || /^x-spam-relays-(?:untrusted|trusted|external|internal)$/.test(lc)) return 'metadata';
  if (lc === 'tocc') return 'tocc';
  if (name === 'MESSAGEID') return 'messageid';
  return 'field';
}

function parseSpecText(spec: string): Spec {
  const [name = '', ...mods] = spec.split(':');
  const has = (m: string): boolean => mods.includes(m);
  const domain = has('domain');
  const revip = has('revip');
  const lc = name.toLowerCase();
  return {
    name,
    lc,
    kind: specKind(name, lc),
    raw: has('raw'),
    addr: has('addr'),
    display: has('name'),
    host: has('host') || domain,
    domain,
    ip: has('ip') || revip,
    revip,
    first: has('first'),
    last: has('last'),
  };
}

/** Display names: whitespace collapsed and trimmed, surrounding single quotes dropped. */
function cleanDisplayName(decoded: Octets): Octets {
  if (!/[^\t\n\x0b\f\r ]/.test(decoded)) return decoded;
  const s = decoded.replace(/[\t\n\x0b\f\r ]+/g, ' ').replace(/^ /, '').replace(/ $/, '');
  const m = /^'([^\n]*?)'$/.exec(s);
  return m ? m[1]! : s;
}
