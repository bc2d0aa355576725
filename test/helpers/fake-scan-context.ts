/**
 * A ScanContext built from small self-written data, for unit tests of the
 * eval functions. It implements the header accessors (`get` with the
 * modifiers the evals use) over a raw header block; everything the
 * analysis steps would compute (relays, rendered text, HTML results, URIs)
 * is given directly by the test.
 */
import type { EngineConfig } from '../../src/engine/config/types.js';
import type { HtmlResults, Relay, RelayAnalysis, RenderedBody, UriDetail } from '../../src/engine/message/analysis-types.js';
import type { HeaderField, MimePart, ParseFlags, ParsedMessage } from '../../src/engine/message/types.js';
import type { ScanContext } from '../../src/engine/scan/context-types.js';

/** An EngineConfig with SpamAssassin's defaults and empty lists. */
export function fakeConfig(overrides: Partial<EngineConfig> = {}): EngineConfig {
  const base: EngineConfig = {
    rules: new Map(), scores: new Map(), describe: new Map(), tflags: new Map(), priority: new Map(), plugins: new Set(),
    requiredScore: 5, headersSpam: [], headersHam: [], rewriteHeader: new Map(), subjPrefix: new Map(), reportSafe: 1,
    reportTemplate: '', unsafeReportTemplate: '', reportContact: '', reportHostname: '', reportCharset: '',
    reportSafeCopyHeaders: [], foldHeaders: true, rulesVersions: [],
    welcomelistFrom: [], blocklistFrom: [], welcomelistTo: [], moreSpamTo: [], allSpamTo: [], blocklistTo: [],
    welcomelistFromRcvd: [], defWelcomelistFromRcvd: [], welcomelistAllowsRelays: [], welcomelistAuth: [],
    defWelcomelistAuth: [], welcomelistUriHost: [], blocklistUriHost: [], welcomelistSubject: [], blocklistSubject: [],
    addrLists: new Map(), uriHostLists: new Map(), freemailDomains: [], freemailWhitelist: [],
    tlds: new Set(['com', 'net', 'org', 'uk', 'de', 'example', 'info', 'biz']),
    twoLevelDomains: new Set(['co.uk', 'org.uk']), threeLevelDomains: new Set(),
    redirectorPatterns: [], urlShorteners: new Set(),
    trustedNetworks: { entries: [], configured: false }, internalNetworks: { entries: [], configured: false },
    msaNetworks: { entries: [], configured: false }, originatingIpHeaders: [], envelopeSenderHeader: undefined,
    alwaysTrustEnvelopeSender: false, okLocales: 'all', okLanguages: 'all', normalizeCharset: true,
    bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, allowUserRules: false,
    useBayes: false, useBayesRules: false, bayesAutoLearn: false, bayesAutoLearnThresholdSpam: 12,
    bayesAutoLearnThresholdNonspam: 0.1, bayesOptions: new Map(), useAutoWelcomelist: false, txrepOptions: new Map(),
    other: new Map(), replaceTags: new Map(), pluginRules: new Map(), selfTests: [],
    lists: new Map(), hashes: new Map(), compatFlags: new Set(), welcomelistFromDkim: [], defWelcomelistFromDkim: [],
    bayesStopwords: new Map(), captureRules: new Set(),
  };
  return { ...base, ...overrides };
}

export function parseHeaderBlock(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      fields[fields.length - 1] = { name: last.name, raw: `${last.raw}\n${line}`, rawValue: `${last.raw}\n${line}\n` };
      continue;
    }
    const m = /^([^:\s]+)\s*:(.*)$/s.exec(line);
    if (m) fields.push({ name: m[1] ?? '', raw: m[2] ?? '', rawValue: `${m[2] ?? ''}\n` });
  }
  return fields;
}

export interface FakePartSpec {
  type?: string;
  headers?: string;
  body?: string | Buffer;
  children?: MimePart[];
  name?: string;
  charset?: string;
  cte?: string;
}

function decodeQp(s: string): Buffer {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1');
}

/** A MIME part; Content-Type / Content-Transfer-Encoding headers are added from type and cte when absent. */
export function fakePart(spec: FakePartSpec = {}): MimePart {
  const type = spec.type ?? 'text/plain';
  const cte = spec.cte ?? '';
  let headerText = spec.headers ?? '';
  if (!/^content-type:/im.test(headerText)) headerText += `\nContent-Type: ${type}${spec.charset ? `; charset=${spec.charset}` : ''}`;
  if (cte && !/^content-transfer-encoding:/im.test(headerText)) headerText += `\nContent-Transfer-Encoding: ${cte}`;
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'latin1') : (spec.body ?? Buffer.alloc(0));
  const children = spec.children ?? [];
  const isLeaf = !type.startsWith('multipart/') && children.length === 0;
  const name = spec.name;
  const headers = parseHeaderBlock(headerText);
  const named = (lcName: string): HeaderField[] => headers.filter((f) => f.name.toLowerCase() === lcName);
  return {
    headers,
    header: (lcName: string) => named(lcName).map((f) => unfold(f.raw)),
    rawHeader: (lcName: string) => named(lcName).map((f) => f.rawValue),
    type,
    effectiveType: name && /\.(?:s?html?)$/i.test(name) ? 'text/html' : type,
    charset: spec.charset ?? '',
    name,
    cte,
    children,
    body: isLeaf ? body : Buffer.alloc(0),
    isLeaf,
    decoded(): Buffer {
      if (cte === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
      if (cte === 'quoted-printable') return decodeQp(body.toString('latin1'));
      return body;
    },
  };
}

