/**
 * TxRep when a message is learned or forgotten (sa-learn, spamd TELL, an
 * auto-learn with txrep_autolearn): SpamAssassin calls the plugin's
 * learn_message / forget_message hooks beside Bayes, without running any
 * rule. A spam adds txrep_learn_penalty to each identity of the sender, a
 * ham takes txrep_learn_bonus off (each pushed further by the identity's
 * mean); a message learned before is first taken back, through its stored
 * message id.
 */
import type { ScanState } from '../scan/scan-state.js';
import { allToAddrs } from '../evals/util/message-addrs.js';
import type { ReputationStore } from './reputation-store.js';
import { runTxRep, type TxRepMessage, type TxRepMode } from './txrep.js';
import type { TxRepRelay } from './txrep-sender.js';
import { senderOf } from './txrep-scan.js';
import { txrepActive, type TxRepSettings } from './txrep-settings.js';

/** What a learn needs of a message, as plain data (it crosses from the learner's worker threads). */
export interface TxRepLearnFacts extends Omit<TxRepMessage, 'recipients' | 'trusted' | 'untrusted'> {
  trusted: TxRepRelay[];
  untrusted: TxRepRelay[];
  recipients: string[];
}

const relayFacts = (r: TxRepRelay): TxRepRelay => ({ ip: r.ip, helo: r.helo, ipPrivate: r.ipPrivate });

/** The sender of a message being learned: no rule ran, so no points, no DKIM signer, no SPF result. */
export function txrepLearnFacts(state: ScanState): TxRepLearnFacts {
  const sender = senderOf(state.msg, state.relays(), (spec) => state.headerList(spec)[0] ?? '');
  return {
    ...sender,
    trusted: sender.trusted.map(relayFacts),
    untrusted: sender.untrusted.map(relayFacts),
    // Asked only for mail a local user sent (txrep_welcomelist_out).
    recipients: sender.internalOnly ? allToAddrs(state) : [],
    points: 0,
    prescore: 0,
    spfPass: false,
  };
}

/** The mode a learn runs TxRep in; undefined when it changes nothing (a penalty or bonus of 0). */
export function txrepLearnMode(settings: TxRepSettings, as: 'spam' | 'ham' | 'forget'): TxRepMode | undefined {
  if (as === 'forget') return { kind: 'forget' };
  const value = as === 'spam' ? settings.learnPenalty : -settings.learnBonus;
  return value === 0 ? undefined : { kind: 'learn', value };
}

/**
 * The message as SpamAssassin's forget hook sees it: a fresh PerMsgStatus
 * whose relays were never extracted, so no IP and no HELO identity (and no
 * points: no rule ran).
 */
function forgetView(facts: TxRepLearnFacts): TxRepMessage {
  return { ...facts, trusted: [], untrusted: [], internalOnly: false, recipients: () => [] };
}

/**
 * Learns or forgets the message's sender in one transaction; false when TxRep
 * is off for this configuration. `bayesRelearned`: Bayes had the message as
 * the other class and forgot it first, which runs every learner's forget hook,
 * TxRep's included, before TxRep's learn.
 */
export async function txrepLearn(store: ReputationStore, settings: TxRepSettings, facts: TxRepLearnFacts, as: 'spam' | 'ham' | 'forget', bayesRelearned = false): Promise<boolean> {
  if (!txrepActive(settings) || store.readOnly) return false;
  const mode = txrepLearnMode(settings, as);
  const forgetFirst = as === 'forget' || bayesRelearned;
  if (!mode && !forgetFirst) return false;
  const msg: TxRepMessage = { ...facts, recipients: () => facts.recipients };
  await store.transact((tx) => {
    if (forgetFirst) runTxRep(tx, forgetView(facts), settings, { kind: 'forget' });
    if (mode && mode.kind === 'learn') runTxRep(tx, msg, settings, mode);
  });
  return true;
}
