/**
 * Relay analysis of a message: every Received header (plus one synthetic
 * line per originating-IP header) is parsed top to bottom, the chain is cut
 * into trusted/untrusted and internal/external parts, and the envelope
 * sender is decided. Mirrors SpamAssassin 4.0.1's observable results,
 * including its mail-fetcher quirk: a fetchmail/getmail hop seen while still
 * in the trusted part empties the trusted, internal and external lists
 * gathered so far (not the untrusted one) but leaves the relay indexes alone.
 */
import type { Relay, RelayAnalysis } from '../analysis-types.js';
import type { ParsedMessage } from '../types.js';
import type { EngineConfig } from '../../config/types.js';
import { decideEnvelopeFrom } from './envelope-from.js';
import { relayString, type ParsedRelay } from './finish-relay.js';
import { HeaderIndex } from './header-values.js';
import { FIRST_IP } from './line-prelude.js';
import { parseReceivedLine } from './parse-received-line.js';
import { perlTrue } from './received-fields.js';
import { trustPolicy, type TrustPolicy, type TrustState } from './trust-policy.js';

export type RelayListName = 'trusted' | 'untrusted' | 'internal' | 'external';

/** A relay with the details SpamAssassin keeps beside the shared Relay fields. */
export interface AnalyzedRelay extends Relay {
  /** The `[ ip=… ]` string with the final intl/msa flags. */
  asString: string;
  /** The MTA records rDNS and recorded none. */
  noReverseDns: boolean;
  /** Whether the line named an envelope sender at all (`envfrom` is '' either way when it did not). */
  envfromGiven: boolean;
}

/** What became of one header fed to the Received parser. */
export interface ReceivedEntry {
  /** Position in the parser's input: Received headers top first, then synthetic lines. */
  index: number;
  status: 'relay' | 'skipped' | 'unparseable';
  /** The unfolded value the parser saw, with its trailing newline. */
  line: string;
  synthetic: boolean;
  /** Set when the line is a POP/IMAP fetch hop: `restart` inside the trusted part, else `ignored`. */
  fetcherMarker?: 'restart' | 'ignored';
  relay?: AnalyzedRelay;
  /** Lists the relay ended in (empty when a fetcher restart discarded it). */
  lists?: RelayListName[];
}

export interface RelayAnalysisDetail extends RelayAnalysis {
  trusted: AnalyzedRelay[];
  untrusted: AnalyzedRelay[];
  internal: AnalyzedRelay[];
  external: AnalyzedRelay[];
  all: AnalyzedRelay[];
  entries: ReceivedEntry[];
}

/** The configuration the relay analysis reads. */
export type RelayConfig = Pick<
  EngineConfig,
  'trustedNetworks' | 'internalNetworks' | 'msaNetworks' | 'originatingIpHeaders' | 'envelopeSenderHeader'
>;

/** The message parts the relay analysis reads. */
export type RelayInput = Pick<ParsedMessage, 'headers' | 'crlf'>;

export interface RelayOptions {
  /** The caller asserts the message was submitted locally or by an authenticated user. */
  originating?: boolean;
}

interface Walk extends TrustState {
  policy: TrustPolicy;
  allowFetchMarkers: boolean;
  lastTrusted: number;
  lastInternal: number;
  unparseable: number;
  carryEnvfrom: string | undefined;
  lists: Record<RelayListName, AnalyzedRelay[]>;
  all: AnalyzedRelay[];
  entries: ReceivedEntry[];
}

/** The parser's input: Received values, then `from X-Originating-IP: ip` for each originating-IP header holding one. */
function parserInput(headers: HeaderIndex, conf: RelayConfig): { line: string; synthetic: boolean }[] {
  const lines = headers.values('Received').map((line) => ({ line, synthetic: false }));
  for (const name of conf.originatingIpHeaders) {
    const values = headers.values(name);
    const last = values[values.length - 1];
    const ip = last === undefined ? undefined : FIRST_IP.exec(last)?.[1];
    if (ip) lines.push({ line: `from X-Originating-IP: ${ip}\n`, synthetic: true });
  }
  return lines;
}

