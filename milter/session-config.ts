/** What the milter asks the MTA for, derived from its options. */
import { SMFIF, SMFIP } from '../src/protocol/milter/constants.js';
import { SPAM_FILTER_MACROS } from '../src/protocol/milter/negotiate.js';
import type { MilterOptions } from './options.js';
import type { SessionConfig, SessionHooks } from './session-types.js';

/**
 * NR_* bits are off by default: with them, Postfix's small writes wait on the
 * milter's delayed ACK (about 40 ms per message, measured). When enabled they
 * cover only stages whose answer is always CONTINUE; CONNECT and MAIL keep
 * replies because they may ACCEPT (trusted client, authenticated sender),
 * and BODY keeps them so an oversized message can be answered with SKIP.
 */
const NO_REPLY = SMFIP.NR_HELO | SMFIP.NR_RCPT | SMFIP.NR_DATA | SMFIP.NR_HDR | SMFIP.NR_EOH | SMFIP.NR_UNKN;

export function sessionConfigFor(options: MilterOptions, hooks: SessionHooks): SessionConfig {
  return {
    actions: SMFIF.ADDHDRS | SMFIF.CHGHDRS | SMFIF.QUARANTINE | (options.requestMacros ? SMFIF.SETSYMLIST : 0),
    protocol: SMFIP.HDR_LEADSPC | SMFIP.SKIP | (options.noReplyFlags ? NO_REPLY : 0),
    macros: SPAM_FILTER_MACROS,
    maxMessageBytes: options.maxMessageBytes,
    hooks,
  };
}