export function fakeRelay(r: Partial<Relay> = {}): Relay {
  return {
    ip: '', rdns: '', helo: '', by: '', ident: '', envfrom: '', id: '', auth: '', ipPrivate: false, internal: false,
    msa: false, headerIndex: 0, line: '', ...r,
  };
}

function relayString(relays: readonly Relay[]): string {
  return relays.map((r) =>
    `[ ip=${r.ip} rdns=${r.rdns} helo=${r.helo} by=${r.by} ident=${r.ident} envfrom=${r.envfrom} intl=${r.internal ? 1 : 0} id=${r.id} auth=${r.auth} msa=${r.msa ? 1 : 0} ]`,
  ).join(' ');
}

export function fakeRelays(trusted: Relay[] = [], untrusted: Relay[] = [], extra: Partial<RelayAnalysis> = {}): RelayAnalysis {
  return {
    trusted, untrusted, internal: trusted, external: untrusted, all: [...trusted, ...untrusted],
    numRelaysUnparseable: 0, lastTrustedRelayIndex: trusted.length - 1, lastInternalRelayIndex: trusted.length - 1,
    relaysTrustedStr: relayString(trusted), relaysUntrustedStr: relayString(untrusted),
    relaysInternalStr: relayString(trusted), relaysExternalStr: relayString(untrusted),
    envelopeFrom: undefined, ...extra,
  };
}

export function fakeHtml(h: Partial<HtmlResults> = {}): HtmlResults {
  return {
    values: new Map(), inside: new Map(), tags: new Map(), visibleText: '', invisibleText: '', title: [], anchorText: [],
    imageArea: 0, length: 0, nonSpaceLength: 0, ...h,
  };
}

export function fakeUriDetail(raw: string, d: Partial<UriDetail> = {}): UriDetail {
  return { raw, types: new Set(['parsed']), cleaned: [raw], domains: new Set(), hosts: new Map(), anchorText: [], ...d };
}

export interface FakeContextSpec {
  /** Raw header block ("Name: value" lines, folding allowed). */
  headers?: string;
  /** Body of a single-part message (ignored when `root` is given). */
  body?: string;
  root?: MimePart;
  crlf?: boolean;
  flags?: Partial<ParseFlags>;
  conf?: Partial<EngineConfig>;
  relays?: RelayAnalysis;
  rendered?: Partial<RenderedBody>;
  uris?: UriDetail[];
  uriList?: string[];
  envelopeFrom?: string;
  now?: Date;
}

const ADDRESS_MODS = new Set(['addr', 'name', 'host', 'domain', 'ip', 'revip']);

function unfold(raw: string): string {
  return raw.replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Addresses of one header value: `<...>` parts, else bare tokens with an @. */
export function parseAddresses(value: string): { addr: string; name: string }[] {
  const out: { addr: string; name: string }[] = [];
  for (const piece of value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const angle = /^(.*)<([^>]*)>/s.exec(piece);
    if (angle) {
      out.push({ addr: (angle[2] ?? '').trim(), name: (angle[1] ?? '').trim().replace(/^"(.*)"$/s, '$1') });
      continue;
    }
    const bare = piece.replace(/\([^)]*\)/g, '').trim();
    if (bare !== '') out.push({ addr: bare, name: (/\(([^)]*)\)/.exec(piece)?.[1] ?? '').trim() });
  }
  return out;
}

class FakeContext implements ScanContext {
  readonly scratch = new Map<string, unknown>();
  readonly scoreSet = 0;
  private readonly tags = new Map<string, string>();
  private renderedCache: RenderedBody | undefined;
  constructor(
    readonly conf: EngineConfig,
    readonly msg: ParsedMessage,
    readonly now: Date,
    private readonly spec: FakeContextSpec,
  ) {}

  private instances(name: string): string[] {
    const lname = name.toLowerCase();
    return this.msg.headers.filter((f) => f.name.toLowerCase() === lname).map((f) => f.raw);
  }

