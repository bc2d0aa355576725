/**
 * Turning parsed fields into a relay: the clean-ups SpamAssassin applies to
 * every parsed line (rDNS, IP literal forms, forbidden characters) and the
 * `[ ip=… ]` string form that rules and Bayes see.
 */
import { isPerlSpace, trimEndWhere, trimTrailingDots } from '../octets.js';
import { isPrivateIp } from './ip-patterns.js';
import type { ReceivedFields } from './received-fields.js';

/** Characters that would break the relay string; each becomes `!` to flag it was there. */
const FORBIDDEN = /[\t\n\v\f\r \0#[\]()<>|]/g;
const RDNS_PLACEHOLDER = /^unknown$/i;
const IPV6_TAG = /^ipv6:/i;
const ZONE_ID = /%[A-Z0-9._~-]*$/i;
const MAPPED_V4 = /^0*:0*:(?:0*:)*ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const ENVFROM_LEAD = /^[\t\n\v\f\r ]*<*/;
const isCloser = (c: number): boolean => c === 0x3e;

/** A relay parsed from one Received line, before trust is assigned. */
export interface ParsedRelay {
  ip: string;
  rdns: string;
  helo: string;
  by: string;
  ident: string;
  /** undefined when the line named no envelope sender. */
  envfrom: string | undefined;
  id: string;
  auth: string;
  ipPrivate: boolean;
  noReverseDns: boolean;
}

function flagForbidden(s: string): string {
  return s.replace(FORBIDDEN, '!');
}

/** Strip the decorations MTAs put around an envelope address. */
export function cleanEnvfrom(raw: string): string {
  // `s/>*\s*$//` by hand (as a regex it retried from every `>` of a long run): trailing blanks, then the `>`s before them.
  return flagForbidden(trimEndWhere(trimEndWhere(raw.replace(ENVFROM_LEAD, ''), isPerlSpace), isCloser));
}

function cleanIp(raw: string): string {
  let ip = raw.replace(IPV6_TAG, '');
  if (ip.startsWith('[')) ip = ip.slice(1);
  if (ip.endsWith(']')) ip = ip.slice(0, -1);
  ip = ip.replace(ZONE_ID, '');
  // Treat IPv4-mapped IPv6 as the IPv4 address it carries.
  return ip.replace(MAPPED_V4, '$1');
}

function cleanRdns(raw: string): string {
  const rdns = trimTrailingDots(raw);
  return RDNS_PLACEHOLDER.test(rdns) || rdns.startsWith('[') ? '' : rdns;
}

export function finishRelay(f: ReceivedFields): ParsedRelay {
  const rdns = flagForbidden(cleanRdns(f.rdns));
  const ip = flagForbidden(cleanIp(f.ip));
  return {
    ip,
    rdns,
    helo: flagForbidden(f.helo),
    by: flagForbidden(f.by.endsWith(';') ? f.by.slice(0, -1) : f.by),
    ident: flagForbidden(f.ident),
    envfrom: f.envfrom === undefined ? undefined : cleanEnvfrom(f.envfrom),
    id: f.id,
    auth: f.auth,
    ipPrivate: isPrivateIp(ip),
    noReverseDns: rdns === '' && f.mtaLookedUpDns,
  };
}

/** The `[ ip=… msa=0 ]` form, with the relay's final internal and MSA flags. */
export function relayString(r: ParsedRelay, internal: boolean, msa: boolean): string {
  // Perl prints a false-y envelope sender ("" or "0") as empty.
  const envfrom = r.envfrom === undefined || r.envfrom === '0' ? '' : r.envfrom;
  return `[ ip=${r.ip} rdns=${r.rdns} helo=${r.helo} by=${r.by} ident=${r.ident} envfrom=${envfrom} ` +
    `intl=${internal ? 1 : 0} id=${r.id} auth=${r.auth} msa=${msa ? 1 : 0} ]`;
}
