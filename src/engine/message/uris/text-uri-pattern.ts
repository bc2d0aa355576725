/**
 * The pattern that finds URIs in plain text, after SpamAssassin's hybrid of
 * Thunderbird's and Outlook Express's linkifiers: URIs with a scheme or a
 * `www.`/`ftp.` start, mail addresses (with or without `mailto:`), and bare
 * host names ending in a known TLD (optionally with port and path). It runs
 * on octet strings (body text as UTF-8 bytes), case-insensitively.
 *
 * Groups: 1 = scheme/www URI, 2 = mail address, 3 = schemeless URI,
 * 4 = the schemeless URI's host name.
 */

/** Perl's `\s` on octets. */
const WS = '\\t\\n\\x0b\\f\\r ';
const START_DELIM = `><"'\`,{[(|${WS}\\x1b\\xa0`;
const END_DELIM = `><"\`}\\]{[|${WS}\\x1b\\xa0`;
const END_DELIM_EMAIL = `${END_DELIM},('\\x80-\\xff`;
const END_DELIM_PLUS_AT = `${END_DELIM_EMAIL}@`;
const SCHEMELESS_START = `[!"#$&'()*+,/:;<=>?@[\\\\\\]^\`{|}~${WS}\\x1b\\xa0]`;

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/**
 * A big alternation of TLDs as a character trie: a flat list of ~1,500
 * alternatives would be retried at every dot, while a trie costs one branch
 * per character.
 */
function trieSource(words: Iterable<string>): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w.toLowerCase()) {
      let child = node.next.get(ch);
      if (child === undefined) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const branches = [...node.next].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ch, child]) => escapeLiteral(ch) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/** The valid-TLD sub-pattern: a whole label that is a known TLD, not followed by more host name. */
export function tldPattern(tlds: ReadonlySet<string>): string {
  const usable = [...tlds].filter((t) => /^[a-z0-9-]+$/i.test(t));
  if (usable.length === 0) return 'no_tlds_defined';
  return `(?<![a-zA-Z0-9-])(?:${trieSource(usable)})(?!(?:[a-zA-Z0-9-]|\\.[a-zA-Z0-9]))`;
}

export function buildTextUriPattern(tlds: ReadonlySet<string>): RegExp {
  const tld = tldPattern(tlds);
  const schemeless = `([a-z\\d][a-z\\d._-]{0,251}\\.${tld})\\.?(?::\\d{1,5})?(?:\\/[^${END_DELIM}]{1,2048})?`;
  const known = `(?:(?:https?|ftp):\\/\\/|(?:www\\d{0,2}|ftp)\\.)[^${END_DELIM}]{1,2048}`;
  const mail = `(?:mailto:[^${END_DELIM_EMAIL}]{1,2048}|[^${END_DELIM_PLUS_AT}]{1,251}@[^${END_DELIM_EMAIL}]{1,251})`;
  const source =
    `(?:\\b|(?<=\\x1b\\(.)|(?<=[${START_DELIM}]))` +
    `(?:(?:(${known})(?=[${END_DELIM}]|$))` +
    `|(?:(${mail})(?=[${END_DELIM_EMAIL}]|$))` +
    `|(?:(?:^|(?<=${SCHEMELESS_START}))(${schemeless})(?=[${END_DELIM}]|$)))`;
  return new RegExp(source, 'gi');
}
