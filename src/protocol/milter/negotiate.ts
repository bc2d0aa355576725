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
 * Macros a spam filter needs, on top of Postfix's defaults, because a
 * SETSYMLIST list replaces the MTA's configured list for that stage.
 */
export const SPAM_FILTER_MACROS: Array<[number, string]> = [
  [SMFIM.CONNECT, 'j _ v {daemon_name} {daemon_addr} {client_addr} {client_name} {client_ptr}'],
  [SMFIM.HELO, '{tls_version} {cipher} {cipher_bits} {cert_subject} {cert_issuer}'],
  [SMFIM.ENVFROM, 'i {auth_type} {auth_authen} {auth_author} {mail_addr} {mail_host} {mail_mailer}'],
  [SMFIM.ENVRCPT, 'i {rcpt_addr} {rcpt_host} {rcpt_mailer}'],
  [SMFIM.DATA, 'i'],
  [SMFIM.EOH, 'i'],
  [SMFIM.EOM, 'i {msg_id}'],
];
