/**
 * Content-Type parsing with SpamAssassin's leniency (Util::parse_content_type):
 * the last Content-Type wins, a boundary may be quoted or bare, any `text/*`
 * other than html/calendar/x-vcard counts as text/plain, and junk characters
 * are deleted from the type after that fix-up.
 */
import { PERL_SPACE } from './octets.js';

export interface ContentTypeInfo {
  /** Lower-cased media type, never empty. */
  type: string;
  boundary: string | undefined;
  /** Charset parameter as written, or undefined. */
  charset: string | undefined;
  /** name / filename parameter, or undefined. */
  name: string | undefined;
  /** The header was absent or gave no type (SA still answers text/plain). */
  missing: boolean;
}

const BOUNDARY_RE = new RegExp(`\\bboundary${PERL_SPACE}*=${PERL_SPACE}*("[^"]+|[^\\t\\n\\x0b\\f\\r ";]+(?=[\\t\\n\\x0b\\f\\r ;]|$))`, 'i');
// `.` in Perl excludes only "\n"; `$` also matches before a final newline.
const CHARSET_RE = new RegExp(`\\bcharset${PERL_SPACE}*=${PERL_SPACE}*["']?([^\\n]*?)["']?(?:;|(?=\\n?$))`, 'i');
const NAME_RE = new RegExp(`\\b(?:file)?name${PERL_SPACE}*=${PERL_SPACE}*["']?([^\\n]*?)["']?(?:;|(?=\\n?$))`, 'i');
const NAME_CONT_START_RE = new RegExp(`\\b(?:file)?name\\*0${PERL_SPACE}*=`, 'i');
const NAME_CONT_RE = new RegExp(`\\b(?:file)?name\\*(\\d+)${PERL_SPACE}*=${PERL_SPACE}*["']?([^\\n]*?)["']?(?:;|(?=\\n?$))`, 'gi');
// Characters SA strips from a media type (controls, space, 8-bit, tspecials).
// eslint-disable-next-line no-control-regex
const TYPE_JUNK_RE = /[\x00-\x20\x7f-\xff"(),:-?@[-\]]/g;
const DEFAULT_CT = 'text/plain; charset=us-ascii';

/** Parse the Content-Type values of one node (all instances, in order). */
export function parseContentType(values: readonly string[]): ContentTypeInfo {
  let missing = false;
  let ct = values.length > 0 ? values[values.length - 1]! : '';
  if (ct === '' || ct === '0') {
    missing = true;
    ct = DEFAULT_CT;
  }
  const bm = BOUNDARY_RE.exec(ct);
  const boundary = bm ? bm[1]!.replace(/"/g, '') : undefined;
  const cm = CHARSET_RE.exec(ct);
  const charset = cm ? cm[1] : undefined;
  let name = NAME_RE.exec(ct)?.[1];
  if (!name && NAME_CONT_START_RE.test(ct)) name = joinContinuations(ct);
  const type = mediaType(ct);
  if (type.missing) missing = true;
  return { type: type.value, boundary, charset, name, missing };
}

/** RFC 2231 `name*0=…; name*1=…` pieces joined in index order. */
function joinContinuations(ct: string): string {
  const pieces: string[] = [];
  NAME_CONT_RE.lastIndex = 0;
  for (let m = NAME_CONT_RE.exec(ct); m; m = NAME_CONT_RE.exec(ct)) {
    const idx = Number(m[1]);
    if (idx < 10000) pieces[idx] = m[2]!;
    if (m[0].length === 0) NAME_CONT_RE.lastIndex++;
  }
  return pieces.filter((p) => p !== undefined).join('');
}

function mediaType(ct: string): { value: string; missing: boolean } {
  let t = ct.replace(new RegExp(`^${PERL_SPACE}+`), '');
  const semi = t.indexOf(';');
  if (semi >= 0) t = t.slice(0, semi);
  const m = /^([^/]+(?:\/[^/\t\n\x0b\f\r ]*)?)/.exec(t);
  t = (m ? m[1]! : t).toLowerCase();
  const missing = t === '';
  if (missing || (/^text\b/.test(t) && !/^text\/(?:x-vcard|calendar|html)$/.test(t))) t = 'text/plain';
  return { value: t.replace(TYPE_JUNK_RE, ''), missing };
}
