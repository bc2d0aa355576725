/**
 * The engine's public surface, as the front ends (spamd, milter, CLI) see it.
 * A verdict is data; each front end only renders it, so the milter and spamd
 * produce identical headers for the same message and configuration.
 */

/** One rule that hit and counts in the score (no `__` sub-rules). */
export interface Hit {
  name: string;
  /** Score in the active score set (dynamic for AWL-like rules). */
  score: number;
  description: string;
  /** Report area prefix: `BODY: `, `RAW: `, `URI: `, `FULL: ` or ''. */
  area: string;
  /** Details the rule's evals noted (test_log), printed under its report line; `*REDACTED*` for tflags nolog. */
  logs?: readonly string[];
}

/** An `X-Spam-*` (or rewritten) header the verdict asks for. */
export interface HeaderLine {
  /** Full field name, e.g. `X-Spam-Status`. */
  name: string;
  /**
   * Value as it should appear after `Name: `, already folded: continuation
   * lines are joined with "\n" followed by a tab. No trailing newline.
   */
  value: string;
}

export type AutoLearnResult = 'ham' | 'spam' | 'no' | 'disabled' | 'failed' | 'unavailable';

export interface Verdict {
  /** Total score, rounded to 3 decimals as SpamAssassin does. */
  score: number;
  requiredScore: number;
  isSpam: boolean;
  /** `_SCORE_`: %2.1f with SpamAssassin's ham correction. */
  scoreText: string;
  /** `_REQD_`: %2.1f of required_score. */
  requiredText: string;
  /** Scored hits in the order they hit. */
  hits: Hit[];
  /** Names of scored hits, sorted (what `_TESTS_` and SYMBOLS list). */
  testNames: string[];
  /** Names of `__` sub-rules hit, sorted. */
  subtestNames: string[];
  /** The X-Spam-* lines to add, in emission order (Checker-Version, Flag, Level, Status … per config). */
  addedHeaders: HeaderLine[];
  /**
   * Headers to rewrite on spam (rewrite_header / subjprefix): the new value
   * for Subject/From/To, with the old one kept in X-Spam-Prev-*.
   */
  headerRewrites: HeaderLine[];
  /** Whether the output message is the report_safe encapsulation. */
  encapsulated: boolean;
  /** The report text (the `report` template), as `spamassassin -t` appends and spamd REPORT sends. */
  report: string;
  autolearn: AutoLearnResult;
  /** The whole `_AUTOLEARN_` text (`no autolearn_force=no`), as spamd logs it after `autolearn=`. */
  autolearnStatus: string;
  /** Bayes' probability when Bayes scored the message (spamd logs it as `bayes=`). */
  bayesScore?: number;
  /** What plugins add to spamd's result log line after `autolearn=` (`shortcircuit=no`), in order. */
  resultLogItems: string[];
  /**
   * Problems in the per-user preferences this scan applied (`FILE:LINE: message`; the site
   * configuration's own are logged when the rules load): a front end logs them with the message, as
   * SpamAssassin's spamd does each time it reads a user's user_prefs.
   */
  configProblems: string[];
  /** Milliseconds spent scanning. */
  elapsedMs: number;
  /** The whole message as it should be delivered (PROCESS / `spamward check`). */
  rewrittenMessage(): Buffer;
  /** Only the header section of rewrittenMessage(), including the blank line (HEADERS). */
  rewrittenHeaderSection(): Buffer;
}

export interface ScanOptions {
  /** Per-user preferences to apply (user_prefs file contents are read by the engine). */
  userPrefsPath?: string;
  /** Extra config text appended for this scan only (virtual user config, tests). */
  userPrefsText?: string;
  /**
   * Read this user's preferences from SQL (spamd `-q`, `user_scores_dsn`) and
   * apply them after any user_prefs file; a database that cannot be asked
   * fails the scan with ERR_USER_PREFS. Nothing happens without a DSN.
   */
  sqlPrefsUser?: string;
  /** The spamd/milter client, for `_REMOTEHOSTNAME_` / `_REMOTEHOSTADDR_`. */
  remoteHost?: string;
  remoteAddr?: string;
  /** Abort the scan with a TimeoutError after this many milliseconds. */
  timeoutMs?: number;
  /** Run this scan without network tests (as `-L`), e.g. a daemon's start-up self-check. */
  localTestsOnly?: boolean;
  /**
   * Which rendering of the rewritten message the caller will read: `message`
   * (rewrittenMessage and rewrittenHeaderSection, the default), `headers`
   * (rewrittenHeaderSection only), `wrapped` (both, but only for a spam
   * report_safe encapsulated: the milter replaces the body of those alone)
   * or `none`. A scanner on another thread
   * renders and sends back only that; the in-process engine renders lazily anyway.
   */
  render?: RenderNeed;
  /**
   * The caller reads `report`. A scanner on another thread builds and sends
   * the report text only then (building it for every message cost the
   * laziness the in-process engine has).
   */
  wantReport?: boolean;
  /** false: never auto-learn from this scan (a worker's warm-up scan must not train Bayes). */
  autoLearn?: boolean;
  /**
   * The caller will not read `message` again: a scanner on another thread may
   * take its memory instead of copying it (the Buffer is then left empty).
   */
  handOver?: boolean;
}

export type RenderNeed = 'message' | 'headers' | 'wrapped' | 'none';

export interface LearnResult {
  /** True when the message was learned (false: already learned that way, or learning is unavailable). */
  learned: boolean;
  /** Human-readable reason when not learned. */
  reason?: string;
}

/** What every front end holds: one engine per process, shared. */
export interface Engine {
  scan(message: Buffer, options?: ScanOptions): Promise<Verdict>;
  /** Bayes learning; resolves once the change is durable. Unavailable until the Bayes store exists. */
  learn(message: Buffer, as: 'spam' | 'ham' | 'forget', options?: ScanOptions): Promise<LearnResult>;
  /** Re-read configuration and rules (SIGHUP). */
  reload(): Promise<void>;
  close(): Promise<void>;
}
