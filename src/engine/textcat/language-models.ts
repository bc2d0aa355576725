/**
 * TextCat's language models: SpamAssassin's `languages` file, read once per
 * engine. The file is a list of n-grams, one a line, most frequent first,
 * each language's list ended by a line `0 NAME` (NAME such as `de`,
 * `de.utf8`, `ru.koi8-r`). An n-gram's rank in its language is its line
 * number within that list, from 1; a repeated n-gram keeps its last rank.
 *
 * Held as one table from n-gram to the (language, rank) pairs that list it,
 * so scoring a message looks each of its n-grams up once rather than once
 * per language.
 */
import { readFileSync } from 'node:fs';
import { ngramKeyOf } from './ngram-key.js';
import { NgramTable } from './ngram-table.js';

export interface LanguageModels {
  /** Model names in file order. */
  readonly names: readonly string[];
  /** Each model's name before its first dot (`ru` for `ru.koi8-r`): what inactive_languages and ok_languages name. */
  readonly shortNames: readonly string[];
  /** The name results are reported under: `.utf8` variants fold into their language, other encodings keep theirs. */
  readonly reportedNames: readonly string[];
  /** n-gram key → index into `entryStart`. */
  readonly ngrams: NgramTable;
  /** Entries of n-gram i: `entryStart[i]` up to `entryStart[i + 1]`. */
  readonly entryStart: Int32Array;
  readonly entryModel: Uint8Array;
  readonly entryRank: Int32Array;
}

/** Reads and indexes the models of a `languages` file; throws when it cannot be read. */
export function loadLanguageModels(path: string): LanguageModels {
  return parseLanguageModels(readFileSync(path).toString('latin1'));
}

/** Indexes the models in the text of a `languages` file (octets as latin1). */
export function parseLanguageModels(text: string): LanguageModels {
  const names: string[] = [];
  const perModel: Map<number, number>[] = [];
  let ranks = new Map<number, number>();
  let rank = 1;
  for (const line of text.split('\n')) {
    if (line.startsWith('0 ') && line.length > 2) {
      names.push(line.slice(2));
      perModel.push(ranks);
      ranks = new Map();
      rank = 1;
      continue;
    }
    // Lines no message n-gram can equal (longer than five octets) still take a rank.
    const key = ngramKeyOf(line);
    if (key >= 0) ranks.set(key, rank);
    rank++;
  }
  if (names.length > 255) throw new Error(`languages: ${names.length} models, at most 255 are supported`);
  return { names, shortNames: names.map(shortName), reportedNames: names.map(reportedName), ...indexEntries(perModel) };
}

function shortName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** SpamAssassin strips `.utf8` (the match depends on the mail's encoding anyway); `.utf-8` names stay whole. */
function reportedName(name: string): string {
  return name.indexOf('.utf8') > 0 ? shortName(name) : name;
}

function indexEntries(perModel: Map<number, number>[]): Pick<LanguageModels, 'ngrams' | 'entryStart' | 'entryModel' | 'entryRank'> {
  const ngrams = new NgramTable();
  const perNgram: number[] = [];
  let total = 0;
  for (const ranks of perModel) {
    for (const key of ranks.keys()) {
      let index = ngrams.get(key);
      if (index < 0) {
        index = perNgram.length;
        ngrams.set(key, index);
        perNgram.push(0);
      }
      perNgram[index]! += 1;
      total++;
    }
  }
  const entryStart = new Int32Array(perNgram.length + 1);
  for (let i = 0; i < perNgram.length; i++) entryStart[i + 1] = entryStart[i]! + perNgram[i]!;
  const fill = entryStart.slice(0, perNgram.length);
  const entryModel = new Uint8Array(total);
  const entryRank = new Int32Array(total);
  perModel.forEach((ranks, model) => {
    for (const [key, rank] of ranks) {
      const at = fill[ngrams.get(key)]!++;
      entryModel[at] = model;
      entryRank[at] = rank;
    }
  });
  return { ngrams, entryStart, entryModel, entryRank };
}
