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

export async function awlAdjust(store: ReputationStore, input: AwlInput, settings = awlSettings(input.conf)): Promise<AwlResult> {
  const none = (skipped: string): AwlResult => ({ delta: 0, mean: undefined, count: 0, prescore: 0, skipped });
  if (!settings.enabled) return none('disabled');
  if (input.from === '') return none('no From address');
  if (input.hits.some((h) => hasFlag(input.conf, h.name, 'noawl'))) return none('noawl rule hit');
  let points = 0;
  for (const h of input.hits) if (h.score !== 0 && !hasFlag(input.conf, h.name, 'noautolearn')) points += h.score;
  points = Number(points.toFixed(3));
  const key = entryKey(input.from, ipBlockKey(originatingIp(input.relays), settings.ipv4MaskLen, settings.ipv6MaskLen));
  const noneKey = entryKey(input.from, 'none');
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const compute = (tx: Pick<ReputationTxn, 'get'>): { count: number; total: number; migrate: boolean } => {
    const cur = tx.get(key);
    const fallback = tx.get(noneKey);
    if ((cur?.count ?? 0) === 0 && key !== noneKey && fallback && fallback.count > 0) return { count: fallback.count, total: fallback.total, migrate: true };
    return { count: cur?.count ?? 0, total: cur?.total ?? 0, migrate: false };
  };
  const apply = (state: { count: number; total: number }): AwlResult => {
    const mean = state.count > 0 ? state.total / state.count : undefined;
    const delta = mean === undefined ? 0 : (mean - points) * settings.factor;
    return { delta, mean, count: state.count, prescore: points };
  };
  if (!input.update || store.readOnly) {
    const cur = await store.get(key);
    const fallback = await store.get(noneKey);
    return apply(compute({ get: (k) => (k === key ? cur : fallback) }));
  }
  return store.transact((tx) => {
    const state = compute(tx);
    if (state.migrate) tx.del(noneKey);
    tx.put(key, { count: state.count + 1, total: state.total + points, lastHit: now });
    return apply(state);
  });
}

/** spamassassin --add-addr-to-welcomelist / blocklist: an `ip=none` entry worth −100 / +100. */
export function addKnownAddress(store: ReputationStore, addr: string, good: boolean, now = Math.floor(Date.now() / 1000)): Promise<void> {
  return store.transact((tx) => {
    tx.put(entryKey(addr, 'none'), { count: 1, total: good ? -100 : 100, lastHit: now });
  });
}

/** spamassassin --remove-addr-from-welcomelist: drop the `ip=none` entry. */
export function removeAddress(store: ReputationStore, addr: string): Promise<boolean> {
  return store.transact((tx) => {
    const k = entryKey(addr, 'none');
    const had = tx.get(k) !== undefined;
    tx.del(k);
    return had;
  });
}
