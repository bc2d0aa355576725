/**
 * The scanning pool: worker threads, each with its own engine, shared by
 * every front end of the process. Jobs wait in a bounded queue for a free
 * worker; a scan that overruns its budget has its worker terminated and
 * replaced, and fails with a TimeoutError naming the rule that was running.
 * Reload builds a fresh set of workers and retires the old ones as they
 * finish, so no scan is refused meanwhile. A worker that has run its
 * allotted scans (spamd's --max-conn-per-child) is retired the same way,
 * once its successor is ready.
 */
import type { Engine, LearnResult, ScanOptions, Verdict } from '../engine/api-types.js';
import type { ConfigDiagnostic } from '../engine/config/types.js';
import { diagnosticText } from '../engine/config/diagnostic-line.js';
import type { EngineOptions } from '../engine/engine-options.js';
import { SpamwardError, TimeoutError } from '../util/errors.js';
import { toBytes, transferList, fromBytes } from './bytes.js';
import { IdleWorkers } from './idle-workers.js';
import { JobQueue, type WhenFull } from './job-queue.js';
import { fromPlainVerdict } from './plain-verdict.js';
import { PoolWorker, type Request } from './pool-worker.js';
import type { FromWorker, WireScanOptions } from './wire.js';

export type PoolLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface PoolOptions {
  engine: EngineOptions;
  /** Worker threads (`--max-children`). */
  size: number;
  /** Per-message budget in ms when the scan options give none (undefined: only theirs). */
  budgetMs?: number;
  /** Jobs waiting for a worker at most (default 64 per worker). */
  queueLimit?: number;
  /** What a caller meets when the queue is full (default: wait for room). */
  whenFull?: WhenFull;
  /**
   * Requests a worker runs before it is replaced by a fresh one (spamd's
   * --max-conn-per-child); undefined or 0: never. Bounds what a long-lived
   * worker accumulates (RE2's DFA states, V8's code), at the price of a
   * fresh worker's start-up and warm-up each time.
   */
  maxRequestsPerWorker?: number;
  log?: PoolLog;
}

export interface PoolStats {
  /** Scans running now. */
  busy: number;
  /** Scans waiting for a free worker. */
  queued: number;
  /** Workers (1 while scans run in-process). */
  workers: number;
  /** Scans stopped by the per-message time budget since start. */
  timeouts: number;
  /** Scans that failed with an error since start. */
  errors: number;
  /** Workers replaced after their allotted requests since start. */
  recycled: number;
}

type Answer = Exclude<FromWorker, { kind: 'ready' | 'failed' | 'names' }>;

interface Job {
  request: Request;
  transfer: ArrayBuffer[];
  /** When the job must be done by (ms since epoch), and the budget that gave it; only scans have one. */
  deadline?: number;
  budgetMs?: number;
  label: string;
  settled: boolean;
  resolve(a: Answer): void;
  reject(e: Error): void;
}

const RETRY_SPAWN_MS = 1000;
const CLOSE_WAIT_MS = 10_000;

/**
 * The configuration's problems, errors as warnings: once per generation of
 * engines, at start and on reload, as SpamAssassin's spamd logs them when it
 * reads its configuration.
 */
export function logConfigProblems(log: PoolLog, diagnostics: readonly ConfigDiagnostic[]): void {
  for (const d of diagnostics) log(d.level === 'error' ? 'warn' : 'info', `config: ${diagnosticText(d)}`);
}

