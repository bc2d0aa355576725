/**
 * What TextCat records about a message before any rule runs (its
 * extract_metadata): the languages found, as the `X-Languages` pseudo-header
 * and the `_LANGUAGES_` tag, and the classified text's length,
 * `X-Languages-Length`, which check_language also reads. A text shorter
 * than 256 octets is not classified (TextCat needs about that much to be
 * right) and gets an empty X-Languages.
 *
 * It must run before the rules: FreeMail rewrites body lines while they run,
 * and TextCat saw them as they were.
 */
import type { ScanContext } from '../scan/context-types.js';
import type { ScanState } from '../scan/scan-state.js';
import { classifiedText } from './classified-text.js';
import { classifyText } from './classify.js';
import type { LanguageModels } from './language-models.js';
import { classifySettings } from './textcat-settings.js';

export const TEXTCAT_PLUGIN = 'Mail::SpamAssassin::Plugin::TextCat';

/** Shorter texts are not classified. */
const MIN_CLASSIFIED_LENGTH = 256;

const SCRATCH_KEY = 'textcat.languages';

export interface MessageLanguages {
  /** X-Languages: the languages found, best first, space-separated; empty when unknown or too short. */
  languages: string;
  /** X-Languages-Length. */
  length: number;
}

export function extractLanguages(state: ScanState, models: LanguageModels): void {
  const { text, length } = classifiedText(state.rendered().body);
  let languages = '';
  if (length >= MIN_CLASSIFIED_LENGTH) {
    const found = classifyText(models, text, classifySettings(state.conf));
    languages = found.languages.join(' ');
    state.setTag('TEXTCATRESULTS', found.ranking);
  }
  rememberLanguages(state, { languages, length });
  state.putMetadata('X-Languages', languages);
  state.putMetadata('X-Languages-Length', String(length));
  state.setTag('LANGUAGES', languages);
}

/** Keeps the results for the evals of this message. */
export function rememberLanguages(ctx: ScanContext, result: MessageLanguages): void {
  ctx.scratch.set(SCRATCH_KEY, result);
}

/** The message's TextCat results; undefined when TextCat did not run (not loaded, or no models). */
export function messageLanguages(ctx: ScanContext): MessageLanguages | undefined {
  return ctx.scratch.get(SCRATCH_KEY) as MessageLanguages | undefined;
}
