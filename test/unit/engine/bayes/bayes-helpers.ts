/** Helpers for the Bayes tests: a config parsed from self-written text and a scan state for a message. */
import { defaultConfig } from '../../../../src/engine/config/default-config.js';
import { finishParsing } from '../../../../src/engine/config/finish.js';
import { ParseState } from '../../../../src/engine/config/parse-state.js';
import { parseSource } from '../../../../src/engine/config/parser.js';
import type { EngineConfig } from '../../../../src/engine/config/types.js';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import { ScanState } from '../../../../src/engine/scan/scan-state.js';

/** A small stand-in for 60_bayes_stopwords.cf: a few English stopwords. */
export const STOPWORDS_CF = 'bayes_stopword_en (?:the|and|you(?:r)?|with|this)';

export function bayesConfig(extra = ''): EngineConfig {
  const st = new ParseState(defaultConfig(), { lang: 'en_US', localTestsOnly: true }, true);
  parseSource(st, { file: '(plugins)', text: 'loadplugin Mail::SpamAssassin::Plugin::Bayes\nloadplugin Mail::SpamAssassin::Plugin::AutoLearnThreshold' });
  parseSource(st, { file: 'test.cf', text: `${STOPWORDS_CF}\n${extra}` });
  finishParsing(st);
  return st.config;
}

export function scanState(conf: EngineConfig, raw: string): ScanState {
  return new ScanState(conf, parseMessage(Buffer.from(raw, 'latin1')), 0, new Date('2026-01-01T00:00:00Z'));
}

/** A small self-written message; `n` varies the body so each call is a distinct message. */
export function message(opts: { from?: string; subject?: string; body: string; id?: string; to?: string }): string {
  return [
    `From: ${opts.from ?? 'Alice Example <alice@mail.example.org>'}`,
    `To: ${opts.to ?? 'bob@example.net'}`,
    `Subject: ${opts.subject ?? 'hello'}`,
    'Date: Mon, 5 Jan 2026 10:00:00 +0000',
    `Message-ID: <${opts.id ?? 'abc123@mail.example.org'}>`,
    'Received: from mx.example.org (mx.example.org [192.0.2.10]) by in.example.net with ESMTP id 1A2B3C4D5E; Mon, 5 Jan 2026 10:00:01 +0000',
    '',
    opts.body,
    '',
  ].join('\n');
}
