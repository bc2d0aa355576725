/**
 * AWL-style sender reputation (SpamAssassin's AWL plugin): the mean score of
 * earlier mail from the same From address and originating IP block pulls
 * the current score toward it by auto_welcomelist_factor. Runs after every
 * other rule (priority 1000); stores the pre-adjustment points.
 */
import type { EngineConfig } from '../config/types.js';
import type { RelayAnalysis } from '../message/analysis-types.js';
import { entryKey, ipBlockKey } from './ip-key.js';
import type { ReputationStore, ReputationTxn } from './reputation-store.js';

export interface AwlSettings {
  enabled: boolean;
  factor: number;
  ipv4MaskLen: number;
  ipv6MaskLen: number;
}

/** AWL is on only when its plugin is loaded and use_auto_welcomelist is not 0 (SpamAssassin's default state is off). */
export function awlSettings(conf: EngineConfig): AwlSettings {
  const opt = (k: string): string | undefined => conf.txrepOptions.get(k) ?? conf.other.get(k);
  const loaded = [...conf.plugins].some((p) => /(?:^|::)AWL$/.test(p));
  const use = opt('use_auto_welcomelist') ?? opt('use_auto_whitelist');
  const num = (k: string, d: number): number => (opt(k) !== undefined && Number.isFinite(Number(opt(k))) ? Number(opt(k)) : d);
  return {
    enabled: loaded && use !== '0' && use !== 'false',
    factor: Math.min(1, Math.max(0, num('auto_welcomelist_factor', 0.5))),
    ipv4MaskLen: num('auto_welcomelist_ipv4_mask_len', 16),
    ipv6MaskLen: num('auto_welcomelist_ipv6_mask_len', 48),
  };
}

export interface AwlHit {
  name: string;
  score: number;
}

export interface AwlInput {
  conf: EngineConfig;
  /** Lower-cased first From address (`From:addr`). */
  from: string;
  relays: RelayAnalysis;
  /** Scored hits so far with their current-set scores. */
  hits: readonly AwlHit[];
  /** False for test runs (spamassassin -t): compute, store nothing. */
  update: boolean;
  now?: number;
}

export interface AwlResult {
  /** The score adjustment (0 = no AWL hit). */
  delta: number;
  mean: number | undefined;
  count: number;
  prescore: number;
  skipped?: string;
}

/** The originating IP: oldest relay (trusted then untrusted, reversed) that is not private. */
export function originatingIp(relays: RelayAnalysis): string | undefined {
  return [...relays.trusted, ...relays.untrusted].reverse().find((r) => r.ip !== '' && !r.ipPrivate)?.ip;
}

function hasFlag(conf: EngineConfig, name: string, flag: string): boolean {
  return conf.tflags.get(name)?.[flag] !== undefined;
}

interface Prepared {
  points: number;
  key: string;
  noneKey: string;
  now: number;
}

/** The entries a message's AWL reads (address + IP block, and the address's `ip=none`), known once the message is parsed. */
export function awlEntryKeys(from: string, relays: RelayAnalysis, settings: AwlSettings): string[] {
  if (!settings.enabled || from === '') return [];
  const key = entryKey(from, ipBlockKey(originatingIp(relays), settings.ipv4MaskLen, settings.ipv6MaskLen));
  const noneKey = entryKey(from, 'none');
  return key === noneKey ? [key] : [key, noneKey];
}

/** The pre-AWL points and the entry keys, or why AWL does nothing for this message. */
function prepare(input: AwlInput, settings: AwlSettings): Prepared | string {
  if (!settings.enabled) return 'disabled';
  if (input.from === '') return 'no From address';
  if (input.hits.some((h) => hasFlag(input.conf, h.name, 'noawl'))) return 'noawl rule hit';
  let points = 0;
  for (const h of input.hits) if (h.score !== 0 && !hasFlag(input.conf, h.name, 'noautolearn')) points += h.score;
  return {
    points: Number(points.toFixed(3)),
    key: entryKey(input.from, ipBlockKey(originatingIp(input.relays), settings.ipv4MaskLen, settings.ipv6MaskLen)),
    noneKey: entryKey(input.from, 'none'),
    now: input.now ?? Math.floor(Date.now() / 1000),
  };
}

/** The stored state for the entry, with a welcomelisted `ip=none` entry taking over an unseen (address, IP) pair. */
function lookup(tx: Pick<ReputationTxn, 'get'>, p: Prepared): { count: number; total: number; migrate: boolean } {
  const cur = tx.get(p.key);
  const fallback = tx.get(p.noneKey);
  if ((cur?.count ?? 0) === 0 && p.key !== p.noneKey && fallback && fallback.count > 0) return { count: fallback.count, total: fallback.total, migrate: true };
  return { count: cur?.count ?? 0, total: cur?.total ?? 0, migrate: false };
}

function result(state: { count: number; total: number }, p: Prepared, factor: number): AwlResult {
  const mean = state.count > 0 ? state.total / state.count : undefined;
  const delta = mean === undefined ? 0 : (mean - p.points) * factor;
  return { delta, mean, count: state.count, prescore: p.points };
}

/** Store this message's points: one read-modify-write transaction, so parallel scanners lose no update. */
function record(store: ReputationStore, p: Prepared, factor: number): Promise<AwlResult> {
  return store.transact((tx) => {
    const state = lookup(tx, p);
    if (state.migrate) tx.del(p.noneKey);
    tx.put(p.key, { count: state.count + 1, total: state.total + p.points, lastHit: p.now });
    return result(state, p, factor);
  });
}

export async function awlAdjust(store: ReputationStore, input: AwlInput, settings = awlSettings(input.conf)): Promise<AwlResult> {
  const p = prepare(input, settings);
  if (typeof p === 'string') return { delta: 0, mean: undefined, count: 0, prescore: 0, skipped: p };
  if (!input.update || store.readOnly) {
    // A shared (Redis) store answers reads with promises: read both entries first.
    const cur = await store.get(p.key);
    const fallback = await store.get(p.noneKey);
    return result(lookup({ get: (k) => (k === p.key ? cur : fallback) }, p), p, settings.factor);
  }
  return record(store, p, settings.factor);
}

/** A plain read from a local store (memory, LMDB); scans only attach AWL to those. */
function localReader(store: ReputationStore): Pick<ReputationTxn, 'get'> {
  return {
    get: (k) => {
      const v = store.get(k);
      if (v instanceof Promise) throw new Error('AWL in a scan needs a local reputation store');
      return v;
    },
  };
}

/**
 * The scan-time form: the adjustment now, from a plain read (rules run
 * synchronously; a shared store's entries are read before the scan and
 * passed as `reader`), and the store update as a promise that commits later.
 */
export function awlScan(store: ReputationStore, input: AwlInput, settings = awlSettings(input.conf), reader?: Pick<ReputationTxn, 'get'>): { result: AwlResult; update?: Promise<AwlResult> } {
  const p = prepare(input, settings);
  if (typeof p === 'string') return { result: { delta: 0, mean: undefined, count: 0, prescore: 0, skipped: p } };
  const now = result(lookup(reader ?? localReader(store), p), p, settings.factor);
  if (!input.update || store.readOnly) return { result: now };
  return { result: now, update: record(store, p, settings.factor) };
}
