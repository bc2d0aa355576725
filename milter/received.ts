/**
 * The Received header for the last hop. Neither Postfix nor Sendmail shows a
 * milter its own new Received line, yet SpamAssassin's relay trust
 * (trusted_networks, ALL_TRUSTED, RCVD_IN_*) starts from it, so it is
 * rebuilt from CONNECT, HELO and the macros in the layout Postfix writes,
 * which SpamAssassin's Received parser knows.
 */
import type { Envelope } from './session-types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The last date formatted, by second: under load most messages share their second with the one before. */
let lastSecond = NaN;
let lastText = '';

/** RFC 5322 date in UTC, e.g. `Thu, 26 Nov 2026 00:30:00 +0000 (UTC)`. */
export function rfc5322Date(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const p2 = (n: number) => String(n).padStart(2, '0');
  lastText =
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000 (UTC)`;
  lastSecond = second;
  return lastText;
}

/** RFC 3848 protocol name: ESMTP plus S for TLS and A for SMTP AUTH. */
function withProtocol(macros: Readonly<Record<string, string>>): string {
  const tls = Boolean(macros['tls_version'] || macros['cipher']);
  const auth = Boolean(macros['auth_authen'] || macros['auth_type']);
  return `ESMTP${tls ? 'S' : ''}${auth ? 'A' : ''}`;
}

/** The client part: `helo (rdns [ip])`, `unknown` when the MTA found no name. */
function fromPart(env: Envelope): string {
  const c = env.connect;
  const hostname = c?.hostname ?? 'localhost';
  const helo = env.helo ?? hostname;
  if (c === null || c.family === 'unknown' || c.family === 'unix' || c.address === '') return `${helo} (${hostname})`;
  const rdns = hostname.startsWith('[') || hostname === '' ? 'unknown' : hostname;
  const bare = c.address.replace(/^IPv6:/i, '');
  const ip = c.family === 'inet6' ? `IPv6:${bare}` : bare;
  return `${helo} (${rdns} [${ip}])`;
}

/** The value (after `Received:`) with the leading space and CRLF-TAB folding. */
export function synthesizeReceived(env: Envelope, now: Date): string {
  const m = env.macros;
  const by = m['j'] || m['daemon_name'] || 'localhost';
  const mta = (m['v'] ?? '').startsWith('Postfix') ? ' (Postfix)' : m['v'] ? ` (${m['v']})` : '';
  const id = m['i'] ? ` id ${m['i']}` : '';
  // SpamAssassin takes EnvelopeFrom from the last untrusted hop's
  // "envelope-from" (Exim and Sendmail write it too); the MTA adds Return-Path
  // only at delivery, so without this rules comparing it to From: go blind.
  const sender = env.sender.replace(/^<(.*)>$/, '$1');
  const envFrom = sender.includes('@') ? `\r\n\t(envelope-from <${sender}>)` : '';
  const only = env.recipients.length === 1 ? (env.recipients[0] as string) : '';
  const rcpt = only ? `\r\n\tfor ${only.startsWith('<') ? only : `<${only}>`}` : '';
  return ` from ${fromPart(env)}\r\n\tby ${by}${mta} with ${withProtocol(m)}${id}${envFrom}${rcpt}; ${rfc5322Date(now)}`;
}
