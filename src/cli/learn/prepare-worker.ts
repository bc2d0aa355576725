/**
 * A worker thread of `spamward learn`: reads the configuration once, then
 * parses and tokenises the chunks of messages it is sent and answers with
 * their token keys and seen ids. It never opens the database: the main
 * thread applies every answer in message order.
 */
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareLearn } from '../../engine/bayes/learn-prep.js';
import { bayesSettings } from '../../engine/bayes/settings.js';
import { loadEngineConfig } from '../../engine/engine-config.js';
import type { PrepareAnswer, PrepareOutcome, PrepareRequest, PrepareSetup } from './prepare-wire.js';

const setup = workerData as PrepareSetup;
const conf = loadEngineConfig(setup.engine, { skipRules: true }).config;
const settings = bayesSettings(conf);
const port = parentPort;

port?.on('message', (req: PrepareRequest) => {
  const transfer: ArrayBuffer[] = [];
  const out = req.raws.map((raw): PrepareOutcome => {
    try {
      const ok = prepareLearn(conf, settings, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { useIgnores: setup.useIgnores, now: Math.floor(Date.now() / 1000) });
      transfer.push(ok.keys.buffer as ArrayBuffer);
      return { ok };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
  const answer: PrepareAnswer = { seq: req.seq, out };
  port.postMessage(answer, transfer);
});