function toRelay(p: ParsedRelay, headerIndex: number, line: string, envfromOverride: string | undefined): AnalyzedRelay {
  const envfrom = envfromOverride ?? p.envfrom;
  const parsed: ParsedRelay = { ...p, envfrom };
  return {
    ip: p.ip, rdns: p.rdns, helo: p.helo, by: p.by, ident: p.ident, envfrom: envfrom ?? '', id: p.id, auth: p.auth,
    ipPrivate: p.ipPrivate, internal: false, msa: false, headerIndex, line,
    asString: relayString(parsed, false, false), noReverseDns: p.noReverseDns, envfromGiven: envfrom !== undefined,
  };
}

function placeRelay(w: Walk, p: ParsedRelay, entry: ReceivedEntry, carried: string | undefined): void {
  const relay = toRelay(p, entry.synthetic ? -1 : entry.index, entry.line, carried);
  if (w.inTrusted && !w.foundMsa) relay.msa = w.policy.step(p, w);
  relay.internal = w.inInternal;
  relay.asString = relayString({ ...p, envfrom: carried ?? p.envfrom }, relay.internal, relay.msa);
  w.lists[w.inTrusted ? 'trusted' : 'untrusted'].push(relay);
  w.allowFetchMarkers = w.inTrusted;
  if (w.inTrusted) w.lastTrusted++;
  w.lists[w.inInternal ? 'internal' : 'external'].push(relay);
  if (w.inInternal) w.lastInternal++;
  w.all.push(relay);
  entry.relay = relay;
}

function onFetcher(w: Walk, entry: ReceivedEntry): void {
  entry.fetcherMarker = w.allowFetchMarkers ? 'restart' : 'ignored';
  if (!w.allowFetchMarkers) return;
  w.lists.trusted = [];
  w.lists.internal = [];
  w.lists.external = [];
}

function walkLine(w: Walk, index: number, line: string, synthetic: boolean): void {
  const carried = w.carryEnvfrom;
  w.carryEnvfrom = undefined;
  const unfolded = line.replace(/\n[ \t]+/g, ' ');
  const entry: ReceivedEntry = { index, status: 'skipped', line: unfolded, synthetic };
  w.entries.push(entry);
  const result = parseReceivedLine(unfolded);
  if (result.kind === 'relay') {
    entry.status = 'relay';
    placeRelay(w, result.relay, entry, perlTrue(carried) ? carried : undefined);
    return;
  }
  if (result.kind === 'unparseable') {
    entry.status = 'unparseable';
    w.unparseable++;
  } else {
    if (result.fetcher) onFetcher(w, entry);
    w.carryEnvfrom = result.carryEnvfrom;
  }
  if (w.inTrusted) w.lastTrusted++;
  if (w.inInternal) w.lastInternal++;
}

function listsOf(w: Walk, relay: AnalyzedRelay): RelayListName[] {
  const names: RelayListName[] = ['trusted', 'untrusted', 'internal', 'external'];
  return names.filter((n) => w.lists[n].includes(relay));
}

function joined(relays: readonly AnalyzedRelay[]): string {
  return relays.map((r) => r.asString).join(' ');
}

export function analyzeRelays(msg: RelayInput, conf: RelayConfig, opts: RelayOptions = {}): RelayAnalysisDetail {
  const w: Walk = {
    policy: trustPolicy(conf, opts.originating ?? false),
    inTrusted: true, inInternal: true, foundMsa: false, allowFetchMarkers: true,
    lastTrusted: -1, lastInternal: -1, unparseable: 0, carryEnvfrom: undefined,
    lists: { trusted: [], untrusted: [], internal: [], external: [] }, all: [], entries: [],
  };
  const headers = new HeaderIndex(msg.crlf, msg.headers);
  parserInput(headers, conf).forEach(({ line, synthetic }, i) => walkLine(w, i, line, synthetic));
  for (const e of w.entries) if (e.relay) e.lists = listsOf(w, e.relay);
  const { trusted, untrusted, internal, external } = w.lists;
  const hop = (r: AnalyzedRelay | undefined) => (r ? { envfrom: r.envfromGiven ? r.envfrom : undefined } : undefined);
  return {
    trusted, untrusted, internal, external, all: w.all, entries: w.entries,
    numRelaysUnparseable: w.unparseable,
    lastTrustedRelayIndex: w.lastTrusted,
    lastInternalRelayIndex: w.lastInternal,
    relaysTrustedStr: joined(trusted),
    relaysUntrustedStr: joined(untrusted),
    relaysInternalStr: joined(internal),
    relaysExternalStr: joined(external),
    envelopeFrom: decideEnvelopeFrom(headers, conf, hop(untrusted[0]), hop(trusted[trusted.length - 1])),
  };
}