export class ScanPool implements Engine {
  private workers: PoolWorker[] = [];
  private readonly idle = new IdleWorkers<PoolWorker>();
  private readonly queue: JobQueue<Job>;
  private readonly log: PoolLog;
  private busy = 0;
  private timeouts = 0;
  private errors = 0;
  private recycled = 0;
  /** Successors still starting (recycle): close() ends them too. */
  private readonly successors = new Set<PoolWorker>();
  private closed = false;
  private reloading: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: PoolOptions) {
    this.queue = new JobQueue<Job>(opts.queueLimit ?? opts.size * 64, opts.whenFull ?? 'wait');
    this.log = opts.log ?? ((level, m) => process.stderr.write(`spamward pool ${level}: ${m}\n`));
  }

  /** Starts `size` workers and resolves once every engine is built (rejects if one cannot be). */
  static async start(opts: PoolOptions): Promise<ScanPool> {
    const pool = new ScanPool({ ...opts, size: Math.max(1, Math.floor(opts.size)) });
    pool.workers = await pool.startGeneration();
    logConfigProblems(pool.log, pool.workers[0]?.diagnostics ?? []);
    pool.idle.reset(pool.workers);
    return pool;
  }

  async scan(message: Buffer, options: ScanOptions = {}): Promise<Verdict> {
    const { handOver, ...rest } = options;
    const budget = minDefined(rest.timeoutMs, this.opts.budgetMs);
    const bytes = toBytes(message, handOver === true);
    const wire: WireScanOptions = { ...rest };
    const answer = await this.submit({ kind: 'scan', message: bytes, options: wire }, transferList(bytes), budget, `of ${bytes.length} bytes`);
    if (answer.kind !== 'scanned') throw new SpamwardError('ERR_MESSAGE', `unexpected worker answer ${answer.kind}`);
    const r = answer.rendered;
    return fromPlainVerdict(answer.verdict, r === undefined ? undefined : { bytes: fromBytes(r.bytes), headerLength: r.headerLength, whole: r.whole });
  }

  async learn(message: Buffer, as: 'spam' | 'ham' | 'forget', options: ScanOptions = {}): Promise<LearnResult> {
    const { handOver, timeoutMs: _t, ...rest } = options;
    const bytes = toBytes(message, handOver === true);
    const answer = await this.submit({ kind: 'learn', message: bytes, as, options: rest }, transferList(bytes), undefined, `learn ${as}`);
    if (answer.kind !== 'learned') throw new SpamwardError('ERR_STORAGE', `unexpected worker answer ${answer.kind}`);
    return answer.result;
  }

  /** New workers with freshly read rules; the old ones finish what they run and end. Serialised. */
  reload(): Promise<void> {
    const next = this.reloading.then(() => this.swapGeneration());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  stats(): PoolStats {
    return {
      busy: this.busy,
      queued: this.queue.length + this.queue.blocked,
      workers: this.workers.length,
      timeouts: this.timeouts,
      errors: this.errors,
      recycled: this.recycled,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.drain()) this.fail(job, new SpamwardError('ERR_LIMIT', 'scanner closed'));
    // Front ends drain their connections first; a scan without a budget still cannot hold shutdown forever.
    const until = Date.now() + CLOSE_WAIT_MS;
    while (this.busy > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const all = [...this.workers, ...this.successors];
    this.successors.clear();
    this.workers = [];
    this.idle.reset([]);
    await Promise.all(all.map((w) => closeWorker(w)));
  }

  private async submit(request: Request, transfer: ArrayBuffer[], budget: number | undefined, label: string): Promise<Answer> {
    if (this.closed) throw new SpamwardError('ERR_LIMIT', 'scanner closed');
    return new Promise<Answer>((resolve, reject) => {
      const job: Job = { request, transfer, label, settled: false, resolve, reject, ...(budget !== undefined ? { deadline: Date.now() + budget, budgetMs: budget } : {}) };
      this.queue.push(job).then(() => this.dispatch(), reject);
    });
  }

  private dispatch(): void {
    if (this.closed) {
      for (const job of this.queue.drain()) this.fail(job, new SpamwardError('ERR_LIMIT', 'scanner closed'));
      return;
    }
    while (this.idle.size > 0 && this.queue.length > 0) {
      const worker = this.idle.take() as PoolWorker;
      this.run(worker, this.queue.shift() as Job);
    }
  }

  private run(worker: PoolWorker, job: Job): void {
    const left = job.deadline === undefined ? undefined : job.deadline - Date.now();
    if (left !== undefined && left <= 0) {
      this.timeouts++;
      this.fail(job, new TimeoutError('queue', `scan ${job.label} waited its whole budget for a free worker`));
      this.release(worker);
      return;
    }
    this.busy++;
    worker.busy = true;
    worker.handled++;
    let timer: NodeJS.Timeout | undefined;
    let overran = false;
    const request = left !== undefined && job.request.kind === 'scan' ? { ...job.request, options: { ...job.request.options, timeoutMs: left } } : job.request;
    if (left !== undefined) {
      timer = setTimeout(() => {
        overran = true;
        this.overrun(worker, job);
      }, left + graceMs(left));
    }
    worker.request(request, job.transfer).then(
      (a) => this.settle(job, a),
      (e: Error) => {
        if (!job.settled) this.errors++;
        this.fail(job, e);
      },
    ).finally(() => {
      clearTimeout(timer);
      this.busy--;
      worker.busy = false;
      if (!overran) this.release(worker);
    });
  }

  /** The scan ran past its budget: name the rule, fail the job, replace the worker. */
  private overrun(worker: PoolWorker, job: Job): void {
    const budget = job.budgetMs ?? 0;
    this.timeouts++;
    const rule = worker.runningRule();
    const where = rule === undefined ? 'outside any rule (parsing or rendering)' : `in rule ${rule}`;
    this.log('warn', `scan ${job.label} ran past its ${budget} ms budget ${where}; worker terminated and replaced`);
    this.fail(job, new TimeoutError('scan', `scan exceeded its ${budget} ms budget ${where}`));
    this.replace(worker);
    void worker.terminate();
  }

  private settle(job: Job, a: Answer): void {
    if (job.settled) return;
    job.settled = true;
    job.resolve(a);
  }

  private fail(job: Job, e: Error): void {
    if (job.settled) return;
    job.settled = true;
    job.reject(e);
  }

  private release(worker: PoolWorker): void {
    if (this.closed) return;
    if (worker.retiring || !this.workers.includes(worker)) {
      void closeWorker(worker);
      return;
    }
    if (this.recycleDue(worker)) this.recycle(worker);
    this.idle.give(worker);
    this.dispatch();
  }

  private recycleDue(worker: PoolWorker): boolean {
    const max = this.opts.maxRequestsPerWorker;
    return max !== undefined && max > 0 && worker.handled >= max && !worker.recycling;
  }

  /**
   * Start the worker's successor; the worker goes on serving until it is
   * ready, so the pool never runs short of a worker. A successor that fails
   * to start is logged and tried again after the worker's next request.
   */
  private recycle(old: PoolWorker): void {
    old.recycling = true;
    const fresh = this.spawn();
    this.successors.add(fresh);
    fresh.ready.finally(() => this.successors.delete(fresh)).catch(() => undefined);
    fresh.ready.then(
      () => {
        // A reload, a timeout or a crash may have replaced the old worker meanwhile: then the successor is not needed.
        if (this.closed || !this.workers.includes(old)) {
          void closeWorker(fresh);
          return;
        }
        this.workers = this.workers.map((w) => (w === old ? fresh : w));
        this.idle.remove(old);
        this.recycled++;
        this.log('info', `worker retired after ${old.handled} requests (max ${this.opts.maxRequestsPerWorker}); a fresh one took its place`);
        if (old.busy) old.retiring = true;
        else void closeWorker(old);
        this.release(fresh);
      },
      (err: Error) => {
        old.recycling = false;
        if (!this.closed) this.log('error', `successor worker failed to start: ${err.message}; the old one goes on`);
      },
    );
  }

  /** A worker that crashed on its own (not terminated by the pool). */
  private lost(worker: PoolWorker, why: Error): void {
    // One that never started is retried, after a pause, by replace().
    if (this.closed || !worker.started || !this.workers.includes(worker)) return;
    this.log('error', `scanning worker died: ${why.message}; starting another`);
    this.replace(worker);
  }

  private replace(old: PoolWorker): void {
    if (!this.workers.includes(old)) return;
    this.workers = this.workers.filter((w) => w !== old);
    this.idle.remove(old);
    if (this.closed || old.retiring) return;
    const fresh = this.spawn();
    this.workers.push(fresh);
    fresh.ready.then(
      () => this.release(fresh),
      (err: Error) => {
        if (this.closed || !this.workers.includes(fresh)) return;
        this.log('error', `replacement worker failed to start: ${err.message}; retrying`);
        setTimeout(() => this.replace(fresh), RETRY_SPAWN_MS).unref();
      },
    );
  }

  private spawn(): PoolWorker {
    return new PoolWorker(this.opts.engine, (w, why) => this.lost(w, why));
  }

  private async startGeneration(): Promise<PoolWorker[]> {
    const fresh = Array.from({ length: this.opts.size }, () => this.spawn());
    try {
      await Promise.all(fresh.map((w) => w.ready));
    } catch (err) {
      for (const w of fresh) w.retiring = true;
      await Promise.all(fresh.map((w) => w.terminate()));
      throw err;
    }
    return fresh;
  }

  private async swapGeneration(): Promise<void> {
    if (this.closed) return;
    const fresh = await this.startGeneration();
    const old = this.workers;
    this.workers = fresh;
    for (const w of old) {
      w.retiring = true;
      if (!w.busy) void closeWorker(w);
    }
    this.idle.reset(fresh);
    logConfigProblems(this.log, fresh[0]?.diagnostics ?? []);
    this.log('info', `reloaded: ${fresh.length} workers with fresh rules`);
    this.dispatch();
  }
}

/** Lets the engine flush its stores, then ends the thread (at once if it does not answer). */
async function closeWorker(w: PoolWorker): Promise<void> {
  w.retiring = true;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([w.request({ kind: 'close' }).catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 5000)))]);
  clearTimeout(timer);
  await w.terminate();
}

/** Extra time before a worker is killed, so the engine's own deadline check gets to stop a slow scan cleanly first. */
function graceMs(budget: number): number {
  return Math.min(1000, Math.max(100, Math.round(budget / 10)));
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
