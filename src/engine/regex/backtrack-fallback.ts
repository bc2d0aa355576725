/**
 * V8's linear-time regex engine as the fallback for a rule regex that
 * backtracks past a bound on one subject. Some of SpamAssassin's patterns
 * are exponential or cubic in a backtracking engine on crafted text, where
 * Perl's own optimisations usually save it: `__RDNS_DYNAMIC_ATTBI` took over
 * 30 s on an 8 KB relay line and `MSGID_SPAM_LETTERS` over 30 s on 2 KB
 * (14 and 6 ms with the fallback). V8 then runs the same pattern again in
 * its automaton engine, which implements the same matching rules (same
 * match, same captures); patterns it cannot run (back-references,
 * look-arounds) keep backtracking, and the scan's time budget stays the
 * last resort. Ordinary mail never reaches the bound: every corpus verdict
 * is the same with and without it.
 *
 * V8 flags hold for the whole process, so setting them once from here
 * covers every thread that compiles rules.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own default for the bound; far above what any corpus message's regexes need. */
const BACKTRACKS_BEFORE_FALLBACK = 50_000;

let enabled = false;

export function enableBacktrackFallback(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`);
}
