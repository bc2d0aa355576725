/**
 * The configuration the parser produces from SpamAssassin-format files
 * (`.pre`, `.cf`, `user_prefs`). It is plain data: the rules compiler and the
 * eval functions read it, nothing here runs a regex.
 *
 * Strings that come from rule files are kept as octets (the files are read as
 * latin1), exactly as SpamAssassin keeps them.
 */

export type RuleType =
  | 'header'
  | 'body'
  | 'rawbody'
  | 'full'
  | 'uri'
  | 'meta'
  | 'mimeheader'
  /** A name a plugin feeds from its own logic (askdns and similar): known, never run by us. */
  | 'empty'
  /** URIDetail plugin rule: criteria over each parsed URI (SpamAssassin files it as a body eval). */
  | 'uri_detail';

/** Where a directive was written, for errors and lint. */
export interface SourcePos {
  file: string;
  line: number;
}

/** Header-rule operand: `Name:mod:mod =~ /re/` or `exists:Name`. */
export interface HeaderTest {
  kind: 'match';
  /** Header name with its modifiers exactly as written, e.g. `From:addr`. */
  header: string;
  /** `=~` (true) or `!~` (false). */
  positive: boolean;
  /** The Perl pattern source between the delimiters (after replace_tags). */
  pattern: string;
  /** Perl flags after the closing delimiter, e.g. `i`, `ms`. */
  flags: string;
  /** The `[if-unset: STRING]` value, if any. */
  ifUnset: string | undefined;
}

export interface ExistsTest {
  kind: 'exists';
  header: string;
}

export interface EvalCall {
  kind: 'eval';
  /** Function name, e.g. `check_for_shifted_date`. */
  fn: string;
  /** Arguments as SpamAssassin's pack_eval_args produced them (strings). */
  args: string[];
}

export interface RegexTest {
  kind: 'regex';
  pattern: string;
  flags: string;
}

export interface MetaTest {
  kind: 'meta';
  /** The expression with rules_matching() already expanded. */
  expression: string;
}

export interface EmptyTest {
  kind: 'empty';
}

/** One `key =~ /re/` criterion of a uri_detail rule; key is raw, type, cleaned, text, domain or host. */
export interface UriDetailCriterion {
  key: string;
  positive: boolean;
  pattern: string;
  flags: string;
}

export interface UriDetailTest {
  kind: 'uriDetail';
  /** Later criteria for the same key replace earlier ones, as in SpamAssassin. */
  criteria: UriDetailCriterion[];
}

export type RuleTest = HeaderTest | ExistsTest | EvalCall | RegexTest | MetaTest | EmptyTest | UriDetailTest;

export interface RuleDef {
  name: string;
  type: RuleType;
  test: RuleTest;
  /** Where the (last) definition was written. */
  pos: SourcePos;
  /** Defined in user_prefs (allowed only with allow_user_rules). */
  userRule: boolean;
}

/** tflags as parsed: flag name → value (`true` for bare flags, the number for `maxhits=N`). */
export type TFlags = Record<string, true | number | string>;

/** The four score sets: [no net no bayes, net, bayes, net+bayes]. */
export type ScoreSets = [number, number, number, number];

export interface HeaderTemplate {
  /** `X-Spam-<name>` will be emitted; name as written, e.g. `Status`. */
  name: string;
  /** Template text with `_TAGS_`, escapes already processed. */
  template: string;
}

/** One welcomelist_from_rcvd-style entry. */
export interface RcvdListEntry {
  /** Glob pattern on the address, as written (lower-cased). */
  addr: string;
  /** Relay: a domain, or an IP / CIDR in brackets, as written. */
  relay: string;
}

/** A list-valued setting made of address globs. */
export type AddrList = string[];

export interface NetworkList {
  /** Entries as written, e.g. `10.0.0.0/8`, `!10.1.2.3`, `192.168/16`. */
  entries: string[];
  /** Whether the setting was given at all (SA infers trust when neither is). */
  configured: boolean;
}

export interface EngineConfig {
  /** Every rule, keyed by name. The last definition of a name wins. */
  rules: Map<string, RuleDef>;
  /**
   * score lines; after loading, every rule also has its default here (1.0,
   * 0.01 for T_, negated for nice), filled by the finish step as SA does.
   */
  scores: Map<string, ScoreSets>;
  describe: Map<string, string>;
  tflags: Map<string, TFlags>;
  /**
   * Priorities after SpamAssassin's meta fix-up. Only non-zero values are
   * kept: 0 means "default", which is −100 for net rules (see effectivePriority in finish.ts).
   */
  priority: Map<string, number>;
  /** Plugin module names loaded with loadplugin/tryplugin (full package names). */
  plugins: Set<string>;

