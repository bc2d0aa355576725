/**
 * The Shortcircuit plugin at scan time. Every hit is looked at as it is
 * recorded (SpamAssassin's hit_rule, before the hit's own score is added):
 * a rule listed with `shortcircuit`, or a running score past
 * `shortcircuit_min_ham_score` / `shortcircuit_max_spam_score`, ends the
 * scan. The stage of rules under way finishes, nothing after it runs (later
 * stages and priorities, the metas not yet evaluated, AWL and TxRep at their
 * priority 1000, network lookups not yet launched), auto-learning is off, and
 * the symbolic rule SHORTCIRCUIT hits with the classification's score.
 */
import { shortcircuitRules } from '../config/shortcircuit-directive.js';
import type { EngineConfig } from '../config/types.js';
import { perlNumber } from '../report/perl-format.js';
import type { ScanState } from './scan-state.js';

export const SHORTCIRCUIT_PLUGIN = 'Mail::SpamAssassin::Plugin::Shortcircuit';
const SYMBOLIC_RULE = 'SHORTCIRCUIT';

export interface ShortcircuitOutcome {
  type: 'spam' | 'ham';
  /** The listed rule that hit; undefined when a score threshold ended the scan. */
  rule: string | undefined;
  /** The priority being evaluated when it happened (Infinity: after the priorities, in the final pass). */
  priority: number;
}

interface Settings {
  rules: ReadonlyMap<string, string>;
  minHam: number | undefined;
  maxSpam: number | undefined;
  spamScore: number;
  hamScore: number;
}

const settingsCache = new WeakMap<EngineConfig, Settings | null>();

/** What the plugin acts on; null when it is not loaded or nothing can shortcircuit. */
function settingsOf(conf: EngineConfig): Settings | null {
  let s = settingsCache.get(conf);
  if (s !== undefined) return s;
  s = null;
  if (conf.plugins.has(SHORTCIRCUIT_PLUGIN)) {
    const num = (key: string): number | undefined => {
      const v = conf.other.get(key);
      return v === undefined || v === '' ? undefined : Number(v);
    };
    const rules = shortcircuitRules(conf);
    const minHam = num('shortcircuit_min_ham_score');
    const maxSpam = num('shortcircuit_max_spam_score');
    if (rules.size > 0 || minHam !== undefined || maxSpam !== undefined) {
      s = { rules, minHam, maxSpam, spamScore: num('shortcircuit_spam_score') ?? 100, hamScore: num('shortcircuit_ham_score') ?? -100 };
    }
  }
  settingsCache.set(conf, s);
  return s;
}

/** Whether a scan under this configuration can be shortcircuited (the rules then run priority by priority with their metas). */
export function shortcircuitArmed(conf: EngineConfig): boolean {
  return settingsOf(conf) !== null;
}

/** Starts watching the scan's hits; a no-op when nothing can shortcircuit. */
export function armShortcircuit(state: ScanState): void {
  const s = settingsOf(state.conf);
  if (s === null) return;
  const hits = state.hits;
  const symbolicHit = (score: number): void => {
    if (hits.hit(SYMBOLIC_RULE, score, '', false)) (hits.scoreTexts ??= new Map()).set(SYMBOLIC_RULE, perlNumber(score));
  };
  // A const first, then the property (docs/conventions.md: a closure written straight into a property is old-generation).
  const onHit = (rule: string, score: number): void => {
    if (state.shortcircuit) return;
    const total = hits.total;
    if ((s.minHam !== undefined && total < s.minHam) || (s.maxSpam !== undefined && total > s.maxSpam)) {
      const type = total < 0 ? 'ham' : 'spam';
      state.shortcircuit = { type, rule: undefined, priority: state.priority };
      symbolicHit(type === 'ham' ? -0.001 : 0.001);
    }
    const listed = s.rules.get(rule);
    if (listed === undefined) return;
    if (listed === 'on') {
      // A rule's own score decides the classification; SHORTCIRCUIT adds next to nothing.
      state.shortcircuit = { type: score < 0 ? 'ham' : 'spam', rule, priority: state.priority };
      symbolicHit(score < 0 ? -0.0001 : 0.0001);
    } else {
      state.shortcircuit = { type: listed === 'ham' ? 'ham' : 'spam', rule, priority: state.priority };
      symbolicHit(listed === 'ham' ? s.hamScore : s.spamScore);
    }
  };
  hits.onHit = onHit;
}

/**
 * The plugin's tags (`_SC_`, `_SCRULE_`, `_SCTYPE_`) and its item of spamd's
 * result line, set whenever the plugin is loaded.
 */
export function shortcircuitTags(state: ScanState): void {
  if (!state.conf.plugins.has(SHORTCIRCUIT_PLUGIN)) return;
  const sc = state.shortcircuit;
  state.setTag('SC', sc?.rule ? `${sc.rule} (${sc.type})` : 'no');
  state.setTag('SCRULE', sc?.rule ?? 'none');
  state.setTag('SCTYPE', sc?.type ?? 'no');
  state.resultLogItems.push(`shortcircuit=${sc?.type ?? 'no'}`);
}
