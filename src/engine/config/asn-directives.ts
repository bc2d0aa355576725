/**
 * The ASN plugin's commands: `asn_lookup ZONE [_ASNTAG_ _ROUTETAG_]` (and
 * `asn_lookup_ipv6`) add a zone whose TXT answers fill the two tags (`_ASN_`
 * and `_ASNCIDR_` unless named; both or neither), `clear_asn_lookups` drops
 * every zone of both families, and `asn_prefix` sets the text before each AS
 * number (quotes stripped; empty allowed).
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';

/** Where the zones are kept in the configuration's generic lists, one `ZONE ASNTAG ROUTETAG` entry each. */
export const ASN_LOOKUP_LISTS = { ipv4: 'asn_lookup', ipv6: 'asn_lookup_ipv6' } as const;

const LOOKUP_SYNTAX = /^(\S+?)\.?(?:\s+_(\S+)_\s+_(\S+)_)?$/;

function addLookup(list: string): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const m = LOOKUP_SYNTAX.exec(value);
    if (m === null) return invalidValue(key);
    st.mutEntry('lists', list, () => []).push(`${m[1]} ${m[2] ?? 'ASN'} ${m[3] ?? 'ASNCIDR'}`);
    return undefined;
  };
}

export const asnLookup = addLookup(ASN_LOOKUP_LISTS.ipv4);
export const asnLookupIpv6 = addLookup(ASN_LOOKUP_LISTS.ipv6);

export const clearAsnLookups: DirectiveHandler = (st, value, key) => {
  if (value !== '') return invalidValue(key);
  for (const list of Object.values(ASN_LOOKUP_LISTS)) if (st.config.lists.has(list)) st.mut('lists').delete(list);
  return undefined;
};

export const asnPrefix: DirectiveHandler = (st, value) => {
  st.mut('other').set('asn_prefix', /^(['"])(.*)\1$/s.exec(value)?.[2] ?? value);
  return undefined;
};
