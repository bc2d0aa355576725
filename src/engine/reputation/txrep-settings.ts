/**
 * TxRep's settings as SpamAssassin 4.0.1 reads them: the plugin must be
 * loaded and `use_txrep` on; a value outside a setting's range is refused
 * (SpamAssassin reports it and keeps the default), so it is read as the
 * default here too.
 */
import type { EngineConfig } from '../config/types.js';

/** The identities whose weights a configuration sets (`txrep_weight_<name>`). */
export type TxRepIdentity = 'EMAIL_IP' | 'EMAIL' | 'DOMAIN' | 'IP' | 'HELO';

export interface TxRepSettings {
  /** Plugin loaded and use_txrep on. */
  enabled: boolean;
  /** AWL is loaded and on: TxRep refuses to run (SpamAssassin warns on every message). */
  refusedForAwl: boolean;
  factor: number;
  weights: Readonly<Record<TxRepIdentity, number>>;
  ipv4MaskLen: number;
  ipv6MaskLen: number;
  trackMessages: boolean;
  learnPenalty: number;
  learnBonus: number;
  /** txrep_autolearn: 0 leaves reputations alone when a scan auto-learns. */
  autolearn: number;
  welcomelistOut: number;
  useSpf: boolean;
  distinguishSigned: boolean;
  /** txrep_report_details: 1 lists each identity under TXREP in the report, 2 adds its mean and count. */
  reportDetails: 0 | 1 | 2;
  /**
   * The dilution factor the stored totals are aged with. Always undefined:
   * SpamAssassin 4.0.1 keeps `txrep_dilution_factor` in its configuration
   * but its update reads the value from the plugin object, where it is never
   * set, so no total is ever diluted. Kept as a field so the arithmetic is
   * here (and tested) for the day SpamAssassin applies it.
   */
  dilutionFactor: number | undefined;
}

const DISABLED_TOO = new Set(['0', 'false', '']);

function pluginLoaded(conf: EngineConfig, name: string): boolean {
  const re = new RegExp(`(?:^|::)${name}$`);
  return [...conf.plugins].some((p) => re.test(p));
}

/** A numeric setting, or its default when unset or outside [min, max] (SpamAssassin's INVALID_VALUE). */
function ranged(conf: EngineConfig, key: string, def: number, min: number, max: number, integer = false): number {
  const raw = conf.other.get(key);
  if (raw === undefined) return def;
  if (integer && !/^\d+$/.test(raw.trim())) return def;
  const v = Number(raw);
  return Number.isFinite(v) && v >= min && v <= max ? v : def;
}

function flag(conf: EngineConfig, key: string, def: boolean): boolean {
  const raw = conf.other.get(key);
  return raw === undefined ? def : !DISABLED_TOO.has(raw.trim());
}

export function txrepSettings(conf: EngineConfig): TxRepSettings {
  const awlOn = pluginLoaded(conf, 'AWL') && flag(conf, 'use_auto_welcomelist', true);
  return {
    enabled: pluginLoaded(conf, 'TxRep') && flag(conf, 'use_txrep', false),
    refusedForAwl: awlOn,
    factor: ranged(conf, 'txrep_factor', 0.5, 0, 1),
    weights: {
      EMAIL_IP: ranged(conf, 'txrep_weight_email_ip', 10, 0, 10),
      EMAIL: ranged(conf, 'txrep_weight_email', 3, 0, 10),
      DOMAIN: ranged(conf, 'txrep_weight_domain', 2, 0, 10),
      IP: ranged(conf, 'txrep_weight_ip', 4, 0, 10),
      HELO: ranged(conf, 'txrep_weight_helo', 0.5, 0, 10),
    },
    ipv4MaskLen: ranged(conf, 'txrep_ipv4_mask_len', 16, 0, 32, true),
    ipv6MaskLen: ranged(conf, 'txrep_ipv6_mask_len', 48, 0, 128, true),
    trackMessages: flag(conf, 'txrep_track_messages', true),
    learnPenalty: ranged(conf, 'txrep_learn_penalty', 20, 0, 200),
    learnBonus: ranged(conf, 'txrep_learn_bonus', 20, 0, 200),
    autolearn: ranged(conf, 'txrep_autolearn', 0, 0, 5),
    welcomelistOut: ranged(conf, 'txrep_welcomelist_out', 10, 0, 200),
    useSpf: flag(conf, 'txrep_spf', true),
    distinguishSigned: flag(conf, 'auto_welcomelist_distinguish_signed', true),
    reportDetails: reportDetails(conf),
    dilutionFactor: undefined,
  };
}

/** SpamAssassin accepts only the words 0, 1 and 2 here. */
function reportDetails(conf: EngineConfig): 0 | 1 | 2 {
  const raw = conf.other.get('txrep_report_details')?.trim();
  return raw === '1' ? 1 : raw === '2' ? 2 : 0;
}

/** Whether scans run TxRep with this configuration (loaded, on, and not blocked by AWL). */
export function txrepActive(s: TxRepSettings): boolean {
  return s.enabled && !s.refusedForAwl;
}
