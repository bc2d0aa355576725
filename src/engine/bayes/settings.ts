/**
 * Typed view of the bayes_* settings. The config parser keeps them as strings
 * in `bayesOptions` / `lists`; this reads them once with SpamAssassin 4.0.1's
 * defaults so the tokenizer and classifier never look at raw config text.
 */
import type { EngineConfig } from '../config/types.js';

export type TokenSource = 'header' | 'visible' | 'invisible' | 'uri' | 'mimepart';

export interface BayesSettings {
  maxTokenLength: number;
  useHapaxes: boolean;
  minSpamNum: number;
  minHamNum: number;
  tokenSources: Set<TokenSource>;
  /** Lower-cased header names never tokenized (bayes_ignore_header). */
  ignoreHeaders: Set<string>;
  /** One case-insensitive anchored regex per enabled stopword language. */
  stopwords: RegExp[];
  autoLearn: boolean;
  autoLearnThresholdSpam: number;
  autoLearnThresholdNonspam: number;
  autoLearnOnError: boolean;
  autoExpire: boolean;
  expiryMaxDbSize: number;
  learnDuringReport: boolean;
}

const ALL_SOURCES: readonly TokenSource[] = ['header', 'visible', 'invisible', 'uri', 'mimepart'];
const DEFAULT_SOURCES: readonly TokenSource[] = ['header', 'visible', 'invisible', 'uri'];

export function bayesSettings(conf: EngineConfig): BayesSettings {
  const opt = (k: string): string | undefined => conf.bayesOptions.get(k) ?? conf.other.get(k);
  return {
    maxTokenLength: num(opt('bayes_max_token_length'), 15),
    useHapaxes: bool(opt('bayes_use_hapaxes'), true),
    minSpamNum: num(opt('bayes_min_spam_num'), 200),
    minHamNum: num(opt('bayes_min_ham_num'), 200),
    tokenSources: tokenSources(conf.lists.get('bayes_token_sources') ?? []),
    ignoreHeaders: new Set((conf.lists.get('bayes_ignore_header') ?? []).map((h) => h.toLowerCase())),
    stopwords: stopwordRegexes(conf),
    autoLearn: conf.bayesAutoLearn,
    autoLearnThresholdSpam: conf.bayesAutoLearnThresholdSpam,
    autoLearnThresholdNonspam: conf.bayesAutoLearnThresholdNonspam,
    autoLearnOnError: bool(opt('bayes_auto_learn_on_error'), false),
    autoExpire: bool(opt('bayes_auto_expire'), true),
    expiryMaxDbSize: num(opt('bayes_expiry_max_db_size'), 150000),
    learnDuringReport: bool(opt('bayes_learn_during_report'), true),
  };
}

function num(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? n : dflt;
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return !(v === '0' || v === 'false' || v === '');
}

/** bayes_token_sources: keywords applied left to right over the default set. */
export function tokenSources(words: readonly string[]): Set<TokenSource> {
  const set = new Set<TokenSource>(DEFAULT_SOURCES);
  for (const raw of words.flatMap((w) => w.toLowerCase().split(/[\s,]+/)).filter(Boolean)) {
    if (raw === 'all') ALL_SOURCES.forEach((s) => set.add(s));
    else if (raw === 'none' || raw === 'noall') set.clear();
    else if (raw.startsWith('no') && (ALL_SOURCES as readonly string[]).includes(raw.slice(2))) set.delete(raw.slice(2) as TokenSource);
    else if ((ALL_SOURCES as readonly string[]).includes(raw)) set.add(raw as TokenSource);
  }
  return set;
}

/**
 * The Bayes plugin's own English list, used when no configuration file
 * defines `bayes_stopword_en` (a rule set without 60_bayes_stopwords.cf).
 * Unlike a configured list it is neither anchored nor case-insensitive: a
 * token is dropped when it merely contains one of these words ("Another"
 * holds "the"), as SpamAssassin's fallback does.
 */
const BUILT_IN_EN_STOPWORDS = new RegExp(
  [
    'able', 'all', 'already', 'and', 'any', 'are', 'because', 'both', 'can', 'come', 'each', 'email', 'even', 'few',
    'first', 'for', 'from', 'give', 'has', 'have', 'http', 'information', 'into', "it's", 'just', 'know', 'like',
    'long', 'look', 'made', 'mail', 'make', 'many', 'more', 'most', 'much', 'need', 'not', 'now', 'number', 'off',
    'one', 'only', 'out', 'own', 'people', 'place', 'right', 'same', 'see', 'such', 'that', 'the', 'this', 'through',
    'time', 'using', 'web', 'where', 'why', 'with', 'work', 'world', 'year', 'you',
  ].join('|'),
);

/**
 * The Bayes plugin keeps only the last regex given for a language, and drops
 * enabled languages that have none (English always has the built-in list).
 * Perl's `(?i)` becomes the `i` flag.
 */
function stopwordRegexes(conf: EngineConfig): RegExp[] {
  const langs = stopwordLanguages(conf);
  const out: RegExp[] = [];
  for (const lang of langs) {
    const list = conf.bayesStopwords.get(lang);
    const last = list?.[list.length - 1];
    if (last === undefined) {
      if (lang === 'en') out.push(BUILT_IN_EN_STOPWORDS);
      continue;
    }
    try {
      out.push(new RegExp(`^(?:${last.replace(/\\'/g, "'")})$`, 'i'));
    } catch {
      // SpamAssassin warns and ignores a stopword regex it cannot compile.
    }
  }
  return out;
}

function stopwordLanguages(conf: EngineConfig): string[] {
  const raw = conf.lists.get('bayes_stopword_languages') ?? conf.other.get('bayes_stopword_languages')?.split(/(?:\s*,\s*|\s+)/);
  if (raw === undefined || raw.length === 0) return ['en'];
  if (raw.length === 1 && raw[0] === 'disable') return [];
  return raw.map((l) => l.toLowerCase()).filter((l) => /^[a-z]{2}$/.test(l));
}
