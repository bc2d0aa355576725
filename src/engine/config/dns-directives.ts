/**
 * DNS settings with their own syntax: dns_server, dns_query_restriction and
 * dns_block_rule accumulate (each line adds entries), rbl_timeout takes
 * `t [t_min] [zone]`.
 * The raw entries are kept in `lists`; src/engine/net/dns-settings.ts reads them.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';

/** `ip`, `ip:port`, `[ip]:port`, `[ip%scope]:port` (Conf.pm's dns_server), in node's notation. */
function serverEntry(value: string): string | undefined {
  const bracketed = /^\[([0-9a-fA-F.:]+(?:%[\w.]+)?)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return portOk(bracketed[2]) ? `[${bracketed[1]}]:${bracketed[2] ?? 53}` : undefined;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  if (v4) return portOk(v4[2]) ? `${v4[1]}:${v4[2] ?? 53}` : undefined;
  // A bare IPv6 address cannot carry a port: the brackets are required for that.
  if (/^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:%[\w.]+)?$/.test(value)) return `[${value}]:53`;
  return undefined;
}

function portOk(port: string | undefined): boolean {
  return port === undefined || (Number(port) > 0 && Number(port) <= 65535);
}

export const dnsServer: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const entry = serverEntry(value.trim());
  if (entry === undefined) return invalidValue(key);
  const list = st.mutEntry('lists', 'dns_server', () => []);
  if (!list.includes(entry)) list.push(entry);
  return undefined;
};

export const clearDnsServers: DirectiveHandler = (st) => {
  st.mutEntry('lists', 'dns_server', () => []).length = 0;
  return undefined;
};

const TIMEOUT = /^(\+?\d+(?:\.\d*)?[smhdw]?)(?:\s+(\+?\d+(?:\.\d*)?[smhdw]?))?(?:\s+(\S*[a-zA-Z]))?$/i;

export const rblTimeout: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  if (!TIMEOUT.test(value.trim())) return invalidValue(key);
  st.mutEntry('lists', 'rbl_timeout', () => []).push(value.trim());
  return undefined;
};

export const dnsQueryRestriction: DirectiveHandler = (st, value, key) => {
  const m = /^(allow|deny)\s+(\S[\s\S]*)$/i.exec(value.trim());
  if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
  const list = st.mutEntry('lists', 'dns_query_restriction', () => []);
  for (const d of (m[2] as string).toLowerCase().split(/\s+/)) {
    if (d !== '') list.push(`${(m[1] as string).toLowerCase()} ${d.replace(/^\.+|\.+$/g, '')}`);
  }
  return undefined;
};

export const clearDnsQueryRestriction: DirectiveHandler = (st) => {
  st.mutEntry('lists', 'dns_query_restriction', () => []).length = 0;
  return undefined;
};

/**
 * `dns_block_rule RULE domain...`: each domain (lower-cased, outer dots
 * dropped) becomes a `RULE domain` entry. A domain names a file, so only
 * [a-z0-9_.-] is accepted, as in SpamAssassin.
 */
export const dnsBlockRule: DirectiveHandler = (st, value, key) => {
  const m = /^(\S+)\s+(\S[\s\S]*)$/.exec(value.trim());
  if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
  const domains = (m[2] as string).toLowerCase().split(/\s+/).filter((d) => d !== '').map((d) => d.replace(/^\./, '').replace(/\.$/, ''));
  if (domains.some((d) => !/^[a-z0-9_.-]+$/.test(d))) return invalidValue(key);
  const list = st.mutEntry('lists', 'dns_block_rule', () => []);
  for (const d of domains) if (!list.includes(`${m[1]} ${d}`)) list.push(`${m[1]} ${d}`);
  return undefined;
};
