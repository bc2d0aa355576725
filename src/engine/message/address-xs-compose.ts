/**
 * The address string Email::Address::XS composes from a user and a host
 * (its `address` accessor): the user is quoted unless it is a run of atext
 * words separated by dots, and inside the quotes only `"`, `\`, NUL, tab,
 * CR and LF are backslash-escaped. The host is taken as it is.
 */
import { isAtext } from './address-xs-lexer.js';
import type { Octets } from './types.js';

export function xsComposeAddress(user: Octets, host: Octets): Octets {
  return `${needsQuotes(user) ? quote(user) : user}@${host}`;
}

// Consecutive dots pass unquoted; a leading or trailing one does not.
function needsQuotes(user: Octets): boolean {
  if (user === '' || user.startsWith('.') || user.endsWith('.')) return true;
  for (let i = 0; i < user.length; i++) {
    const c = user.charCodeAt(i);
    if (c !== 0x2e && !isAtext(c)) return true;
  }
  return false;
}

function quote(user: Octets): Octets {
  return `"${user.replace(/["\\\0\t\r\n]/g, '\\$&')}"`;
}