  private rawValues(name: string): string[] {
    if (name === 'ToCc') return [...this.instances('To'), ...this.instances('Cc')];
    if (name === 'EnvelopeFrom') return this.spec.envelopeFrom === undefined ? [] : [this.spec.envelopeFrom];
    if (name === 'MESSAGEID') {
      return ['X-Message-Id', 'Resent-Message-Id', 'X-Original-Message-ID', 'Message-Id']
        .flatMap((n) => this.instances(n)).filter((v) => unfold(v) !== '');
    }
    if (name === 'ALL') return this.msg.headers.map((f) => `${f.name}: ${unfold(f.raw)}`);
    return this.instances(name);
  }

  headerList(spec: string): string[] {
    const [name = '', ...mods] = spec.split(':');
    let values = this.rawValues(name);
    if (mods.includes('first')) values = values.slice(0, 1);
    if (mods.includes('last')) values = values.slice(-1);
    if (mods.includes('addr')) return values.flatMap((v) => parseAddresses(unfold(v)).map((a) => a.addr));
    if (mods.includes('name')) return values.flatMap((v) => parseAddresses(unfold(v)).map((a) => a.name));
    if (mods.includes('raw')) return values.map((v) => `${v.replace(/\r?\n[ \t]+/g, ' ')}\n`);
    return values.map((v) => `${unfold(v)}\n`);
  }

  headerForRule(spec: string): string | undefined {
    const list = this.headerList(spec);
    if (list.length === 0) return undefined;
    return list.join(/\n$/.test(list[0] ?? '') ? '' : '\n');
  }

  header(spec: string): string {
    const list = this.headerList(spec);
    const mods = spec.split(':').slice(1);
    if (mods.some((m) => ADDRESS_MODS.has(m)) || spec === 'EnvelopeFrom') return (list[0] ?? '').replace(/\n$/, '');
    return list.join('');
  }

  rendered(): RenderedBody {
    if (this.renderedCache) return this.renderedCache;
    const subject = this.headerList('Subject')[0] ?? '\n';
    const text = this.spec.body ?? '';
    const lines = text === '' ? [] : text.split(/(?<=\n)/);
    this.renderedCache = {
      body: [subject, ...lines], visible: [subject, ...lines], invisible: [], rawbody: text === '' ? [] : [text],
      html: [], textParts: [], ...this.spec.rendered,
    };
    return this.renderedCache;
  }

  rewriteBodyLine(index: number, text: string): void {
    const body = this.rendered().body;
    if (index >= 0 && index < body.length) body[index] = text;
  }

  relays(): RelayAnalysis {
    return this.spec.relays ?? fakeRelays();
  }

  uriDetails(): Map<string, UriDetail> {
    return new Map((this.spec.uris ?? []).map((u) => [u.raw, u]));
  }

  uriList(): string[] {
    return this.spec.uriList ?? (this.spec.uris ?? []).flatMap((u) => u.cleaned);
  }

  uriListForLearning(): string[] {
    return this.uriList();
  }

  fullText(): string {
    return this.msg.pristine.toString('latin1');
  }

  hitValue(): number {
    return 0;
  }

  /** What evals noted with testLog, in order (the fake has no running rule). */
  readonly testLogs: string[] = [];

  testLog(message: string): void {
    this.testLogs.push(message);
  }

  setTag(name: string, value: string): void {
    this.tags.set(name, value);
  }

  getTag(name: string): string | undefined {
    return this.tags.get(name);
  }

  pluginMetadata(): undefined {
    return undefined;
  }
}

export function fakeScanContext(spec: FakeContextSpec = {}): ScanContext {
  const headerText = spec.headers ?? '';
  const headers = parseHeaderBlock(headerText);
  const bodyText = spec.body ?? '';
  const root = spec.root ?? fakePart({ headers: headerText, body: bodyText });
  const pristineHeaders = Buffer.from(`${headerText.replace(/\n?$/, '\n')}\n`, 'latin1');
  const pristineBody = Buffer.from(bodyText, 'latin1');
  const flags: ParseFlags = {
    missingHeadBodySeparator: false, truncatedHeader: false, missingMimeHeadBodySeparator: false,
    mimeBoundaryMissing: false, limitReached: undefined, ...spec.flags,
  };
  const msg: ParsedMessage = {
    pristine: Buffer.concat([pristineHeaders, pristineBody]), pristineHeaders, pristineBody, mboxSeparator: null,
    crlf: spec.crlf ?? false, headers, rawHeaderLines: [], root, flags,
  };
  return new FakeContext(fakeConfig(spec.conf), msg, spec.now ?? new Date('2024-01-15T12:00:00Z'), spec);
}

/** Runs a registered eval by name the way the rule engine would. */
export async function runEval(
  name: string, ctx: ScanContext, args: readonly string[] = [], text?: readonly string[],
): Promise<number | boolean> {
  const { evalRegistry } = await import('../../src/engine/evals/registry.js');
  const def = evalRegistry.get(name);
  if (!def) throw new Error(`eval ${name} is not registered`);
  return def.fn(ctx, args, text);
}
