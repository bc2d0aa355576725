/**
 * The TXREP rule in a scan. The eval only marks the scan (it returns no hit,
 * as in SpamAssassin, which calls got_hit with the delta); after every other
 * rule (TXREP's priority 1000) the engine runs TxRep in one store
 * transaction, which reads the sender's entries, updates them and gives the
 * delta TXREP hits with.
 */
import type { EngineConfig } from '../config/types.js';
import type { EvalFn } from '../scan/context-types.js';
import type { ScanState } from '../scan/scan-state.js';
import { autoLearnPoints } from '../bayes/autolearn.js';
import { generatedMessageId } from '../bayes/message-ids.js';
import { authOutcome } from '../evals/net/mail-auth.js';
import { allToAddrs } from '../evals/util/message-addrs.js';
import type { ParsedMessage } from '../message/types.js';
import type { RelayAnalysis } from '../message/analysis-types.js';
import { type ReputationStore, type ReputationTxn, runStaged } from './reputation-store.js';
import { BackgroundWrites } from '../storage/background-writes.js';
import { perlFixed } from '../report/perl-format.js';
import { runTxRep, type TxRepMessage, type TxRepMode, type TxRepOutcome } from './txrep.js';
import { asciiLower } from './txrep-keys.js';
import { txrepActive, txrepSettings, type TxRepSettings } from './txrep-settings.js';

const TRACKER_KEY = 'txrep:tracker';
const DUE_KEY = 'txrep:due';

export class TxRepTracker {
  private readonly background = new BackgroundWrites();
  private readonly settingsByConf = new WeakMap<EngineConfig, TxRepSettings>();

  /** `remote`: the store is on a server (Redis) and cannot be read while the rules run. */
  constructor(readonly store: ReputationStore, readonly remote = false) {}

  settings(conf: EngineConfig): TxRepSettings {
    let s = this.settingsByConf.get(conf);
    if (!s) {
      s = txrepSettings(conf);
      this.settingsByConf.set(conf, s);
    }
    return s;
  }

  /** One transaction: read, compute, write. A read-only store is only read. */
  run(msg: TxRepMessage, settings: TxRepSettings, mode: TxRepMode): Promise<TxRepOutcome> {
    if (this.store.readOnly) return Promise.resolve(this.dryRun(msg, settings, mode));
    return this.store.transact((tx) => runTxRep(tx, msg, settings, mode));
  }

  /** The outcome from a plain read of a local store, writing nothing (synchronous scans). */
  dryRun(msg: TxRepMessage, settings: TxRepSettings, mode: TxRepMode): TxRepOutcome {
    return runStaged((tx) => runTxRep(tx, msg, settings, mode), (k) => localRead(this.store, k)).result;
  }

  /** Commits a synchronous scan's update in the background; flush() waits for it. */
  commitLater(msg: TxRepMessage, settings: TxRepSettings, mode: TxRepMode): void {
    if (this.store.readOnly) return;
    void this.background.track(this.store.transact((tx: ReputationTxn) => runTxRep(tx, msg, settings, mode)));
  }

  async flush(): Promise<void> {
    await this.background.flush();
  }

  /** Failed updates (a scan never fails on them). */
  get updateErrors(): unknown[] {
    return this.background.errors;
  }
}

function localRead(store: ReputationStore, key: string) {
  const v = store.get(key);
  if (v instanceof Promise) throw new Error('a synchronous TxRep scan needs a local reputation store');
  return v;
}

export function attachTxRep(state: ScanState, tracker: TxRepTracker): void {
  if (txrepActive(tracker.settings(state.conf))) state.scratch.set(TRACKER_KEY, tracker);
}

/**
 * check_senders_reputation(): marks the scan for TxRep. The lookup waits for
 * finishTxRep, after the metas, since TXREP must see every other rule.
 */
export const checkTxRepEval: EvalFn = (ctx) => {
  if (ctx.scratch.get(TRACKER_KEY) instanceof TxRepTracker) ctx.scratch.set(DUE_KEY, true);
  return false;
};

