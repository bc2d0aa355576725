/**
 * Opening the data folder's stores in one call, for the engine and the
 * learn command: the shared LMDB environment, the Bayes store on it and the
 * Bayes classifier for a configuration.
 */
import { BayesClassifier } from '../bayes/classifier.js';
import type { EngineConfig } from '../config/types.js';
import { LmdbBayesStore } from './lmdb-bayes-store.js';
import { type EnvironmentOptions, LmdbEnvironment } from './lmdb-environment.js';
import { LmdbReputationStore } from './lmdb-reputation-store.js';

export interface OpenedStores {
  env: LmdbEnvironment;
  bayes: LmdbBayesStore;
  reputation: LmdbReputationStore;
  classifier: BayesClassifier;
  close(): Promise<void>;
}

/** Throws StorageError when the folder holds no database and cannot be written. */
export function openStores(dataDir: string, conf: EngineConfig, options: EnvironmentOptions = {}): OpenedStores {
  const env = LmdbEnvironment.open(dataDir, options);
  const bayes = new LmdbBayesStore(env);
  const classifier = new BayesClassifier(bayes, conf);
  return {
    env, bayes, classifier, reputation: new LmdbReputationStore(env),
    close: async () => {
      await classifier.flush();
      await env.close();
    },
  };
}
