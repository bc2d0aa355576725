/**
 * TextCat's options as the plugin reads them, with its defaults (TextCat.pm
 * set_config). They live in the configuration's generic map, since they only
 * exist while the plugin is loaded.
 */
import type { EngineConfig } from '../config/types.js';
import type { ClassifySettings } from './classify.js';

/** Languages with fewer than about five million speakers, left out unless ok_languages names them. */
const DEFAULT_INACTIVE = 'bs cy eo et eu fy ga gd is la lt lv rm sa sco sl yi';

const DEFAULTS = {
  textcat_max_languages: 3,
  textcat_optimal_ngrams: 0,
  textcat_max_ngrams: 400,
  textcat_acceptable_score: 1.02,
} as const;

/** `split(/\s+/, …)`: the words of a setting (a leading empty word cannot match a language, so it is dropped). */
export function languageWords(value: string): string[] {
  return value.split(/[\t\n\x0b\f\r ]+/).filter((w) => w !== '');
}

export function classifySettings(conf: EngineConfig): ClassifySettings {
  const skip = new Set(languageWords(conf.other.get('inactive_languages') ?? DEFAULT_INACTIVE));
  // Naming a language in ok_languages turns it back on.
  for (const ok of languageWords(conf.okLanguages)) skip.delete(ok);
  return {
    maxNgrams: numeric(conf, 'textcat_max_ngrams'),
    optimalNgrams: numeric(conf, 'textcat_optimal_ngrams'),
    acceptableScore: numeric(conf, 'textcat_acceptable_score'),
    maxLanguages: numeric(conf, 'textcat_max_languages'),
    skip,
  };
}

function numeric(conf: EngineConfig, name: keyof typeof DEFAULTS): number {
  const value = conf.other.get(name);
  return value === undefined ? DEFAULTS[name] : Number(value);
}
