/**
 * A worker thread of `spamward learn`: takes the configuration the main
 * thread read, then parses and tokenises the chunks of messages it is sent
 * and answers with their token keys and seen ids. It never opens the
 * database: the main thread applies every answer in message order.
 */
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLearn } from '../../engine/bayes/learn-prep.js';
import { bayesSettings, type BayesSettings } from '../../engine/bayes/settings.js';
import { engineLanguageModels } from '../../engine/textcat/engine-models.js';
import type { LanguageModels } from '../../engine/textcat/language-models.js';
import type { EngineConfig } from '../../engine/config/types.js';
import type { PrepareAnswer, PrepareConfig, PrepareOutcome, PrepareRequest, PrepareSetup } from './prepare-wire.js';

const setup = workerData as PrepareSetup;
const port = parentPort;
let conf: EngineConfig | undefined;
let settings: BayesSettings | undefined;
/** TextCat's models when the configuration loads it (the main thread warns when they are missing). */
let languageModels: LanguageModels | undefined;

function prepareChunk(req: PrepareRequest, c: EngineConfig, s: BayesSettings): void {
  const transfer: ArrayBuffer[] = [];
  const out = req.raws.map((raw): PrepareOutcome => {
    try {
      const ok = prepareLearn(c, s, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
        useIgnores: setup.useIgnores,
        now: Math.floor(Date.now() / 1000),
        removeMarkup: true,
        ...(languageModels ? { languageModels } : {}),
      });
      transfer.push(ok.keys.buffer as ArrayBuffer);
      return { ok };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
  const answer: PrepareAnswer = { seq: req.seq, out };
  port?.postMessage(answer, transfer);
}

// The configuration is the first message; the pool sends no chunk before it.
port?.on('message', (msg: PrepareConfig | PrepareRequest) => {
  if ('conf' in msg) {
    conf = msg.conf;
    settings = bayesSettings(conf);
    languageModels = engineLanguageModels(conf, msg.supportPaths, () => undefined);
    return;
  }
  if (conf === undefined || settings === undefined) throw new Error('learning worker: a chunk came before the configuration');
  prepareChunk(msg, conf, settings);
});
