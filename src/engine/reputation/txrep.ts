/**
 * TxRep (SpamAssassin's Plugin::TxRep, check_senders_reputation): the
 * message's sender is looked up under several identities (From address with
 * the IP block or the signer, the domain, the HELO name, the address alone,
 * the IP), each with a weight; their weighted deltas, averaged and scaled by
 * txrep_factor, become the TXREP score. Each identity then records the
 * message's autolearn points (the score before TxRep), and the message id
 * records the points after TxRep, so a rescan finds the message again and a
 * relearn can take the old learn back.
 *
 * Everything runs over one store transaction: reads and writes in
 * SpamAssassin's order, since two identities can share an entry.
 */
import { perlFixed, perlFixedWidth } from '../report/perl-format.js';
import type { ReputationTxn } from './reputation-store.js';
import { identityDelta, sanitized, type TxRepCounts, withScoreAdded, withScoreRemoved } from './txrep-entry.js';
import { txrepEntryKey, txrepIpKey } from './txrep-keys.js';
import { fromDomain, senderHops, type TxRepRelay } from './txrep-sender.js';
import type { TxRepIdentity, TxRepSettings } from './txrep-settings.js';

export interface TxRepMessage {
  /** From:addr lower-cased (ASCII), else the envelope sender. */
  from: string;
  trusted: readonly TxRepRelay[];
  untrusted: readonly TxRepRelay[];
  /** Only internal relays, no external one: mail sent by a local user. */
  internalOnly: boolean;
  /** all_to_addrs, asked only for mail sent by a local user. */
  recipients: () => readonly string[];
  /** SpamAssassin's generated message id (To, Date and body digest). */
  msgId: string;
  /** The autolearn points (non-Bayes score set, no noautolearn/userconf/learn rules). */
  points: number;
  /** The score before TxRep, for the PRESCORE tags. */
  prescore: number;
  /** The DKIM signing domain(s) that verified (the DKIMDOMAIN tag), if any. */
  dkimDomain?: string;
  spfPass: boolean;
  /** The sender SPF checked. */
  spfSender?: string;
}

/** A scan; a learn with its penalty (spam) or bonus (ham, negative); a forget. */
export type TxRepMode = { kind: 'scan' } | { kind: 'learn'; value: number } | { kind: 'forget' };

export interface TxRepOutcome {
  /** The TXREP delta, unrounded (0: no hit). */
  delta: number;
  /** The template tags TXREP<ID>, TXREP<ID>MEAN/COUNT/PRESCORE. */
  tags: Map<string, string>;
  /** Why nothing was looked up, when nothing was. */
  skipped?: string;
  /** txrep_report_details: one line per identity found in the store, shown under TXREP in the report. */
  details: string[];
}

type Key = TxRepIdentity | 'MSG_ID';

/** The score SpamAssassin hits TXREP with: sprintf("%0.3f"), read back as a number. */
export function txrepHitScore(delta: number): number {
  return Number(perlFixed(delta, 3));
}

/** Perl's truth of a string: '' and '0' are false. */
function perlTrue(s: string | undefined): s is string {
  return s !== undefined && s !== '' && s !== '0';
}

/** One run of check_senders_reputation over a transaction. */
class Run {
  totalWeight = 0;
  readonly tags = new Map<string, string>();
  readonly details: string[] = [];
  readonly welcomelistOut: boolean;
  /** The message's score so far ($pms->{score}): the last tags are set after TXREP's own hit. */
  prescore: number;

  constructor(
    readonly tx: ReputationTxn,
    readonly msg: TxRepMessage,
    readonly s: TxRepSettings,
    /** The learn penalty/bonus while learning. */
    readonly learning: number | undefined,
    readonly forgetting: boolean,
    readonly now: number,
  ) {
    this.welcomelistOut = s.welcomelistOut > 0 && msg.internalOnly;
    this.prescore = msg.prescore;
  }

  private weightOf(key: Key): number {
    return key === 'MSG_ID' ? 1 : this.s.weights[key];
  }

