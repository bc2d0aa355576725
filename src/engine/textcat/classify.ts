/**
 * TextCat's decision (Mail::SpamAssassin::Plugin::TextCat classify): each
 * active model's distance from the text's n-gram profile, the languages
 * close enough to the best, and "unknown" when too many are.
 *
 * The distance of a model is, over the profile's n-grams in rank order
 * (position i from 0), |rank in the model - i| when the model lists the
 * n-gram and textcat_max_ngrams when it does not. A language's distance is
 * its best model's (`de` and `de.utf8` both count as `de`).
 */
import { perlFixed, perlNumber } from '../report/perl-format.js';
import type { LanguageModels } from './language-models.js';
import { ngramProfile } from './ngram-profile.js';

export interface ClassifySettings {
  maxNgrams: number;
  optimalNgrams: number;
  /** textcat_acceptable_score: languages whose distance is below this times the best one's are kept too. */
  acceptableScore: number;
  /** textcat_max_languages: more candidates than this and the answer is "unknown" (none). */
  maxLanguages: number;
  /** Language codes (model names before the dot) left out. */
  skip: ReadonlySet<string>;
}

export interface Classification {
  /** The languages found, best first; empty when unknown. */
  languages: string[];
  /** `_TEXTCATRESULTS_`: the 20 best languages with their distances and ratio to the best. */
  ranking: string;
}

const RANKING_SHOWN = 20;

export function classifyText(models: LanguageModels, text: string, settings: ClassifySettings): Classification {
  const profile = ngramProfile(text, { maxNgrams: settings.maxNgrams, optimalNgrams: settings.optimalNgrams });
  const distances = modelDistances(models, profile, settings.maxNgrams);
  const ranked = rankLanguages(models, distances, settings.skip);
  return { languages: acceptedLanguages(ranked, settings), ranking: rankingTag(ranked) };
}

/** Every model's distance; the whole profile costs `maxNgrams` each, and each n-gram a model lists refunds the difference. */
function modelDistances(models: LanguageModels, profile: Float64Array, penalty: number): Float64Array {
  const distances = new Float64Array(models.names.length).fill(profile.length * penalty);
  const { ngrams, entryStart, entryModel, entryRank } = models;
  for (let i = 0; i < profile.length; i++) {
    const index = ngrams.get(profile[i] as number);
    if (index < 0) continue;
    for (let e = entryStart[index] as number; e < (entryStart[index + 1] as number); e++) {
      distances[entryModel[e] as number]! += Math.abs((entryRank[e] as number) - i) - penalty;
    }
  }
  return distances;
}

interface RankedLanguage {
  name: string;
  distance: number;
}

/**
 * Active languages, nearest first. Languages at the same distance keep the
 * models file's order: SpamAssassin sorts a Perl hash there, so its order
 * for ties changes from run to run.
 */
function rankLanguages(models: LanguageModels, distances: Float64Array, skip: ReadonlySet<string>): RankedLanguage[] {
  const best = new Map<string, RankedLanguage>();
  for (let m = 0; m < models.names.length; m++) {
    if (skip.has(models.shortNames[m] as string)) continue;
    const name = models.reportedNames[m] as string;
    const distance = distances[m] as number;
    const seen = best.get(name);
    if (seen === undefined) best.set(name, { name, distance });
    else if (seen.distance > distance) seen.distance = distance;
  }
  return [...best.values()].sort((a, b) => a.distance - b.distance);
}

function acceptedLanguages(ranked: readonly RankedLanguage[], settings: ClassifySettings): string[] {
  const first = ranked[0];
  if (first === undefined) return [];
  const cutoff = settings.acceptableScore * first.distance;
  let count = 1;
  while (count < ranked.length && (ranked[count] as RankedLanguage).distance < cutoff) count++;
  return count > settings.maxLanguages ? [] : ranked.slice(0, count).map((r) => r.name);
}

function rankingTag(ranked: readonly RankedLanguage[]): string {
  const best = ranked[0]?.distance ?? 0;
  return ranked
    .slice(0, RANKING_SHOWN)
    .map((r) => `${r.name}:${perlNumber(r.distance)}(${best !== 0 ? ratioText(r.distance / best) : 'unknown'})`)
    .join(' ');
}

/**
 * sprintf("%.02f") of a ratio. toFixed differs from Perl only on exact
 * binary ties, and a double lies exactly halfway between two hundredths only
 * when it is an odd number of eighths; the exact (slower) formatting is kept
 * for those.
 */
function ratioText(ratio: number): string {
  return Number.isInteger(ratio * 8) ? perlFixed(ratio, 2) : ratio.toFixed(2);
}
