/**
 * From a verdict's score to the one action the MTA is told to take. Each
 * action has its own threshold; when several are reached, the one with the
 * highest threshold wins (so "quarantine at 8, reject at 12" holds at 10 and
 * rejects at 15). Ties go to the harsher action. A threshold of -1 is the
 * required_score the message was judged against (the user's, when their
 * preferences set one), as spamass-milter's `-r -1` reads it.
 */
import type { Verdict } from '../src/engine/api-types.js';
import { formatSmtpReply } from '../src/protocol/milter/smtp-reply.js';
import type { ActionPolicy } from './options.js';

export type PolicyAction = 'tag' | 'quarantine' | 'reject' | 'discard';

/** A threshold of -1 stands for the message's own required_score (spamass-milter's `-r -1`). */
export const USE_REQUIRED_SCORE = -1;

const HARSHNESS: Record<PolicyAction, number> = { tag: 0, quarantine: 1, reject: 2, discard: 3 };

export function chooseAction(score: number, policy: ActionPolicy, requiredScore: number): PolicyAction {
  const at = (threshold: number | undefined) => (threshold === USE_REQUIRED_SCORE ? requiredScore : threshold);
  const candidates: Array<[PolicyAction, number | undefined]> = [
    ['quarantine', at(policy.quarantineScore)],
    ['reject', policy.neverReject ? undefined : at(policy.rejectScore)],
    ['discard', policy.neverReject ? undefined : at(policy.discardScore)],
  ];
  let best: PolicyAction = 'tag';
  let bestThreshold = -Infinity;
  for (const [action, threshold] of candidates) {
    if (threshold === undefined || score < threshold) continue;
    if (threshold > bestThreshold || (threshold === bestThreshold && HARSHNESS[action] > HARSHNESS[best])) {
      best = action;
      bestThreshold = threshold;
    }
  }
  return best;
}

/** The REPLYCODE text for a rejection, with the verdict's values filled in. */
export function rejectReplyText(policy: ActionPolicy, verdict: Verdict): string {
  const text = policy.rejectReply.text
    .replace(/_SCORE_/g, verdict.scoreText)
    .replace(/_REQD_/g, verdict.requiredText)
    .replace(/_TESTS_/g, verdict.testNames.join(',') || 'none');
  return formatSmtpReply({ ...policy.rejectReply, text });
}

export function quarantineReason(verdict: Verdict): string {
  return `Spamward: spam score ${verdict.scoreText} (required ${verdict.requiredText})`;
}
