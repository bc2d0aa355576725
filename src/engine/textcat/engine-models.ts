/**
 * The language models an engine loads, once, when its configuration loads
 * the TextCat plugin. SpamAssassin disables the plugin when it finds no
 * `languages` file (then nothing is classified and its evals never hit); a
 * file it finds but cannot read leaves the plugin on with no models, so
 * every message is "unknown".
 */
import { findRuleSupportFile } from '../config/discovery.js';
import type { EngineConfig } from '../config/types.js';
import type { EngineOptions } from '../engine-options.js';
import { loadLanguageModels, parseLanguageModels, type LanguageModels } from './language-models.js';
import { TEXTCAT_PLUGIN } from './message-languages.js';

export const LANGUAGES_FILE = 'languages';

export function engineLanguageModels(
  conf: EngineConfig,
  options: Pick<EngineOptions, 'configPath' | 'siteConfigPath'>,
  warn: (message: string) => void,
): LanguageModels | undefined {
  if (!conf.plugins.has(TEXTCAT_PLUGIN)) return undefined;
  const path = findRuleSupportFile(LANGUAGES_FILE, options);
  if (path === undefined) {
    warn('textcat: languages file not found, TextCat is disabled');
    return undefined;
  }
  try {
    return loadLanguageModels(path);
  } catch (err) {
    warn(`textcat: cannot read languages file ${path}: ${(err as Error).message}`);
    return parseLanguageModels('');
  }
}
