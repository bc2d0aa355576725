/**
 * Engine.learn(raw, as) for front ends (spamd TELL, milter reports, CLI):
 * parse the message, drop earlier Spamward/SpamAssassin markup as sa-learn
 * does, and learn or forget it, answering with the engine's LearnResult.
 */
import type { LearnResult } from '../api-types.js';
import type { EngineConfig } from '../config/types.js';
import type { BayesClassifier, LearnResultKind } from './classifier.js';
import { learnContext } from './learn-prep.js';
import type { LanguageModels } from '../textcat/language-models.js';

const REASONS: Readonly<Record<string, string>> = {
  'already-learned': 'already learned as that class',
  ignored: 'sender or recipient is in bayes_ignore_from / bayes_ignore_to',
  'not-learned': 'the message was never learned',
};

export async function learnRaw(classifier: BayesClassifier, conf: EngineConfig, raw: Buffer, as: 'spam' | 'ham' | 'forget', languageModels?: LanguageModels): Promise<LearnResult> {
  return (await learnRawOutcome(classifier, conf, raw, as, languageModels)).result;
}

/** learnRaw with the store's own outcome (a relearn makes SpamAssassin's other learners forget first). */
export async function learnRawOutcome(classifier: BayesClassifier, conf: EngineConfig, raw: Buffer, as: 'spam' | 'ham' | 'forget', languageModels?: LanguageModels): Promise<{ result: LearnResult; outcome?: LearnResultKind }> {
  const ctx = learnContext(conf, raw, false, languageModels);
  try {
    const outcome = as === 'forget' ? await classifier.forget(ctx) : await classifier.learn(ctx, as === 'spam');
    if (outcome === 'learned' || outcome === 'relearned') return { result: { learned: true }, outcome };
    return { result: { learned: false, reason: REASONS[outcome] ?? outcome }, outcome };
  } catch (e) {
    return { result: { learned: false, reason: (e as Error).message } };
  }
}
