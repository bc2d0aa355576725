/**
 * Opening the stores in one call, for the engine and the learn command: the
 * Bayes and reputation stores and the Bayes classifier for a configuration.
 * LMDB in the data folder by default; Redis when `bayes_store_module` names
 * SpamAssassin's Redis store (reputation then lives on the same Redis, so
 * every scanner shares it too).
 */
import { BayesClassifier } from '../bayes/classifier.js';
import type { AnyBayesStore } from '../bayes/store.js';
import type { EngineConfig } from '../config/types.js';
import type { ReputationStore } from '../reputation/reputation-store.js';
import { LmdbBayesStore } from './lmdb-bayes-store.js';
import { type EnvironmentOptions, LmdbEnvironment } from './lmdb-environment.js';
import { LmdbReputationStore } from './lmdb-reputation-store.js';
import { RedisBayesStore } from './redis-bayes-store.js';
import { connectRedis } from './redis-client.js';
import { redisOptions, usesRedis } from './redis-options.js';
import { RedisReputationStore } from './redis-reputation-store.js';

export interface OpenedStores {
  /** The LMDB environment, when the stores are on LMDB. */
  env?: LmdbEnvironment;
  bayes: AnyBayesStore;
  reputation: ReputationStore;
  classifier: BayesClassifier;
  /** Settles once a shared store's first connection attempt is over (at once for LMDB). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreEvents {
  /** A shared store went down or came back (for logs). */
  onStoreState?: (up: boolean, message: string) => void;
}

/** Throws StorageError when the folder holds no database and cannot be written, or the Redis settings are unusable. */
export function openStores(dataDir: string, conf: EngineConfig, options: EnvironmentOptions & StoreEvents = {}): OpenedStores {
  if (usesRedis(conf)) return openRedisStores(conf, options);
  const env = LmdbEnvironment.open(dataDir, options);
  const bayes = new LmdbBayesStore(env);
  const classifier = new BayesClassifier(bayes, conf);
  return {
    env, bayes, classifier, reputation: new LmdbReputationStore(env),
    ready: () => Promise.resolve(),
    close: async () => {
      await classifier.flush();
      await env.close();
    },
  };
}

function openRedisStores(conf: EngineConfig, events: StoreEvents): OpenedStores {
  const o = redisOptions(conf);
  let bayes: RedisBayesStore | undefined;
  const conn = connectRedis(o, {
    onState: (up, detail) => events.onStoreState?.(up, up ? `${conn.description}: connected` : `${conn.description} unavailable: ${detail}; scanning goes on without Bayes`),
    onReady: () => void bayes?.checkVersion().catch(() => undefined),
  });
  bayes = new RedisBayesStore(conn, o, false);
  const classifier = new BayesClassifier(bayes, conf);
  const reputation = new RedisReputationStore(conn);
  return {
    bayes, classifier, reputation,
    ready: async () => {
      await conn.firstAttempt;
      await classifier.refresh();
    },
    close: async () => {
      // Sends the batched TTL renewals at once instead of waiting for their timer.
      await bayes?.close();
      await classifier.flush();
      await conn.close();
    },
  };
}
