/**
 * The pool's handle on one worker thread: starts it, waits until its engine
 * is built, sends it requests and matches the answers, and knows which rule
 * it is running. A worker that dies fails whatever it was doing.
 */
import type { ConfigDiagnostic } from '../engine/config/types.js';
import { Worker } from 'node:worker_threads';
import type { EngineOptions } from '../engine/engine-options.js';
import { SpamwardError, TimeoutError } from '../util/errors.js';
import { RuleProbeReader, newProbeBuffer } from './rule-probe.js';
import type { FromWorker, ToWorker, WireError, WorkerSetup } from './wire.js';

const WORKER_URL = new URL('./worker-main.js', import.meta.url);

/**
 * The worker's young generation, in MB (V8 makes the semi-space a third of
 * it). V8's default lets it grow to 48 MB per thread, all of it resident once
 * a few scans have run. While every scan's data outlived it (until a full GC,
 * see docs/conventions.md) its size changed nothing: 2 MB semi-spaces cost
 * the same GC time as the default, and 1 MB ones doubled it. Now that a
 * finished scan leaves nothing behind, a young GC copies only the scan in
 * flight, so fewer of them cost less: the daemon at 2 in flight took 9.1-10.0
 * ms of CPU per message at 16 MB against 10.0-11.2 at 6 MB (three alternating
 * pairs), for 12-20 MB more resident memory; 32 MB gained nothing more and
 * took 45 MB more.
 */
const YOUNG_GENERATION_MB = 16;

type Answer = Exclude<FromWorker, { kind: 'ready' | 'failed' | 'names' }>;

/** Requests the pool sends, without the id this handle assigns. */
export type Request = ToWorker extends infer T ? (T extends ToWorker ? Omit<T, 'id'> : never) : never;

export class PoolWorker {
  readonly ready: Promise<void>;
  private readonly thread: Worker;
  private readonly probe: RuleProbeReader;
  private readonly waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited = false;
  /** Set when a reload replaced this worker: it takes no new work and ends once idle. */
  retiring = false;
  /** Its engine was built. */
  started = false;
  /** What its engine found wrong in the configuration (the same for every worker of a generation). */
  diagnostics: ConfigDiagnostic[] = [];
  /** True while a job runs on it (the pool's bookkeeping). */
  busy = false;
  /** Requests it has been given (scans and learns). */
  handled = 0;
  /** Its successor is starting (it has run its allotted requests). */
  recycling = false;

  constructor(engine: EngineOptions, private readonly onExit: (w: PoolWorker, why: Error) => void) {
    const sab = newProbeBuffer();
    this.probe = new RuleProbeReader(sab);
    const setup: WorkerSetup = { engine, probe: sab };
    this.thread = new Worker(WORKER_URL, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.ready = new Promise<void>((resolve, reject) => {
      this.thread.on('message', (m: FromWorker) => {
        if (m.kind === 'ready') {
          this.probe.learn(0, m.names);
          this.diagnostics = m.diagnostics;
          this.started = true;
          resolve();
        } else if (m.kind === 'failed') reject(toError(m.error));
        else if (m.kind === 'names') this.probe.learn(m.first, m.names);
        else this.settle(m);
      });
      this.thread.on('error', (err) => this.die(err, reject));
      this.thread.on('exit', (code) => this.die(new SpamwardError('ERR_STORAGE', `scanning worker exited (code ${code})`), reject));
    });
    // Start-up failures are reported through `ready`; this keeps them from being unhandled meanwhile.
    this.ready.catch(() => undefined);
  }

  /** The rule the worker is evaluating now, if any. */
  runningRule(): string | undefined {
    return this.probe.current();
  }

  request(req: Request, transfer: ArrayBuffer[] = []): Promise<Answer> {
    if (this.exited) return Promise.reject(new SpamwardError('ERR_STORAGE', 'scanning worker is gone'));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread.postMessage({ ...req, id } as ToWorker, transfer);
    });
  }

  /** Stops the thread now, whatever it is running. */
  async terminate(): Promise<void> {
    this.exited = true;
    await this.thread.terminate();
  }

  private settle(m: Answer): void {
    const w = this.waiting.get(m.id);
    if (w === undefined) return;
    this.waiting.delete(m.id);
    if (m.kind === 'error') w.reject(toError(m.error));
    else w.resolve(m);
  }

  private die(err: Error, rejectReady: (e: Error) => void): void {
    const unexpected = !this.exited;
    this.exited = true;
    rejectReady(err);
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    if (unexpected) this.onExit(this, err);
  }
}

/** An error from the worker, as the same typed error on this side. */
export function toError(e: WireError): Error {
  if (e.code === 'ERR_TIMEOUT') return new TimeoutError(e.phase ?? 'scan', e.message);
  if (e.code !== undefined) {
    const err = new SpamwardError(e.code as SpamwardError['code'], e.message);
    Object.defineProperty(err, 'name', { value: e.name });
    if (e.phase !== undefined) Object.assign(err, { phase: e.phase });
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
