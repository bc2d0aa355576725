/**
 * What an ASN zone's TXT records say, read the way SpamAssassin's ASN plugin
 * reads them. A record of several character-strings without a `|` is
 * routeviews' form (`"1103" "192.88.99.0" "24"`: AS number, network, mask
 * length); otherwise the strings are joined and split at `|` (cymru's
 * `559 1103 | 192.88.99.0/24 | US …`, spameatingmonkey's `192.88.99.0/24 |
 * AS1103 | …`, or a bare `as1103`). The AS numbers come from the first field
 * whose last word is one (the plugin's test), the routes from the other of the
 * first two.
 */

/**
 * The plugin's test for a field of AS numbers, `(?:(?:^|\s+)(?:AS)?\d+)+\z`,
 * holds exactly when the field's last word is an AS number (an earlier word
 * need not be one): said that way it takes one pass, where the pattern as
 * written is tried from every position and takes quadratic time on a long
 * list of numbers that ends in something else.
 */
const LAST_WORD_IS_ASN = /(?:^|[\t\n\x0B\f\r ])(?:AS)?\d+$/i;

const PERL_SPACE = new Set(['\t', '\n', '\x0B', '\f', '\r', ' ']);

/** Perl's `split(' ', s)`: fields between runs of white space, none empty. */
function words(s: string): string[] {
  return s.split(/[\t\n\x0B\f\r ]+/).filter((w) => w !== '');
}

/**
 * The plugin's split at bars with any white space around them (trailing empty
 * fields dropped, as Perl's split does), done as a split at `|` with the white
 * space beside each bar cut off: the pattern retried at every position of a
 * long run of spaces would take quadratic time.
 */
function splitAtBars(s: string): string[] {
  const parts = s.split('|');
  const last = parts.length - 1;
  const out = parts.map((part, i) => {
    let from = 0;
    let to = part.length;
    if (i > 0) while (from < to && PERL_SPACE.has(part[from] as string)) from++;
    if (i < last) while (to > from && PERL_SPACE.has(part[to - 1] as string)) to--;
    return part.slice(from, to);
  });
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function fields(strings: readonly string[]): string[] {
  if (strings.length > 1 && !strings.join('').includes('|')) {
    const items = [...strings];
    // The network and its mask length are separate strings: joined into a route.
    if (items.length >= 3 && !(items[1] as string).includes('/') && /^\d+$/.test(items[2] as string)) items[1] = `${items[1]}/${items[2]}`;
    return items;
  }
  return splitAtBars(strings.join(' '));
}

/** One record's AS numbers (as written, `AS` still on) and routes; both empty when it cannot be read. */
export function asnRecord(strings: readonly string[]): { asns: string[]; routes: string[] } {
  const items = fields(strings);
  const [first, second] = items;
  if (first !== undefined && LAST_WORD_IS_ASN.test(first)) return { asns: words(first), routes: second === undefined ? [] : words(second) };
  if (first !== undefined && second !== undefined && LAST_WORD_IS_ASN.test(second)) return { asns: words(second), routes: words(first) };
  return { asns: [], routes: [] };
}
