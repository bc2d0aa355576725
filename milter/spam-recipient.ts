/**
 * Spam to a mailbox of the site's choosing, as spamass-milter's -b and -B do:
 * `redirect` takes every envelope recipient off a spam message (each kept in
 * an `X-Spam-Orig-To:` header) and sends it to the spam address alone;
 * `copy` keeps the recipients and adds the spam address beside them. Only
 * messages the verdict calls spam, and only those the policy lets through
 * (tagged or held): a rejected or discarded message goes nowhere.
 */
import { SMFIF } from '../src/protocol/milter/constants.js';
import type { MilterReply } from '../src/protocol/milter/replies.js';
import { SpamwardError } from '../src/util/errors.js';
import { outgoingValue } from './header-edits.js';
import { addressParts } from './user-prefs.js';

export interface SpamRecipient {
  mode: 'redirect' | 'copy';
  /** The spam address, without angle brackets. */
  address: string;
}

/** The header each original recipient of a redirected message is kept in (spamass-milter's name). */
export const ORIGINAL_RECIPIENT_HEADER = 'X-Spam-Orig-To';

/** The milter actions the MTA must grant for the mode. */
export function spamRecipientActions(s: SpamRecipient | undefined): number {
  if (s === undefined) return 0;
  return s.mode === 'redirect' ? SMFIF.ADDRCPT | SMFIF.DELRCPT | SMFIF.ADDHDRS : SMFIF.ADDRCPT;
}

/** Whether the MTA granted what the mode needs. */
export function spamRecipientGranted(s: SpamRecipient, actions: number): boolean {
  const needed = spamRecipientActions(s);
  return (actions & needed) === needed;
}

/** The envelope edits for a spam message: recipients off (kept in headers) and the spam address on, or the address added. */
export function spamRecipientEdits(s: SpamRecipient, recipients: readonly string[], leadspc: boolean): MilterReply[] {
  const add: MilterReply = { kind: 'addrcpt', rcpt: `<${s.address}>` };
  if (s.mode === 'copy') return recipients.some((r) => sameAddress(r, s.address)) ? [] : [add];
  return [
    ...recipients.flatMap((rcpt): MilterReply[] => [
      { kind: 'addheader', name: ORIGINAL_RECIPIENT_HEADER, value: outgoingValue(rcpt, leadspc) },
      { kind: 'delrcpt', rcpt },
    ]),
    add,
  ];
}

function sameAddress(rcpt: string, address: string): boolean {
  return addressParts(rcpt)?.address === address.toLowerCase();
}

/** `--redirect-spam` / `--copy-spam` as options: at most one, a plain address. */
export function spamRecipientFrom(redirect: string | undefined, copy: string | undefined): SpamRecipient | undefined {
  if (redirect !== undefined && copy !== undefined) throw new SpamwardError('ERR_CONFIG', '--redirect-spam and --copy-spam cannot be used together');
  const given = redirect ?? copy;
  if (given === undefined) return undefined;
  const address = given.trim().replace(/^<(.*)>$/, '$1');
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(address)) throw new SpamwardError('ERR_CONFIG', `${redirect !== undefined ? '--redirect-spam' : '--copy-spam'}: '${given}' is not an email address`);
  return { mode: redirect !== undefined ? 'redirect' : 'copy', address };
}
