/**
 * The one place a daemon gets its scanner: a pool of worker threads (each
 * with its own engine) behind the `Engine` interface, plus the counters the
 * metrics endpoint and `spamward status` show. Front ends (spamd, milter,
 * serve) take what this returns and share it. The engine module is loaded
 * only for an in-process scanner: with a pool, the daemon's main thread never
 * holds rules (each worker builds its own), so it does not load the rule
 * compiler, DKIM or the stores at all (tens of MB of heap and code).
 */
import { availableParallelism } from 'node:os';
import type { Engine } from '../engine/api-types.js';
import type { EngineOptions } from '../engine/engine-options.js';
import type { WhenFull } from '../pool/job-queue.js';
import { logConfigProblems, type PoolLog, type PoolStats, ScanPool } from '../pool/scan-pool.js';

/** The pool's counters (the metrics endpoint and `spamward status` show them). */
export type ScannerStats = PoolStats;

export interface Scanner extends Engine {
  stats(): ScannerStats;
}

export interface ScannerOptions {
  engine: EngineOptions;
  /** Worker count (`--max-children`); default: the number of cores. 0: scan in-process, on the event loop. */
  maxChildren?: number;
  /** Per-message time budget in milliseconds (a scan past it has its worker replaced). */
  timeoutMs?: number;
  /** Jobs waiting for a worker at most, and what callers meet beyond that. */
  queueLimit?: number;
  whenFull?: WhenFull;
  /** Requests a worker runs before a fresh one replaces it (spamd's --max-conn-per-child); 0 or undefined: never. */
  maxRequestsPerWorker?: number;
  /** Where the pool logs overruns (with the rule that was running), worker deaths and reloads. */
  log?: PoolLog;
}

export type { PoolLog };

export function defaultMaxChildren(): number {
  return availableParallelism();
}

/** The daemons' scanner: a worker pool sized by `maxChildren`, ready once every worker's engine is built. */
export async function openScanner(options: ScannerOptions): Promise<Scanner> {
  const size = options.maxChildren ?? defaultMaxChildren();
  if (size === 0) return openInProcessScanner(options);
  return ScanPool.start({
    engine: options.engine,
    size,
    ...(options.timeoutMs !== undefined ? { budgetMs: options.timeoutMs } : {}),
    ...(options.queueLimit !== undefined ? { queueLimit: options.queueLimit } : {}),
    ...(options.whenFull !== undefined ? { whenFull: options.whenFull } : {}),
    ...(options.maxRequestsPerWorker ? { maxRequestsPerWorker: options.maxRequestsPerWorker } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}

/** One engine on the event loop: no budget can interrupt it (tests, and `--max-children 0`). */
export async function openInProcessScanner(options: ScannerOptions): Promise<Scanner> {
  const { createEngine } = await import('../engine/index.js');
  const engine = await createEngine(options.engine);
  // As the pool does for each generation of workers: at start and after each reload.
  const log = options.log;
  const logDiagnostics = () => log && logConfigProblems(log, engine.diagnostics);
  logDiagnostics();
  let busy = 0;
  let errors = 0;
  return {
    async scan(message, scanOptions) {
      busy++;
      try {
        return await engine.scan(message, scanOptions);
      } catch (err) {
        errors++;
        throw err;
      } finally {
        busy--;
      }
    },
    learn: (message, as) => engine.learn(message, as),
    reload: async () => {
      await engine.reload();
      logDiagnostics();
    },
    close: () => engine.close(),
    stats: () => ({ busy, queued: 0, workers: 1, timeouts: 0, errors, recycled: 0 }),
  };
}