  requiredScore: number;
  /** add_header lines for spam, in emission order. */
  headersSpam: HeaderTemplate[];
  /** add_header lines for ham, in emission order. */
  headersHam: HeaderTemplate[];
  /** rewrite_header: Subject/From/To → string (empty removes). */
  rewriteHeader: Map<string, string>;
  /** subjprefix RULE text. */
  subjPrefix: Map<string, string>;
  reportSafe: 0 | 1 | 2;
  /** `report` template text (lines joined with \n). */
  reportTemplate: string;
  unsafeReportTemplate: string;
  reportContact: string;
  reportHostname: string;
  reportCharset: string;
  reportSafeCopyHeaders: string[];
  foldHeaders: boolean;
  /** `# UPDATE version N` values, for _RULESVERSION_. */
  rulesVersions: string[];

  // Lists (WLBLEval and friends), lower-cased globs.
  welcomelistFrom: AddrList;
  blocklistFrom: AddrList;
  welcomelistTo: AddrList;
  moreSpamTo: AddrList;
  allSpamTo: AddrList;
  blocklistTo: AddrList;
  welcomelistFromRcvd: RcvdListEntry[];
  defWelcomelistFromRcvd: RcvdListEntry[];
  welcomelistAllowsRelays: AddrList;
  welcomelistAuth: AddrList;
  defWelcomelistAuth: AddrList;
  welcomelistUriHost: string[];
  blocklistUriHost: string[];
  welcomelistSubject: string[];
  blocklistSubject: string[];
  /** enlist_addrlist (NAME) addr… */
  addrLists: Map<string, AddrList>;
  /** enlist_uri_host (NAME) host… */
  uriHostLists: Map<string, string[]>;
  freemailDomains: string[];
  freemailWhitelist: string[];
  /** util_rb_tld / util_rb_2tld / util_rb_3tld */
  tlds: Set<string>;
  twoLevelDomains: Set<string>;
  threeLevelDomains: Set<string>;
  /** redirector_pattern regexes (Perl source with flags), in order. */
  redirectorPatterns: { pattern: string; flags: string }[];
  urlShorteners: Set<string>;

  trustedNetworks: NetworkList;
  internalNetworks: NetworkList;
  msaNetworks: NetworkList;
  /** Headers whose IPs become synthetic relays. */
  originatingIpHeaders: string[];
  envelopeSenderHeader: string | undefined;
  alwaysTrustEnvelopeSender: boolean;

  okLocales: string;
  okLanguages: string;
  normalizeCharset: boolean;
  bodyPartScanSize: number;
  rawbodyPartScanSize: number;
  allowUserRules: boolean;

  // Bayes and reputation options are kept here for the Bayes issue.
  useBayes: boolean;
  useBayesRules: boolean;
  bayesAutoLearn: boolean;
  bayesAutoLearnThresholdSpam: number;
  bayesAutoLearnThresholdNonspam: number;
  bayesOptions: Map<string, string>;
  useAutoWelcomelist: boolean;
  txrepOptions: Map<string, string>;

  /** Every other setting SpamAssassin accepts, as written (key lower-cased) → last value. */
  other: Map<string, string>;

  /** replace_tag definitions (ReplaceTags), already applied to the listed rules. */
  replaceTags: Map<string, string>;
  /** Other plugin-specific rule definitions (uri_detail, askdns, hashbl …), kept for their plugins. */
  pluginRules: Map<string, { directive: string; value: string; pos: SourcePos }>;
  /** `test NAME ok|fail string` self-tests. */
  selfTests: { rule: string; expect: 'ok' | 'fail'; text: string }[];

  /**
   * List-valued settings without a typed field above (bayes_ignore_header,
   * welcomelist_from_spf, uridnsbl_skip_domain, url_shortener …), keyed by the
   * canonical setting name, values in the order written.
   */
  lists: Map<string, string[]>;
  /** Key/value settings without a typed field (dns_options, adsp_override, askdns …), keyed by setting name. */
  hashes: Map<string, Map<string, string>>;
  /** enable_compat switches that are on (e.g. `welcomelist_blocklist`). */
  compatFlags: Set<string>;
  /** welcomelist_from_dkim / def_welcomelist_from_dkim: address glob → signing domains ('' = author domain). */
  welcomelistFromDkim: RcvdListEntry[];
  defWelcomelistFromDkim: RcvdListEntry[];
  /** bayes_stopword_XX regexes by language code. */
  bayesStopwords: Map<string, string[]>;
  /** Rule names whose regex has a named capture `(?<NAME>…)`: priority forced to −10000. */
  captureRules: Set<string>;
  /** The local_tests_only mode the configuration was loaded in (user_prefs conditionals reuse it). */
  localTestsOnly?: boolean;
}

export type DiagnosticLevel = 'error' | 'warning';

/** A problem found while reading configuration: what `spamward lint` prints. */
export interface ConfigDiagnostic {
  level: DiagnosticLevel;
  file: string;
  line: number;
  message: string;
}
