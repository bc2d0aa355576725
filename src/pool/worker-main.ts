/**
 * A scanning worker: builds its own engine once (the same EngineOptions as
 * every other worker), then scans or learns one message at a time as the
 * pool asks. It publishes the rule it is running so the pool can name it if
 * the scan overruns its budget and the worker has to be terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, ruleNamesFrom, setRunningRuleSink, type SpamwardEngine } from '../engine/index.js';
import { fromBytes, toBytes, transferList } from './bytes.js';
import { collectGarbage } from './full-gc.js';
import { limitHeapGrowth } from './heap-growth.js';
import { limitInlining } from './inlining-budget.js';
import { renderFor, toPlainVerdict } from './plain-verdict.js';
import { RuleProbeWriter } from './rule-probe.js';
import { warmUpMessage } from './warm-up-message.js';
import type { FromWorker, ToWorker, WireError, WorkerSetup } from './wire.js';

const port = parentPort;
if (port === null) throw new Error('worker-main.js runs only as a worker thread');
const setup = workerData as WorkerSetup;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const probe = new RuleProbeWriter(setup.probe, ruleNamesFrom, (first, names) => post({ kind: 'names', first, names }));

limitHeapGrowth();
limitInlining();
let engine: SpamwardEngine;
try {
  engine = await createEngine(setup.engine);
  await engine.scan(warmUpMessage(), { autoLearn: false });
  const names = probe.preload();
  // What the rule compiler threw away goes now, before the worker takes mail.
  collectGarbage();
  setRunningRuleSink(probe);
  post({ kind: 'ready', names, diagnostics: engine.diagnostics.map(({ level, file, line, message }) => ({ level, file, line, message })) });
} catch (err) {
  post({ kind: 'failed', error: wireError(err) });
  process.exit(1);
}

const handlers: { [K in ToWorker['kind']]: (m: Extract<ToWorker, { kind: K }>) => Promise<void> } = {
  scan: async (m) => {
    probe.clear();
    const { render = 'message', ...options } = m.options;
    const verdict = await engine.scan(fromBytes(m.message), options);
    probe.clear();
    const r = renderFor(verdict, render);
    const bytes = r === undefined ? undefined : toBytes(r.bytes, true);
    const rendered = r === undefined || bytes === undefined ? undefined : { bytes, headerLength: r.headerLength, whole: r.whole };
    post({ kind: 'scanned', id: m.id, verdict: toPlainVerdict(verdict, options.wantReport === true), ...(rendered ? { rendered } : {}) }, transferList(bytes));
  },
  learn: async (m) => {
    const result = await engine.learn(fromBytes(m.message), m.as);
    post({ kind: 'learned', id: m.id, result });
  },
  close: async (m) => {
    await engine.close();
    post({ kind: 'closed', id: m.id });
  },
};

port.on('message', (m: ToWorker) => {
  const run = handlers[m.kind] as (m: ToWorker) => Promise<void>;
  run(m).catch((err: unknown) => post({ kind: 'error', id: m.id, error: wireError(err) }));
});

function wireError(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & { code?: unknown; phase?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.phase === 'string' ? { phase: e.phase } : {}),
  };
}
