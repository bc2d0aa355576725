/**
 * Parses one unfolded Received header value into a relay, following
 * SpamAssassin 4.0.1's recognition order: early skips, common fields, auth
 * markers, then the format tables for the line's `from` / `FROM` / `(from`
 * prefix, and finally the generic "[IP] … by HOST" fallback.
 */
import { detectAuth } from './auth-markers.js';
import { byteRe } from './byte-regex.js';
import { cleanEnvfrom, finishRelay, type ParsedRelay } from './finish-relay.js';
import { CLASSIC_FORMATS } from './formats-classic.js';
import { IGNORED_AFTER_SCANNER, IGNORED_BEFORE_SCANNER, QMAIL_SCANNER } from './formats-ignored.js';
import { LATE_FORMATS } from './formats-late.js';
import { PAREN_FROM_FORMATS, UPPERCASE_FROM_FORMATS } from './formats-other-prefix.js';
import { matchVendorFamily, WEBMAIL_FORMATS } from './formats-vendor.js';
import { rx } from './ip-patterns.js';
import { isSkippedEarly, normaliseLine, readCommonFields, stripDate } from './line-prelude.js';
import { emptyFields, perlTrue, type LineMatcher, type MatchOutcome, type ReceivedFields } from './received-fields.js';

export type LineResult =
  | { kind: 'relay'; relay: ParsedRelay }
  /** Deliberately ignored. `fetcher` marks a POP/IMAP pickup; `carryEnvfrom` is qmail-scanner's sender for the next header. */
  | { kind: 'skipped'; fetcher: boolean; carryEnvfrom?: string | undefined }
  | { kind: 'unparseable' };

const ENVFROM_IN_LINE = byteRe('(?:return-path:? |envelope-(?:sender|from)[ =])(\\S+)\\b', 'i');
const BRACKETED_IP = rx`\[({IP})\]`;
const HELO_GUESS = byteRe('^(\\S+)[^-A-Za-z0-9.]');

function runAll(s: string, f: ReceivedFields, matchers: readonly LineMatcher[]): MatchOutcome {
  for (const m of matchers) {
    const outcome = m.apply(s, f);
    if (outcome) return outcome;
  }
  return undefined;
}

/** The `from ` branch: by far the most formats live here. */
function matchFromClause(s: string, f: ReceivedFields): MatchOutcome {
  const env = ENVFROM_IN_LINE.exec(s);
  if (env) f.envfrom = env[1] ?? '';
  const outcome =
    runAll(s, f, WEBMAIL_FORMATS) ??
    matchVendorFamily(s, f) ??
    runAll(s, f, CLASSIC_FORMATS) ??
    runAll(s, f, LATE_FORMATS) ??
    runAll(s, f, IGNORED_BEFORE_SCANNER) ??
    QMAIL_SCANNER.apply(s, f) ??
    runAll(s, f, IGNORED_AFTER_SCANNER);
  if (outcome) return outcome;
  if (!perlTrue(f.helo)) {
    const guess = HELO_GUESS.exec(s);
    if (guess) f.helo = guess[1] ?? '';
  }
  return undefined;
}

function matchByPrefix(s: string, f: ReceivedFields): MatchOutcome {
  if (s.startsWith('from ')) return matchFromClause(s.slice(5), f);
  if (s.startsWith('FROM ')) return runAll(s.slice(5), f, UPPERCASE_FROM_FORMATS);
  if (s.startsWith('(from ')) return runAll(s.slice(6), f, PAREN_FROM_FORMATS);
  return undefined;
}

/** The text the generic fallback searches: the line minus whichever prefix the branch removed. */
function withoutPrefix(s: string): string {
  if (s.startsWith('from ') || s.startsWith('FROM ')) return s.slice(5);
  if (s.startsWith('(from ')) return s.slice(6);
  return s;
}

export function parseReceivedLine(line: string): LineResult {
  let s = normaliseLine(line);
  if (isSkippedEarly(s)) return { kind: 'skipped', fetcher: false };
  s = stripDate(s);
  const f = emptyFields();
  readCommonFields(s, f);
  f.auth = detectAuth(s);
  const outcome = matchByPrefix(s, f);
  if (outcome === 'enough') return { kind: 'relay', relay: finishRelay(f) };
  if (outcome === 'skip') return { kind: 'skipped', fetcher: false };
  if (outcome === 'fetcher') return { kind: 'skipped', fetcher: true };
  if (outcome === 'qmail-scanner') {
    return { kind: 'skipped', fetcher: false, carryEnvfrom: f.envfrom === undefined ? undefined : cleanEnvfrom(f.envfrom) };
  }
  if (!perlTrue(f.ip)) {
    const m = BRACKETED_IP.exec(withoutPrefix(s));
    if (m) f.ip = m[1] ?? '';
  }
  if (perlTrue(f.ip) && perlTrue(f.by)) return { kind: 'relay', relay: finishRelay(f) };
  return { kind: 'unparseable' };
}
