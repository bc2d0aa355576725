/**
 * SpamAssassin's sanity check on a parsed address (Util::_valid_parsed_address),
 * shared by its internal parser and its Email::Address::XS path: not `""@…`,
 * and not exactly one double quote.
 */
export function validParsedAddress(a: string | undefined): a is string {
  if (a === undefined || a.startsWith('""@')) return false;
  let quotes = 0;
  for (let i = a.indexOf('"'); i !== -1 && quotes < 2; i = a.indexOf('"', i + 1)) quotes++;
  return quotes !== 1;
}
