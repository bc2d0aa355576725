/**
 * The mutable record a Received line is parsed into, and the vocabulary the
 * per-format matchers use to report what they decided.
 */
import type { Pattern } from './ip-patterns.js';

export interface ReceivedFields {
  ip: string;
  helo: string;
  rdns: string;
  by: string;
  id: string;
  ident: string;
  /** Envelope sender named in the line; undefined when none was written (distinct from ''). */
  envfrom: string | undefined;
  auth: string;
  /** The MTA is known to record rDNS, so an empty rdns means "no reverse DNS". */
  mtaLookedUpDns: boolean;
}

/**
 * What a matcher concluded:
 * - `enough`: the fields are complete, build a relay;
 * - `skip`: a deliberate non-relay line (local delivery, internal handover…);
 * - `fetcher`: a POP/IMAP fetch hop, skipped and signalling a fetcher marker;
 * - `qmail-scanner`: skipped, and its envelope sender belongs to the next (older) header;
 * - undefined: not this format, keep looking.
 */
export type MatchOutcome = 'enough' | 'skip' | 'fetcher' | 'qmail-scanner' | undefined;

/** One recognised Received format. `s` is the normalised line with its `from ` prefix removed. */
export interface LineMatcher {
  readonly name: string;
  apply(s: string, f: ReceivedFields): MatchOutcome;
}

/** A matcher that fills fields from the captures of one pattern and declares the line parsed. */
export function capture(
  name: string,
  re: Pattern,
  assign: (m: RegExpExecArray, f: ReceivedFields) => void,
  guard?: Pattern,
): LineMatcher {
  return {
    name,
    apply(s, f) {
      if (guard && !guard.test(s)) return undefined;
      const m = re.exec(s);
      if (!m) return undefined;
      assign(m, f);
      return 'enough';
    },
  };
}

/** A matcher for lines that are deliberately not relays. */
export function ignore(name: string, re: Pattern, guard?: Pattern): LineMatcher {
  return {
    name,
    apply(s) {
      if (guard && !guard.test(s)) return undefined;
      return re.test(s) ? 'skip' : undefined;
    },
  };
}

export function emptyFields(): ReceivedFields {
  return { ip: '', helo: '', rdns: '', by: '', id: '', ident: '', envfrom: undefined, auth: '', mtaLookedUpDns: false };
}

/** Capture group `i`, or '' when it did not participate (Perl's undef interpolates as ''). */
export function g(m: RegExpExecArray, i: number): string {
  return m[i] ?? '';
}

/** Perl's truth for a string: false for '' and '0' (a host literally named "0" counts as missing). */
export function perlTrue(s: string | undefined): s is string {
  return s !== undefined && s !== '' && s !== '0';
}
