/**
 * Bayes token and message counts for the metrics, read from the data folder
 * the way `spamward learn --dump magic` reads them, through a read-only
 * handle of its own (the scanner's handle may live in another thread).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LmdbBayesStore } from '../engine/storage/lmdb-bayes-store.js';
import { ENV_FILE, LmdbEnvironment } from '../engine/storage/lmdb-environment.js';

export interface BayesCounts {
  tokens: number;
  spam: number;
  ham: number;
}

export interface BayesCountReader {
  /** Undefined while there is no database (nothing learned yet) or it cannot be read. */
  read(): BayesCounts | undefined;
  close(): Promise<void>;
}

export function bayesCountReader(dataDir: string): BayesCountReader {
  let env: LmdbEnvironment | undefined;
  let store: LmdbBayesStore | undefined;
  return {
    read() {
      try {
        if (store === undefined) {
          if (!existsSync(join(dataDir, ENV_FILE))) return undefined;
          env = LmdbEnvironment.open(dataDir, { readOnly: true });
          store = new LmdbBayesStore(env);
        }
        const m = store.magic();
        return { tokens: m.ntokens, spam: m.nspam, ham: m.nham };
      } catch {
        return undefined;
      }
    },
    close: async () => {
      await env?.close();
    },
  };
}
