/** What the milter asks the MTA for, derived from its options. */
import { SMFIF, SMFIP } from '../src/protocol/milter/constants.js';
import { SPAM_FILTER_MACROS } from '../src/protocol/milter/negotiate.js';
import type { MilterOptions } from './options.js';
import type { SessionConfig, SessionHooks } from './session-types.js';
import { spamRecipientActions } from './spam-recipient.js';

/**
 * Events the filter never uses: DATA (the queue id it carries also comes
 * with RCPT and end of message), UNKNOWN and EOH. Not sending them saves
 * the MTA an event (and, without NR_*, a round trip) each.
 */
const NOT_SENT = SMFIP.NODATA | SMFIP.NOUNKNOWN | SMFIP.NOEOH;

/**
 * Stages whose answer is always CONTINUE once CONNECT and MAIL have had
 * their say: a skip at CONNECT or MAIL is answered there with ACCEPT,
 * after which the MTA sends nothing more for that connection or message.
 * BODY joins them: the size cap then no longer stops the MTA with SKIP (the
 * rest of an oversized body is read and dropped), which costs only the rare
 * message above --max-size, while every message saves a round trip.
 *
 * Postfix buffers events it need not wait for and writes them with the next
 * one it waits for, so a message costs three round trips (OPTNEG, MAIL, end
 * of message) instead of one per event (about 25 for a corpus message).
 * Measured with test/bench/postfix-load.ts (1,500 corpus messages, 200
 * sessions, means of five alternating runs on a shared 2-core machine, with
 * the connection changes of the same series): CPU per message, Spamward's
 * event loop 4.4 -> 2.5 ms, Postfix cleanup 7.7 -> 6.0, smtpd 7.2 -> 6.7
 * (Postfix without a milter: 1.7 and 2.3). With one SMTP session the delayed-ACK
 * stall seen with other milters did not show (88 and 75 ms per message in two
 * runs, against 85 and 90 ms with a reply per stage); --reply-flags brings
 * the replies back.
 */
const NO_REPLY = SMFIP.NR_HELO | SMFIP.NR_RCPT | SMFIP.NR_DATA | SMFIP.NR_HDR | SMFIP.NR_EOH | SMFIP.NR_UNKN | SMFIP.NR_BODY;

export function sessionConfigFor(options: MilterOptions, hooks: SessionHooks): SessionConfig {
  return {
    actions:
      SMFIF.ADDHDRS | SMFIF.CHGHDRS | SMFIF.QUARANTINE | (options.keepBody ? 0 : SMFIF.CHGBODY) |
      spamRecipientActions(options.spamRecipient) | (options.requestMacros ? SMFIF.SETSYMLIST : 0),
    protocol: SMFIP.HDR_LEADSPC | SMFIP.SKIP | NOT_SENT | (options.noReplyFlags ? noReplyBits(options) : 0),
    macros: SPAM_FILTER_MACROS,
    maxMessageBytes: options.maxMessageBytes,
    hooks,
  };
}

/**
 * CONNECT may answer ACCEPT only for a trusted client network, MAIL only for
 * an authenticated sender: without those skips configured their answer is
 * always CONTINUE, so they need no reply either.
 */
export function noReplyBits(options: Pick<MilterOptions, 'trustedNetworks' | 'skipAuthenticated'>): number {
  return (
    NO_REPLY |
    (options.trustedNetworks.length === 0 ? SMFIP.NR_CONN : 0) |
    (options.skipAuthenticated ? 0 : SMFIP.NR_MAIL)
  );
}