/** The scan's tracker when its TXREP rule ran, once per scan. */
function dueTracker(state: ScanState): TxRepTracker | undefined {
  const tracker = state.scratch.get(TRACKER_KEY);
  if (!(tracker instanceof TxRepTracker) || state.scratch.get(DUE_KEY) !== true) return undefined;
  state.scratch.set(DUE_KEY, false);
  return tracker;
}

/** TXREP for a scan: one transaction, then the hit with its dynamic score and the tags. */
export async function finishTxRep(state: ScanState): Promise<void> {
  const tracker = dueTracker(state);
  if (!tracker) return;
  const msg = txrepMessageOf(state);
  try {
    applyOutcome(state, await tracker.run(msg, tracker.settings(state.conf), { kind: 'scan' }));
  } catch (e) {
    // A store that fails leaves the message without TXREP, as SpamAssassin's does.
    tracker.updateErrors.push(e);
  }
}

/** TXREP for a synchronous scan (local stores): the outcome read now, the update committed in the background. */
export function finishTxRepSync(state: ScanState): void {
  const tracker = dueTracker(state);
  if (!tracker || tracker.remote) return;
  const msg = txrepMessageOf(state);
  const settings = tracker.settings(state.conf);
  applyOutcome(state, tracker.dryRun(msg, settings, { kind: 'scan' }));
  tracker.commitLater(msg, settings, { kind: 'scan' });
}

function applyOutcome(state: ScanState, outcome: TxRepOutcome): void {
  for (const [name, value] of outcome.tags) state.setTag(name, value);
  for (const line of outcome.details) state.testLogFor('TXREP', line);
  if (outcome.delta === 0) return;
  const text = perlFixed(outcome.delta, 3);
  if (state.hits.hit('TXREP', Number(text), 'TXREP: ', false)) (state.hits.scoreTexts ??= new Map()).set('TXREP', text);
}

/** The sender facts TxRep reads from a scanned message. */
export function txrepMessageOf(state: ScanState): TxRepMessage {
  const auth = authOutcome(state);
  const dkim = [...new Set(auth.dkim.filter((s) => s.result === 'pass').map((s) => s.domain))];
  return {
    ...senderOf(state.msg, state.relays(), (spec) => state.headerList(spec)[0] ?? ''),
    recipients: () => allToAddrs(state),
    points: autoLearnPoints({ conf: state.conf, scoreSet: state.scoreSet, testsHit: state.hits.scored.map((h) => h.name), score: 0, requiredScore: 0 }).points,
    prescore: state.hits.total,
    ...(dkim.length > 0 ? { dkimDomain: dkim.join(' ') } : {}),
    spfPass: auth.spf === 'pass',
    ...(auth.spfSender !== undefined ? { spfSender: auth.spfSender } : {}),
  };
}

/** The facts known without running rules (what a learn sees). */
export function senderOf(msg: ParsedMessage, relays: RelayAnalysis, first: (spec: string) => string): Pick<TxRepMessage, 'from' | 'trusted' | 'untrusted' | 'internalOnly' | 'msgId'> {
  return {
    from: asciiLower(first('From:addr')) || first('EnvelopeFrom:addr'),
    trusted: relays.trusted,
    untrusted: relays.untrusted,
    internalOnly: relays.internal.length > 0 && relays.external.length === 0,
    msgId: generatedMessageId(msg),
  };
}

/**
 * After a scan's auto-learn (txrep_autolearn on): SpamAssassin's learn hook
 * runs TxRep again on the scanned message, as a learn of that class.
 */
export async function txrepAutoLearn(state: ScanState, tracker: TxRepTracker, as: 'spam' | 'ham'): Promise<void> {
  const settings = tracker.settings(state.conf);
  if (!txrepActive(settings) || !settings.autolearn || tracker.store.readOnly) return;
  const value = as === 'spam' ? settings.learnPenalty : -settings.learnBonus;
  if (value === 0) return;
  try {
    // The learn runs on the scanned message before its headers are written: its tags (the message id's) win.
    const outcome = await tracker.run({ ...txrepMessageOf(state), prescore: state.hits.total }, settings, { kind: 'learn', value });
    for (const [name, tag] of outcome.tags) state.setTag(name, tag);
  } catch (e) {
    tracker.updateErrors.push(e);
  }
}
