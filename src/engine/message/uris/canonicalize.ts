/**
 * The "cleaned" variants of a URI, as SpamAssassin's uri_list_canonicalize
 * produces them: the URI itself (trimmed) plus, where they differ,
 * %-decoded, scheme-prefixed, entity-decoded, default-port-less, IDN,
 * user-less, punctuation-trimmed and numeric-IP forms, mail address forms,
 * and the targets of redirectors (which are canonicalised in turn). Some
 * forms are odd but kept for compatibility, e.g. `http://192..2.1/` for
 * `http://192.0.2.1/` (a zero octet loses its digit).
 */
import { isPerlSpace, trimEndWhere } from '../octets.js';
import { idnToAscii } from './idn.js';
import type { RegistryBoundaries } from './registry.js';
import { urlDecode } from './url-decode.js';

/** Redirector chains stop here; SpamAssassin has no limit, hostile input needs one. */
const MAX_EXPANSIONS = 64;

const HOST_SPLIT = /^(https?:\/\/)([^@/?#]*@)?([^/?#:]+)((?::(\d*))?.*)$/i;

function mailVariants(uri: string, out: string[]): void {
  const query = /^([^@]+@[^?]+)\?/.exec(uri);
  if (query !== null) out.push(query[1]!);
  const amp = /^([^@]+@[^?&]+)&/.exec(uri);
  if (amp !== null) out.push(amp[1]!);
  if (uri.includes('%20')) {
    const spaced = /^(?:mailto:)?(?:%20)*([^@]+@[^?&%]+)/.exec(uri);
    if (spaced !== null) out.push(`mailto:${spaced[1]!}`);
  }
  const named = /^[^?&]*<([^@>]+@[^>]+)>/.exec(uri);
  if (named !== null) out.push(`mailto:${named[1]!}`);
}

/** Backslashes as slashes, `http:x` → `http://x`, %-decoding, default scheme, `/` before `?`/`#`, entities. */
function normalise(uri: string): string {
  let n = uri.replace(/\\/g, '/').replace(/^(https?:)\/{0,2}/i, '$1//');
  if (/%[0-9a-fA-F]{2}/.test(n)) n = urlDecode(n);
  if (!/^[-_a-z0-9]+:/i.test(n)) n = (n.startsWith('ftp.') ? 'ftp://' : 'http://') + n;
  n = n.replace(/^(https?:\/\/[^/?#]+)([?#])/i, '$1/$2');
  n = n.replace(/&#0*(3[3-9]|[4-9]\d|1[01]\d|12[0-6]);/g, (_m, d: string) => String.fromCharCode(Number(d)));
  n = n.replace(/&#x0*(2[1-9]|[3-6][a-fA-F0-9]|7[0-9a-eA-E]);/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return n.replace(/&#(?:x2e|12290|x3002|65294|xff0e|65377|xff61);/gi, '.');
}

/** A number as SpamAssassin's decode_ulong_to_ip reads it: the first four bytes of its hex form. */
function ulongToIp(value: bigint): string {
  const max = (1n << 64n) - 1n;
  let hex = (value > max ? max : value).toString(16).padStart(8, '0');
  if (hex.length % 2 === 1) hex += '0';
  const bytes: number[] = [];
  for (let i = 0; i < 8; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes.join('.');
}

/** Dotted hosts with hex or octal parts rewritten in decimal (`0x7f.0.0.01` → `127..0.1`, zeros vanish). */
function dottedNumeric(host: string): string | undefined {
  const m = /^((?:0x[0-9a-f]+|\d+)\.)((?:0x[0-9a-f]+|\d+)\.)((?:0x[0-9a-f]+|\d+)\.)(0x[0-9a-f]+|\d+)$/i.exec(host);
  if (m === null) return undefined;
  return [m[1]!, m[2]!, m[3]!, m[4]!]
    .map((chunk) =>
      chunk
        .replace(/^0x([0-9a-f]+)/i, (_x, h: string) => BigInt(`0x${h}`).toString(10))
        .replace(/^0+([1-3][0-7]{0,2}|[4-7][0-7]?)\b/, (_x, o: string) => String(parseInt(o, 8)))
        .replace(/^0+/, ''),
    )
    .join('');
}

interface HostParts {
  proto: string;
  auth: string;
  host: string;
  rest: string;
  port: string;
}

/** Variants that depend on the host part; returns the redirect target found, if any. */
function hostVariants(p: HostParts, out: string[], redirectors: readonly RegExp[], rb: RegistryBoundaries | undefined): string | undefined {
  const { proto, auth, rest } = p;
  let host = p.host;
  let port = p.port;
  let restNoPort: string | undefined;
  if (port === '') port = proto === 'http://' ? '80' : '443';
  else {
    const stripped = rest.replace(proto === 'http://' ? /^:80\b/ : /^:443\b/, '');
    restNoPort = stripped;
    if (stripped !== rest) out.push(proto + host + stripped);
  }
  const nhost = idnToAscii(host);
  if (nhost !== host.toLowerCase()) {
    out.push(proto + nhost + rest);
    if (restNoPort !== undefined && restNoPort !== '' && restNoPort !== '0') out.push(proto + nhost + restNoPort);
    host = nhost;
  }
  const noControls = host.replace(/[\x00-\x20]/g, '');
  if (noControls !== host) {
    host = noControls;
    out.push(proto + host + rest);
  }
  const target = redirectTarget(proto + host + rest, rest, redirectors);
  const noUser = host.replace(/^[^@]+@/, '');
  if (noUser !== host) {
    host = noUser;
    out.push(proto + host + rest);
  }
  const trimmed = trimEndWhere(host, isNotAlphanumeric);
  if (trimmed !== host) {
    host = trimmed;
    out.push(proto + host + rest);
  }
  numericHostVariants({ proto, auth, host, rest, port }, nhost, out, rb);
  return target;
}

function numericHostVariants(p: HostParts, nhost: string, out: string[], rb: RegistryBoundaries | undefined): void {
  const { proto, host, rest } = p;
  const dotted = dottedNumeric(host);
  if (dotted !== undefined) out.push(proto + dotted + rest);
  else if (/^0x[0-9a-f]+$/i.test(host)) {
    const last8 = /([0-9a-f]{1,8})$/i.exec(host.slice(2))![1]!;
    out.push(proto + ulongToIp(BigInt(`0x${last8}`)) + rest);
  } else if (/^[0-9]+$/.test(host)) out.push(proto + ulongToIp(BigInt(host)) + rest);
  else if (proto === 'http://' && p.auth === '' && nhost !== 'localhost' && p.port === '80') {
    // Firefox-style fixup of single-label hosts: http://foo → http://www.foo.com (SpamAssassin bug 6596).
    const single = /^(?:www\.)?([^.]+)$/.exec(nhost);
    if (single !== null && !(rb !== undefined && rb.isDomainValid(nhost))) {
      out.push(`${proto}www.${single[1]!}.com${rest}`);
    }
  }
}

function redirectTarget(full: string, rest: string, redirectors: readonly RegExp[]): string | undefined {
  for (const re of redirectors) {
    re.lastIndex = 0;
    const m = re.exec(full);
    if (m !== null && m[1] !== undefined && m[1].includes('.')) return m[1];
  }
  const generic = /(https?:\/{0,2}[^&#]+)/i.exec(rest);
  if (generic !== null && generic[1]!.includes('.')) return generic[1];
  return undefined;
}

/** All cleaned forms of the given URIs (deduplicated, first-seen order). */
/** `[^0-9A-Za-z]`, for trimming a host's tail by hand. */
const isNotAlphanumeric = (c: number): boolean => !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

export function canonicalizeUris(uris: readonly string[], redirectors: readonly RegExp[], rb?: RegistryBoundaries): string[] {
  const queue = [...uris];
  const extra: string[] = [];
  for (let i = 0; i < queue.length && i < MAX_EXPANSIONS; i++) {
    // Octet strings: Perl's \s here is ASCII whitespace only (0xA0 may be half of a UTF-8 character).
    // Trailing white space by hand: `[…]+$` is quadratic on a long inner run.
    const uri = trimEndWhere(queue[i]!.replace(/\n/g, '').replace(/^[\t\n\v\f\r ]+/, ''), isPerlSpace).replace(/\r/g, '');
    queue[i] = uri;
    if (uri.length <= 1 || /^(?:[#?&]|\/(?!\/))/.test(uri)) continue;
    if (/^mailto:/i.test(uri) || /^[^:]*@/.test(uri)) {
      mailVariants(uri, extra);
      continue;
    }
    const n = normalise(uri);
    if (n !== uri) extra.push(n);
    const m = HOST_SPLIT.exec(n);
    if (m === null) continue;
    const parts: HostParts = { proto: m[1]!, auth: m[2] ?? '', host: m[3]!, rest: m[4]!, port: m[5] ?? '' };
    const target = hostVariants(parts, extra, redirectors, rb);
    if (target !== undefined) queue.push(target);
  }
  return [...new Set([...queue.slice(0, MAX_EXPANSIONS), ...extra])];
}
