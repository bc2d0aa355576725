/**
 * URIs found in the body text (SpamAssassin's _process_text_uri_list): each
 * match of the text pattern is trimmed of the punctuation linkifiers ignore,
 * checked, and given a scheme (`http://` for `www.` and bare host names,
 * which are also marked `unlinked`; `mailto:` for addresses). Found URIs are
 * typed `parsed`, plus `schemeless` when the scheme was added.
 */
import { trimEndWhere } from '../octets.js';
import { isFqdnValid, type RegistryBoundaries } from './registry.js';
import { urlDecode } from './url-decode.js';

export interface TextUri {
  uri: string;
  types: Set<string>;
}

interface Match {
  raw: string;
  kind: 'scheme' | 'mail' | 'schemeless';
  host: string | undefined;
}

/** `[-~!@#^&*()_+=:;'?,.]`: what a URI found in text does not end with (trimmed by hand: as `[…]*$`, quadratic on long runs). */
const TRAILING_PUNCTUATION = new Set([...'-~!@#^&*()_+=:;\'?,.'].map((c) => c.charCodeAt(0)));
const isTrailingPunctuation = (c: number): boolean => TRAILING_PUNCTUATION.has(c);

function trimRaw(raw: string): string {
  // A `)` ends the URI unless a `(` came before it (Thunderbird's rule).
  const paren = /^([^(]*)\).*$/.exec(raw);
  const cut = paren !== null ? paren[1]! : raw;
  return trimEndWhere(cut, isTrailingPunctuation);
}

/** Give a scheme to URIs written without one; undefined to drop the match. */
function withScheme(raw: string, types: Set<string>): string | undefined {
  if (/^(?:https?|ftp|mailto):/i.test(raw)) return raw;
  let uri: string;
  if (/^ftp\./i.test(raw)) uri = `ftp://${raw}`;
  else if (/^www\d{0,2}\./i.test(raw)) uri = `http://${raw}`;
  else if (/\/.+@/.test(raw)) uri = `http://${raw}`;
  else if (raw.includes('@')) {
    if (!/@.+?\./.test(raw) || raw.includes('&nbsp;')) return undefined;
    uri = `mailto:${raw.replace(/^(?:skype|e?-?mail)?:+/i, '')}`;
  } else {
    if (!raw.includes('.')) return undefined;
    uri = `http://${raw}`;
    types.add('unlinked');
  }
  types.add('schemeless');
  return uri;
}

function checkMailto(uri: string, rb: RegistryBoundaries): string | undefined {
  const decoded = /%[0-9a-f]{2}/i.test(uri) ? urlDecode(uri) : uri;
  const at = /@([^?&>]*)/.exec(decoded);
  if (at === null) return undefined;
  const host = at[1]!.replace(/(?:%20)+$/, '');
  return rb.isDomainValid(host) ? decoded : undefined;
}

function toTextUri(m: Match, rb: RegistryBoundaries): TextUri | undefined {
  const raw = m.raw;
  if (m.kind === 'mail' && !raw.includes('@')) return undefined;
  if (m.host !== undefined && !isFqdnValid(m.host)) return undefined;
  if (/^[cm]id:/i.test(raw) || /^\w+:\/{0,2}$/i.test(raw)) return undefined;
  const types = new Set(['parsed']);
  let uri = withScheme(raw, types);
  if (uri === undefined) return undefined;
  if (/^mailto:/i.test(uri)) {
    uri = checkMailto(uri, rb);
    if (uri === undefined) return undefined;
  }
  return { uri, types };
}

/** Scan body lines (octets) for URIs; each raw match is considered once per message. */
export function findTextUris(lines: readonly string[], pattern: RegExp, rb: RegistryBoundaries): TextUri[] {
  const seen = new Set<string>();
  const found: TextUri[] = [];
  for (const line of lines) {
    pattern.lastIndex = 0;
    // exec, not matchAll: matchAll clones the pattern for every line, and its source is tens of kilobytes.
    for (let m = pattern.exec(line); m !== null; m = pattern.exec(line)) {
      if (m[0] === '') pattern.lastIndex++;
      const kind = m[1] !== undefined && m[1] !== '' ? 'scheme' : m[2] !== undefined && m[2] !== '' ? 'mail' : 'schemeless';
      const raw = trimRaw(m[1] || m[2] || m[3] || '');
      if (seen.has(raw)) continue;
      seen.add(raw);
      const uri = toTextUri({ raw, kind, host: m[4] }, rb);
      if (uri !== undefined) found.push(uri);
    }
  }
  return found;
}
