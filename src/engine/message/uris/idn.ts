/**
 * Host names to their ASCII (IDNA) form, as SpamAssassin's idn_to_ascii
 * does with libidn2: input is octets; all-ASCII host names are just
 * lower-cased; otherwise UTF-8 (or, failing that, Latin-1 letters) is
 * converted label by label, with the ideographic full stops read as dots.
 * When a label cannot be converted the input is returned unchanged, and
 * input in no recognisable charset is only lower-cased. Input holding a
 * character above U+00FF (a link from decoded HTML) is taken as Unicode.
 */
import { domainToASCII } from 'node:url';

const PLAIN_ASCII = /^[a-zA-Z0-9_.:[\]-]*$/;
const LATIN1_LETTERS = /^[a-zA-Z0-9\xc0-\xd6\xd8-\xde\xe0-\xf6\xf8-\xfe_.-]*$/;
const ALT_FULL_STOPS = /[\u3002\uff0e\uff61]/g;
const WIDE = /[^\x00-\xff]/;

/** Decode octets as strict UTF-8, or undefined when they are not valid UTF-8. */
export function utf8Decode(octets: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(octets, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Unicode text to UTF-8 octets (one char per byte). */
export function utf8Octets(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

// What IDNA2008 disallows after UTS #46's mapping (about NFKC and lower case): symbols and punctuation,
// but for the hyphen and the contextual marks libidn2 lets through (middle dots, Greek keraia, Hebrew
// geresh and gershayim). Node's domainToASCII converts such labels (UTS #46 with NV8 allowed), libidn2
// and so SpamAssassin do not: `ab©.example` stays as it is.
const DISALLOWED_AFTER_MAPPING = /(?![-\u00b7\u0375\u05f3\u05f4\u30fb])[\p{S}\p{P}]/u;

function labelToAscii(label: string): string | undefined {
  if (/^[\x00-\x7f]*$/.test(label)) return label.toLowerCase();
  if (DISALLOWED_AFTER_MAPPING.test(label.normalize('NFKC').toLowerCase())) return undefined;
  // A letter label after it, or a label that maps to digits (①) would be read as an IPv4 number.
  const ace = domainToASCII(`${label}.a`);
  return ace.endsWith('.a') && ace.length > 2 ? ace.slice(0, -2) : undefined;
}

export function idnToAscii(octets: string): string {
  if (PLAIN_ASCII.test(octets)) return octets.toLowerCase();
  // A link from decoded HTML can hold characters above U+00FF: it is Unicode already, not octets.
  let unicode = WIDE.test(octets) ? octets : utf8Decode(octets);
  if (unicode !== undefined) unicode = unicode.replace(ALT_FULL_STOPS, '.');
  else if (LATIN1_LETTERS.test(octets)) unicode = octets;
  else return octets.toLowerCase();
  const labels: string[] = [];
  for (const label of unicode.split('.')) {
    const ace = labelToAscii(label);
    if (ace === undefined) return utf8Octets(unicode);
    labels.push(ace);
  }
  return labels.join('.');
}