  private keyOf(id: string, ip: string | undefined): string {
    return txrepEntryKey(id, txrepIpKey(ip, this.s.ipv4MaskLen, this.s.ipv6MaskLen), this.welcomelistOut);
  }

  private put(key: string, e: TxRepCounts): void {
    this.tx.put(key, { count: e.count, total: e.total, lastHit: this.now });
  }

  /** check_reputation: one identity's weighted delta, and its entry updated with `score` when there is one. */
  check(key: Key, id: string, ip: string | undefined, score: number | undefined): { weighted: number; count: number } {
    const weight = this.weightOf(key);
    if (!weight) return { weighted: 0, count: 0 };
    const entryKey = this.keyOf(id, ip);
    let entry = sanitized(this.tx.get(entryKey));
    const mean = entry.count > 0 ? entry.total / entry.count : undefined;
    let delta = 0;
    if (this.learning && score !== undefined) {
      // A learn pushes the score further from 0 by the size of the identity's mean.
      if (mean !== undefined) score += Math.sign(score) * Math.abs(mean);
    } else {
      delta = this.observe(key, entry, mean, score);
      if (mean !== undefined && key !== 'MSG_ID' && this.s.reportDetails > 0) this.details.push(this.detailLine(key, id, ip, mean, entry.count));
    }
    if (score !== undefined) {
      if (this.forgetting) {
        entry = withScoreRemoved(entry, score);
        if (key === 'MSG_ID') this.tx.del(entryKey);
        else this.put(entryKey, entry);
      } else {
        entry = withScoreAdded(entry, score, this.s.dilutionFactor);
        // A learned message id keeps count 2, so it tells itself apart from a scanned one (count 1).
        if (this.learning && key === 'MSG_ID' && entry.count === 1) entry = withScoreAdded(entry, score, this.s.dilutionFactor);
        this.put(entryKey, entry);
      }
    } else if (this.forgetting && key === 'MSG_ID') {
      this.tx.del(entryKey);
    }
    return { weighted: weight * delta, count: entry.count };
  }

  /** The scan side of check_reputation: the delta, the weight counted, the tags. */
  private observe(key: Key, entry: TxRepCounts, mean: number | undefined, score: number | undefined): number {
    this.totalWeight += this.weightOf(key);
    const tagId = `TXREP${key.replace(/_/g, '')}`;
    if (key === 'MSG_ID' && entry.count > 0) {
      const delta = entry.total / entry.count;
      this.tags.set(tagId, perlFixedWidth(delta, 2, 1));
      return delta;
    }
    const delta = identityDelta(entry, score);
    this.tags.set(tagId, perlFixedWidth(delta, 2, 1));
    if (mean !== undefined) this.tags.set(`${tagId}MEAN`, perlFixedWidth(mean, 2, 1));
    this.tags.set(`${tagId}COUNT`, perlFixedWidth(entry.count, 2, 1));
    this.tags.set(`${tagId}PRESCORE`, perlFixedWidth(this.prescore, 2, 1));
    return delta;
  }

  /**
   * One identity as txrep_report_details lists it: `EMAILIP: addr|block`,
   * `IP: addr`, and at 2 its mean and count. SpamAssassin also writes these
   * while learning, but a learn's lines reach no report.
   */
  private detailLine(key: Key, id: string, ip: string | undefined, mean: number, count: number): string {
    const tagId = key.replace(/_/g, '');
    // A block SpamAssassin cannot compute is Perl's undef, which joins as ''.
    const block = ip === undefined ? undefined : txrepIpKey(ip, this.s.ipv4MaskLen, this.s.ipv6MaskLen);
    const line = `${tagId}: ${block === undefined ? id : `${id}|${block === 'none' ? '' : block}`}`;
    return this.s.reportDetails === 2 ? `${line}, rep: ${perlFixed(mean, 2)}, count: ${Math.trunc(count)}` : line;
  }

  /** modify_reputation: the entry replaced by one message worth `score` (txrep_welcomelist_out). */
  replaceWith(id: string, score: number): void {
    const key = this.keyOf(id, undefined);
    this.put(key, withScoreAdded({ count: 0, total: 0 }, score, undefined));
  }
}

