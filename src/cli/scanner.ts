/**
 * The one place a daemon gets its scanner: the engine behind the `Engine`
 * interface, plus the counters the metrics endpoint and `spamward status`
 * show. Front ends (spamd, milter, serve) take what this returns, so the
 * scanning pool can replace the in-process engine without touching them.
 */
import type { Engine } from '../engine/api-types.js';
import type { EngineOptions } from '../engine/engine-options.js';
import { createEngine } from '../engine/index.js';

export interface ScannerStats {
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
}

export interface Scanner extends Engine {
  stats(): ScannerStats;
}

export interface ScannerOptions {
  engine: EngineOptions;
  /** Worker count (`--max-children`). */
  maxChildren?: number;
  /** Per-message time budget in milliseconds. */
  timeoutMs?: number;
}

/** In-process scanner: one engine on the event loop (the pool replaces this). */
export async function openScanner(options: ScannerOptions): Promise<Scanner> {
  const engine = await createEngine(options.engine);
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
    reload: () => engine.reload(),
    close: () => engine.close(),
    stats: () => ({ busy, queued: 0, workers: 1, timeouts: 0, errors }),
  };
}
