/**
 * The SMTP envelope sender (SpamAssassin's EnvelopeFrom), decided after the
 * relays are classified:
 * 1. a configured envelope_sender_header, and nothing else, when set;
 * 2. the envelope-from recorded by the last untrusted relay (or, when all
 *    are trusted, by the first trusted one);
 * 3. X-Envelope-From, Envelope-Sender, Return-Path, each only when it sits
 *    above every Received header (so our own MTA added it). X-Sender plus a
 *    fetchmail hop makes these headers untrustworthy.
 */
import type { EngineConfig } from '../../config/types.js';
import { firstAddress } from './header-address.js';
import type { HeaderIndex } from './header-values.js';

/** What the decision needs from the relay step. */
export interface EnvelopeHop {
  /** undefined when the Received line named no envelope sender. */
  envfrom: string | undefined;
}

/** An address counts if it has a local part before `@`, or is the null sender (`<>` → ''). */
function usable(addr: string | undefined): addr is string {
  return addr !== undefined && (addr.indexOf('@') > 0 || addr === '');
}

function firstAddrOf(headers: HeaderIndex, name: string): string | undefined {
  return firstAddress(headers.fields(name)[0]?.raw);
}

/** Whether some Received header comes before a header of this name (it was relayed, not added by us). */
function belowAReceived(headers: HeaderIndex, name: string): boolean {
  const firstReceived = headers.positions('Received')[0];
  return firstReceived !== undefined && headers.positions(name).some((p) => p > firstReceived);
}

function fetchmailWithXSender(headers: HeaderIndex): boolean {
  const xSender = firstAddrOf(headers, 'X-Sender');
  if (xSender === undefined || !xSender.includes('@')) return false;
  return headers.values('Received').some((v) => v.includes('(fetchmail'));
}

export function decideEnvelopeFrom(
  headers: HeaderIndex,
  conf: Pick<EngineConfig, 'envelopeSenderHeader'>,
  lastUntrusted: EnvelopeHop | undefined,
  firstTrusted: EnvelopeHop | undefined,
): string | undefined {
  if (conf.envelopeSenderHeader !== undefined) {
    const addr = firstAddrOf(headers, conf.envelopeSenderHeader);
    return usable(addr) ? addr : undefined;
  }
  const hop = lastUntrusted ?? firstTrusted;
  if (hop && usable(hop.envfrom)) return hop.envfrom;
  if (fetchmailWithXSender(headers)) return undefined;
  const xEnvelope = firstAddrOf(headers, 'X-Envelope-From');
  if (xEnvelope !== undefined) return belowAReceived(headers, 'X-Envelope-From') ? undefined : xEnvelope;
  for (const name of ['Envelope-Sender', 'Return-Path']) {
    const addr = firstAddrOf(headers, name);
    if (addr !== undefined && !belowAReceived(headers, name)) return addr;
  }
  return undefined;
}
