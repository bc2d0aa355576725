/** Helpers for the configuration tests: fixture paths and parsing a text snippet. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../../../src/engine/config/default-config.js';
import { finishParsing } from '../../../../src/engine/config/finish.js';
import { ParseState } from '../../../../src/engine/config/parse-state.js';
import { parseSource } from '../../../../src/engine/config/parser.js';
import type { ConfigDiagnostic, EngineConfig } from '../../../../src/engine/config/types.js';

/** The repository's test/fixtures/config folder, found from the compiled test's location. */
export function fixtureDir(...parts: string[]): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'fixtures', 'config'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test/fixtures/config not found');
    dir = up;
  }
  return join(dir, 'test', 'fixtures', 'config', ...parts);
}

export interface Parsed {
  config: EngineConfig;
  diagnostics: ConfigDiagnostic[];
  errors: string[];
}

const BASE_PLUGINS = [
  'HeaderEval', 'BodyEval', 'ReplaceTags', 'MIMEHeader', 'URIDetail', 'AskDNS', 'FreeMail', 'DKIM', 'SPF',
  'WelcomeListSubject', 'URIDNSBL', 'Bayes', 'AutoLearnThreshold',
].map((p) => `loadplugin Mail::SpamAssassin::Plugin::${p}`);

/**
 * Parses `text` as one file (after loading the common plugins unless told
 * otherwise) and runs the finish step.
 */
export function parseText(
  text: string,
  opts: { plugins?: boolean; lang?: string; localTestsOnly?: boolean; file?: string } = {},
): Parsed {
  const st = new ParseState(defaultConfig(), { lang: opts.lang ?? 'en_US', localTestsOnly: opts.localTestsOnly ?? false }, true);
  if (opts.plugins !== false) parseSource(st, { file: '(plugins)', text: BASE_PLUGINS.join('\n') });
  parseSource(st, { file: opts.file ?? 'test.cf', text });
  finishParsing(st);
  const errors = st.diagnostics.filter((d) => d.level === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`);
  return { config: st.config, diagnostics: st.diagnostics, errors };
}
