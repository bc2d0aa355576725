/**
 * SpamAssassin's second opinion on an address header
 * (Util::_parse_header_addresses_xs): the value as Email::Address::XS parses
 * it (emulated in address-xs-list.ts), turned into the records the internal
 * parser returns.
 */
import type { ParsedAddress } from './address-parse.js';
import { xsComposeAddress } from './address-xs-compose.js';
import { type XsAddress, xsParse } from './address-xs-list.js';
import { validParsedAddress } from './address-valid.js';
import { isFqdnValid } from './host-extract.js';
import type { Octets } from './types.js';

// Perl's `/^([^\s\@]+)\@([^\s\@]+)$/` on bytes; its `$` also allows one final newline.
const BARE_MAIL = /^([^\t\n\x0b\f\r @]+)@([^\t\n\x0b\f\r @]+)\n?$/;

export function parseHeaderAddressesXs(value: Octets): ParsedAddress[] {
  // As SpamAssassin does before asking the module: escaped backslashes go.
  const str = value.replace(/\\\\/g, '');
  return xsParse(str).map((a) => record(a, str));
}

function record(a: XsAddress, str: Octets): ParsedAddress {
  let { phrase, user, host } = a;
  const comment = a.comment;
  let address = user !== undefined && host !== undefined && host !== '' ? xsComposeAddress(user, host) : undefined;
  const bare = bareMailPhrase(a);
  if (bare) {
    // Bug 5201: `From: "joe+foobar@example.com"` reads as a name only; take it as the address.
    [address, user, host] = [phrase, bare[1], bare[2]];
    phrase = undefined;
  }
  if (phrase === undefined && comment !== undefined) phrase = comment;
  // Nothing usable: the whole value becomes the name.
  if (phrase === undefined && address === undefined) phrase = str;
  return { phrase, address, user, host, comment };
}

/** A lone phrase that looks like user@valid-host, as SpamAssassin's Bug 5201 workaround accepts it. */
function bareMailPhrase(a: XsAddress): RegExpExecArray | undefined {
  // Without a user there is no address either.
  if (a.user !== undefined || a.comment !== undefined || a.phrase === undefined) return undefined;
  const p = a.phrase;
  if (!validParsedAddress(p)) return undefined;
  const m = BARE_MAIL.exec(p);
  return m && isFqdnValid(m[2]!) ? m : undefined;
}