/** check_senders_reputation over `tx`; returns the TXREP delta (scans only) and the tags. */
export function runTxRep(tx: ReputationTxn, msg: TxRepMessage, s: TxRepSettings, mode: TxRepMode, now = Math.floor(Date.now() / 1000)): TxRepOutcome {
  const learning = mode.kind === 'learn' ? mode.value : undefined;
  return runWith(tx, msg, s, learning, mode.kind === 'forget', now);
}

function runWith(tx: ReputationTxn, msg: TxRepMessage, s: TxRepSettings, learning: number | undefined, forgetting: boolean, now: number): TxRepOutcome {
  const run = new Run(tx, msg, s, learning, forgetting, now);
  if (!/[^\t\n\x0B\f\r ]/.test(msg.from)) return { delta: 0, tags: run.tags, details: [], skipped: 'no sender address' };
  let score = learning ?? msg.points;
  const domain = fromDomain(msg.from);
  const { origIp, helo } = senderHops(msg.trusted, msg.untrusted, msg.from, domain, score);

  if (s.trackMessages && perlTrue(msg.msgId)) {
    const seen = run.check('MSG_ID', msg.msgId, undefined, undefined);
    if (seen.count > 0) {
      if (learning !== undefined && !forgetting) {
        // Learned before (count 2): take that learn back, then learn again. Only scanned (count 1): learn.
        if (seen.count > 1) runWith(tx, msg, s, learning, true, now);
      } else if (forgetting) {
        score = seen.weighted;
      } else {
        // A rescan: pull the score towards the one stored for this message, and store nothing.
        return { delta: (score + s.factor * seen.weighted) / (1 + s.factor) - score, tags: run.tags, details: [] };
      }
    }
  }

  if (run.welcomelistOut) {
    for (const rcpt of msg.recipients()) if (rcpt) run.replaceWith(rcpt, -s.welcomelistOut);
  }

  const bound = boundIdentity(msg, s, origIp, domain);
  run.totalWeight = 0;
  let sum = run.check('EMAIL_IP', msg.from, bound.ip, score).weighted;
  if (perlTrue(bound.domain)) sum += run.check('DOMAIN', bound.domain, bound.ip, score).weighted;
  if (perlTrue(helo)) sum += run.check('HELO', helo, undefined, score).weighted;
  if (perlTrue(origIp)) {
    if (!perlTrue(bound.signedBy)) sum += run.check('EMAIL', msg.from, undefined, score).weighted;
    sum += run.check('IP', origIp, undefined, score).weighted;
  }

  let delta = 0;
  if (learning === undefined) {
    delta = run.totalWeight ? (s.factor * sum) / run.totalWeight : 0;
    if (delta) run.prescore += txrepHitScore(delta);
    score += delta;
  }
  if (s.trackMessages && perlTrue(msg.msgId)) run.check('MSG_ID', msg.msgId, undefined, score);
  return { delta, tags: run.tags, details: run.details };
}

/**
 * What the address and domain are bound to: a DKIM signer replaces the IP
 * block and the domain; an SPF pass (txrep_spf) replaces the IP block. Either
 * also drops the address-alone identity. (SpamAssassin's DB store keeps no
 * signer in its keys, so a bound address is filed under `ip=none`.)
 */
function boundIdentity(msg: TxRepMessage, s: TxRepSettings, origIp: string | undefined, domain: string): { ip: string | undefined; domain: string; signedBy: string | undefined } {
  const signer = s.distinguishSigned && msg.dkimDomain ? msg.dkimDomain : undefined;
  if (signer) return { ip: undefined, domain: signer, signedBy: signer };
  if (msg.spfPass && s.useSpf) {
    const spfDomain = msg.spfSender === undefined ? undefined : msg.spfSender.replace(/^.+@/, '');
    return { ip: undefined, domain, signedBy: spfDomain === undefined ? 'spf' : `spf-${spfDomain}` };
  }
  return { ip: origIp, domain, signedBy: undefined };
}
