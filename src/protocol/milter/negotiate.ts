/**
 * Option negotiation: from the MTA's OPTNEG offer and what the filter wants,
 * the OPTNEG reply and the options both sides then live by.
 */
import { ProtocolError } from '../../util/errors.js';
import { MILTER_VERSION, SMFIF, SMFIM, SMFIP } from './constants.js';
import type { MilterReply } from './replies.js';

export interface OptnegOffer {
  version: number;
  actions: number;
  protocol: number;
}

export interface FilterWants {
  /** SMFIF_* bits the filter would like to use. */
  actions: number;
  /** SMFIP_* bits the filter would like, before intersecting with the offer. */
  protocol: number;
  /** Macro lists per SMFIM_* stage, requested only when the MTA offers SETSYMLIST. */
  macros: Array<[number, string]>;
}

export interface Negotiated {
  version: number;
  actions: number;
  protocol: number;
}

/** Oldest MTA version we talk to: v2 is the first with the v6 command set minus DATA/UNKNOWN. */
const MIN_VERSION = 2;

/**
 * Every bit is granted only if the MTA offered it: Sendmail drops a filter
 * that asks for unoffered protocol bits, and an NR_* bit the MTA does not
 * honour would leave the MTA waiting for a reply we never send.
 */
export function negotiate(offer: OptnegOffer, wants: FilterWants): { reply: MilterReply; negotiated: Negotiated } {
  if (offer.version < MIN_VERSION) {
    throw new ProtocolError('milter', `MTA speaks milter protocol version ${offer.version}; at least ${MIN_VERSION} is needed`);
  }
  const version = Math.min(offer.version, MILTER_VERSION);
  const actions = (wants.actions & offer.actions) >>> 0;
  const protocol = (wants.protocol & offer.protocol) >>> 0;
  const macros = actions & SMFIF.SETSYMLIST ? wants.macros : [];
  return {
    reply: { kind: 'optneg', version, actions, protocol, macros },
    negotiated: { version, actions, protocol },
  };
}

/** Per command, the NR_* bit that says the MTA reads no reply to it. */
export const NO_REPLY_BIT = {
  connect: SMFIP.NR_CONN,
  helo: SMFIP.NR_HELO,
  mail: SMFIP.NR_MAIL,
  rcpt: SMFIP.NR_RCPT,
  data: SMFIP.NR_DATA,
  header: SMFIP.NR_HDR,
  eoh: SMFIP.NR_EOH,
  body: SMFIP.NR_BODY,
  unknown: SMFIP.NR_UNKN,
} as const;

export type RepliedCommand = keyof typeof NO_REPLY_BIT;

export function expectsReply(negotiated: Negotiated, cmd: RepliedCommand): boolean {
  return (negotiated.protocol & NO_REPLY_BIT[cmd]) === 0;
}

/**
 * The macros the filter reads, per stage, and no more: a SETSYMLIST list
 * replaces the MTA's configured list for that stage, and every macro listed
 * is a lookup and bytes on the wire for each event. Read: j, {daemon_name}
 * and v (the synthesized Received header's "by" part), {tls_version} and
 * {cipher} (its ESMTPS), {auth_type} and {auth_authen} (ESMTPA and the
 * authenticated-sender skip), i (queue id for logs and Received; Postfix
 * assigns it at the first accepted RCPT unless smtpd_delay_open_until_valid_rcpt=no).
 * Stages whose events are not used still ask for `i` alone, so that the
 * MTA's configured (longer) list for them is not used instead.
 */
export const SPAM_FILTER_MACROS: Array<[number, string]> = [
  [SMFIM.CONNECT, 'j {daemon_name} v'],
  [SMFIM.HELO, '{tls_version} {cipher}'],
  [SMFIM.ENVFROM, 'i {auth_type} {auth_authen}'],
  [SMFIM.ENVRCPT, 'i'],
  [SMFIM.DATA, 'i'],
  [SMFIM.EOH, 'i'],
  [SMFIM.EOM, 'i'],
];
