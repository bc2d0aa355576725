/**
 * SpamAssassin's auto-learn decision (PerMsgStatus `_get_autolearn_points`
 * plus the AutoLearnThreshold plugin): points in the non-Bayes score set,
 * split into header and body points, with the learner's own opinion
 * (`learned points` from the BAYES_* rules) as a brake.
 */
import type { EngineConfig, RuleType } from '../config/types.js';
import { bayesSettings, type BayesSettings } from './settings.js';

export interface AutoLearnPoints {
  points: number;
  headPoints: number;
  bodyPoints: number;
  learnedPoints: number;
  forceNames: string[];
}

export interface AutoLearnInput {
  conf: EngineConfig;
  /** Score set the scan used (bit 2 = Bayes). */
  scoreSet: number;
  /** Scored rules hit, in hit order (`__` sub-rules excluded; duplicates allowed). */
  testsHit: readonly string[];
  /** The final message score and required_score, for is_spam(). */
  score: number;
  requiredScore: number;
}

export type AutoLearnClass = 'spam' | 'ham';

export interface AutoLearnDecision {
  /** The class to learn, or undefined for "no". */
  learnAs: AutoLearnClass | undefined;
  points: AutoLearnPoints;
  /** `autolearn_force=` part of the status: `no`, or `yes (NAMES,)`. */
  forceStatus: string;
}

type Kind = 'head' | 'body' | 'meta' | '';

const KIND_BY_TYPE: Readonly<Record<RuleType, Kind>> = {
  header: 'head', body: 'body', rawbody: 'body', uri: 'body', mimeheader: 'body', full: '', meta: 'meta', empty: '', uri_detail: 'body',
} as Record<RuleType, Kind>;

function kindOf(conf: EngineConfig, name: string): Kind {
  const def = conf.rules.get(name);
  return def ? (KIND_BY_TYPE[def.type] ?? '') : '';
}

const round3 = (n: number): number => Number(n.toFixed(3));

function hasFlag(conf: EngineConfig, name: string, flag: string): boolean {
  return conf.tflags.get(name)?.[flag] !== undefined;
}

/** Direct rule dependencies of a meta rule: the identifiers in its expression that name rules. */
function metaDependencies(conf: EngineConfig, name: string): string[] {
  const def = conf.rules.get(name);
  if (!def || def.test.kind !== 'meta') return [];
  return [...new Set(def.test.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((id) => conf.rules.has(id));
}

export function autoLearnPoints(input: AutoLearnInput): AutoLearnPoints {
  const { conf } = input;
  const set = input.scoreSet & 2 ? input.scoreSet & ~2 : input.scoreSet;
  const out: AutoLearnPoints = { points: 0, headPoints: 0, bodyPoints: 0, learnedPoints: 0, forceNames: [] };
  for (const name of new Set(input.testsHit)) {
    if (hasFlag(conf, name, 'noautolearn') || hasFlag(conf, name, 'userconf')) continue;
    if (hasFlag(conf, name, 'learn')) {
      out.learnedPoints += conf.scores.get(name)?.[input.scoreSet] ?? 0;
      continue;
    }
    if (hasFlag(conf, name, 'autolearn_force')) out.forceNames.push(name);
    const score = conf.scores.get(name)?.[set] ?? 0;
    if (!score) continue;
    const forced = hasFlag(conf, name, 'autolearn_header') ? 'head' : hasFlag(conf, name, 'autolearn_body') ? 'body' : '';
    const kind = forced || kindOf(conf, name);
    if (kind === 'head') out.headPoints += score;
    else if (kind === 'body') out.bodyPoints += score;
    else if (kind === 'meta') splitMeta(conf, name, score, out);
    out.points += score;
  }
  out.points = round3(out.points);
  return out;
}

function splitMeta(conf: EngineConfig, name: string, score: number, out: AutoLearnPoints): void {
  let head = 0;
  let body = 0;
  for (const dep of metaDependencies(conf, name)) {
    const k = kindOf(conf, dep);
    if (k === 'head') head++;
    else if (k === 'body') body++;
  }
  if (head + body === 0) return;
  out.headPoints += round3(score * (head / (head + body)));
  out.bodyPoints += round3(score * (body / (head + body)));
}

/**
 * The `_AUTOLEARN_` text when the learn cannot or did not happen, in
 * SpamAssassin's order (PerMsgStatus `learn`): the decision comes first, so
 * a message it would not learn says `no` even without a usable store; a
 * message it would learn but did not (the store could not be read or
 * written, the message was learned already and a scan never relearns, it is
 * ignored) says `unavailable`. Both carry the ` autolearn_force=` part.
 */
export function autoLearnNotDone(decision: AutoLearnDecision): string {
  return `${decision.learnAs === undefined ? 'no' : 'unavailable'} autolearn_force=${decision.forceStatus}`;
}

/** Settings per configuration, for scans without a classifier (which keeps its own). */
const settingsOf = new WeakMap<EngineConfig, BayesSettings>();

/** The `_AUTOLEARN_` text of a scan with no Bayes store to learn into (it could not be opened). */
export function autoLearnWithoutStore(input: AutoLearnInput): string {
  const conf = input.conf;
  if (!conf.bayesAutoLearn || !conf.useBayes) return 'disabled';
  let settings = settingsOf.get(conf);
  if (!settings) {
    settings = bayesSettings(conf);
    settingsOf.set(conf, settings);
  }
  return autoLearnNotDone(autoLearnDecision(input, settings));
}

/** The plugin that decides what to auto-learn; without it SpamAssassin learns nothing and says `no autolearn_force=no`. */
const THRESHOLD_PLUGIN = 'Mail::SpamAssassin::Plugin::AutoLearnThreshold';

export function autoLearnDecision(input: AutoLearnInput, settings: BayesSettings): AutoLearnDecision {
  const points = autoLearnPoints(input);
  if (!input.conf.plugins.has(THRESHOLD_PLUGIN)) return { learnAs: undefined, points, forceStatus: 'no' };
  const forced = points.forceNames.length > 0;
  const forceStatus = forced ? `yes (${points.forceNames.map((n) => `${n},`).join('')})` : 'no';
  return { learnAs: decide(input, settings, points, forced), points, forceStatus };
}

function decide(input: AutoLearnInput, settings: BayesSettings, p: AutoLearnPoints, forced: boolean): AutoLearnClass | undefined {
  const isSpam = input.score >= input.requiredScore;
  let cls: AutoLearnClass;
  if (p.points < settings.autoLearnThresholdNonspam) cls = 'ham';
  else if (p.points >= settings.autoLearnThresholdSpam) cls = 'spam';
  else return undefined;
  if (cls === 'spam') {
    const required = forced ? -99 : 3;
    if (p.bodyPoints < required || p.headPoints < required) return undefined;
    if (p.learnedPoints < -1.0 || !isSpam) return undefined;
  } else if (p.learnedPoints > 1.0 || isSpam) {
    return undefined;
  }
  if (settings.autoLearnOnError) {
    const hit = new Set(input.testsHit);
    if ((cls === 'spam' && hit.has('BAYES_99')) || (cls === 'ham' && hit.has('BAYES_00'))) return undefined;
  }
  return cls;
}
