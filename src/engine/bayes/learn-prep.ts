/**
 * Everything a learn or forget needs from the message itself, worked out
 * apart from the database: the token keys, the seen ids, the token time and
 * whether bayes_ignore_from/to excludes it. Pure and self-contained, so a
 * learner can prepare messages in worker threads while one thread applies
 * the results to the store in message order.
 */
import type { Buffer } from 'node:buffer';
import { perConfig } from '../config/per-config.js';
import { asnFromGeoDb } from '../evals/net/asn-geodb.js';
import { extractRelayCountries } from '../evals/relay-country.js';
import type { EngineConfig } from '../config/types.js';
import { parseMessage } from '../message/parse.js';
import { ScanState } from '../scan/scan-state.js';
import { hasCheckerMark, markupSettingsOf, removeMarkup as withoutMarkup } from '../report/remove-markup.js';
import { withoutSpamMarkup } from '../scan/strip-markup.js';
import { isIgnored } from './ignore-lists.js';
import { learnIds, receiveTime } from './message-ids.js';
import type { PreparedLearn } from './prepared-learn.js';
import type { BayesSettings } from './settings.js';
import { learnMetadata, tokenKeysPacked, tokenizerInput } from './tokenizer.js';
import type { LanguageModels } from '../textcat/language-models.js';
import { extractLanguages } from '../textcat/message-languages.js';
import { txrepLearnFacts } from '../reputation/txrep-learn.js';
import { txrepActive, txrepSettings } from '../reputation/txrep-settings.js';

/** Whether a configuration runs TxRep, per configuration (a learner prepares thousands of messages with one). */
const runsTxRep = perConfig((conf) => txrepActive(txrepSettings(conf)));

export interface PrepareOptions {
  /** Check bayes_ignore_from / bayes_ignore_to. */
  useIgnores: boolean;
  /** Unix seconds now (the token time of a message without a usable date). */
  now: number;
  /** Learn a marked-up message as it was before the markup, as sa-learn does (spamd's TELL does not). */
  removeMarkup?: boolean;
  /** TextCat's language models when the configuration loads it: its languages are learned with the headers, as sa-learn learns them. */
  languageModels?: LanguageModels;
}

/**
 * A raw message as the learner sees it: X-Spam-* fields dropped, as from every scan; with
 * `removeMarkup` a message a checker marked (X-Spam-Checker-Version) is first put back as it was
 * before (a report_safe wrapper gives its original, rewritten headers their earlier values).
 */
export function learnContext(conf: EngineConfig, raw: Buffer, removeMarkup = false, languageModels?: LanguageModels): ScanState {
  let msg = parseMessage(raw);
  if (removeMarkup && hasCheckerMark(msg)) msg = parseMessage(withoutMarkup(msg, markupSettingsOf(conf)));
  const ctx = new ScanState(conf, withoutSpamMarkup(msg), 0, new Date());
  // SpamAssassin's learn runs the plugins' extract_metadata too: RelayCountry places the relays, ASN asks the GeoIP
  // database (not DNS), TextCat classifies the message.
  extractRelayCountries(ctx);
  asnFromGeoDb(ctx);
  if (languageModels) extractLanguages(ctx, languageModels);
  return ctx;
}

export function prepareLearn(conf: EngineConfig, settings: BayesSettings, raw: Buffer, options: PrepareOptions): PreparedLearn {
  const ctx = learnContext(conf, raw, options.removeMarkup, options.languageModels);
  if (options.useIgnores && isIgnored(conf, ctx)) return { keys: new Uint8Array(0), ids: [], atime: 0, ignored: true };
  return {
    keys: tokenKeysPacked(tokenizerInput(ctx, settings, learnMetadata(ctx)), settings),
    ids: learnIds(ctx.msg),
    atime: receiveTime(ctx.msg, options.now),
    ignored: false,
    ...(runsTxRep(conf) ? { txrep: txrepLearnFacts(ctx) } : {}),
  };
}
