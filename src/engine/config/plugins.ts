/**
 * The plugin modules SpamAssassin 4.0.1 ships, and the feature probes that
 * `if can(...)` / `if has(...)` lines ask about. Spamward implements the
 * plugins itself, so "loading" one only records its name: ifplugin blocks then
 * select the same rules the real SpamAssassin would.
 */

export const PLUGIN_PREFIX = 'Mail::SpamAssassin::Plugin::';

/** Every Plugin/*.pm of the 4.0.1 distribution. */
const SHIPPED_PLUGINS: readonly string[] = [
  'ASN', 'AWL', 'AccessDB', 'AntiVirus', 'AskDNS', 'AuthRes', 'AutoLearnThreshold', 'Bayes', 'BodyEval',
  'BodyRuleBaseExtractor', 'Check', 'DCC', 'DKIM', 'DMARC', 'DNSEval', 'DecodeShortURLs', 'ExtractText',
  'FreeMail', 'FromNameSpoof', 'HTMLEval', 'HTTPSMismatch', 'HashBL', 'HeaderEval', 'ImageInfo', 'MIMEEval',
  'MIMEHeader', 'OLEVBMacro', 'OneLineBodyRuleType', 'P595Body', 'PDFInfo', 'PhishTag', 'Phishing', 'Pyzor',
  'Razor2', 'RelayCountry', 'RelayEval', 'ReplaceTags', 'ResourceLimits', 'Reuse', 'Rule2XSBody', 'SPF',
  'Shortcircuit', 'SpamCop', 'Test', 'TextCat', 'TxRep', 'URIDNSBL', 'URIDetail', 'URIEval', 'URILocalBL',
  'VBounce', 'WLBLEval', 'WelcomeListSubject',
];

const SHIPPED = new Set(SHIPPED_PLUGINS.map((p) => PLUGIN_PREFIX + p));

/** Renamed modules SpamAssassin still accepts under their old names. */
const ALIASES: Readonly<Record<string, string>> = {
  [`${PLUGIN_PREFIX}Dmarc`]: `${PLUGIN_PREFIX}DMARC`,
  [`${PLUGIN_PREFIX}WhiteListSubject`]: `${PLUGIN_PREFIX}WelcomeListSubject`,
};

/** Full package name for a loadplugin argument (short names get the standard prefix). */
export function canonicalPluginName(name: string): string {
  const full = name.includes('::') ? name : PLUGIN_PREFIX + name;
  return ALIASES[full] ?? full;
}

/** Same aliasing as loadplugin, applied to class names inside `if` expressions. */
export function aliasPluginName(name: string): string {
  return ALIASES[name] ?? name;
}

/** Full package names of every plugin module shipped with SpamAssassin 4.0.1. */
export function shippedPluginNames(): string[] {
  return [...SHIPPED];
}

export function isShippedPlugin(fullName: string): boolean {
  return SHIPPED.has(fullName);
}

/** A plugin removed in 4.1 that conditionals treat as always present. */
export const ALWAYS_LOADED_PLUGIN = `${PLUGIN_PREFIX}RaciallyCharged`;

/** Functions Mail::SpamAssassin::Conf defines for `can()` probes; all return true. */
const CONF_FEATURES: readonly string[] = [
  'feature_originating_ip_headers', 'feature_dns_local_ports_permit_avoid', 'feature_bayes_auto_learn_on_error',
  'feature_uri_host_listed', 'feature_yesno_takes_args', 'feature_bug6558_free', 'feature_edns',
  'feature_dns_query_restriction', 'feature_registryboundaries', 'feature_geodb', 'feature_dns_block_rule',
  'feature_compile_regexp', 'feature_meta_rules_matching', 'feature_subjprefix', 'feature_bayes_stopwords',
  'feature_get_host', 'feature_blocklist_welcomelist', 'feature_welcomelist_blocklist',
  'feature_header_address_parser', 'feature_local_tests_only', 'feature_header_first_last',
  'feature_header_match_many', 'feature_capture_rules', 'has_tflags_nosubject', 'has_tflags_nolog',
  'perl_min_version_5010000',
];

/** Probe functions each plugin module defines (all return true when the module is loaded). */
const PLUGIN_FEATURES: Readonly<Record<string, readonly string[]>> = {
  ASN: ['has_asn_lookup_ipv6', 'has_asn_geodb', 'has_check_asn', 'has_check_asn_tag'],
  AskDNS: ['has_tag_header'],
  BodyEval: ['has_check_body_length', 'has_plaintext_body_sig_ratio'],
  DKIM: ['has_arc'],
  DNSEval: ['has_tflags_domains_only', 'has_tflags_ips_only'],
  DecodeShortURLs: [
    'has_short_url', 'has_autoclean', 'has_short_url_code', 'has_user_agent', 'has_get', 'has_clear',
    'has_timeout', 'has_max_redirections', 'has_short_url_redir',
  ],
  HashBL: [
    'has_hashbl_bodyre', 'has_hashbl_bodyre_num', 'has_hashbl_emails', 'has_hashbl_uris', 'has_hashbl_ignore',
    'has_hashbl_email_regex', 'has_hashbl_email_welcomelist', 'has_hashbl_email_whitelist', 'has_hashbl_tag',
    'has_hashbl_sha256', 'has_hashbl_attachments', 'has_hashbl_email_domain', 'has_hashbl_email_domain_alias',
  ],
  MIMEEval: ['has_check_for_ascii_text_illegal', 'has_check_abundant_unicode_ratio', 'has_check_qp_ratio'],
  MIMEHeader: ['has_all_header', 'has_tflags_range', 'has_tflags_concat', 'has_tflags_multiple', 'has_capture_rules'],
  OLEVBMacro: ['has_olemacro_redirect_uri', 'has_olemacro_mhtml_uri', 'has_olertfobject'],
  Pyzor: ['has_fork', 'has_perl'],
  Razor2: ['has_fork'],
  SPF: ['has_check_for_spf_errors', 'has_check_spf_skipped_noenvfrom'],
  URIDNSBL: [
    'has_tflags_domains_only', 'has_subtest_for_ranges', 'has_uridnsbl_for_a', 'has_uridnsbl_a_ns',
    'has_tflags_notrim', 'has_uridnsbl_skip_mailto',
  ],
  URIDetail: ['has_host_key'],
};

/**
 * Whether `Pkg::func` exists: Conf features always, `compat_X` when
 * `enable_compat X` ran, plugin probes only when that plugin is loaded.
 */
export function probeExists(method: string, plugins: ReadonlySet<string>, compat: ReadonlySet<string>): boolean {
  const m = /^(.*)::([^:]+)$/.exec(method);
  if (m === null) return false;
  const pkg = m[1] as string;
  const fn = m[2] as string;
  if (pkg === 'Mail::SpamAssassin::Conf') {
    if (fn.startsWith('compat_')) return compat.has(fn.slice('compat_'.length));
    return CONF_FEATURES.includes(fn);
  }
  if (!pkg.startsWith(PLUGIN_PREFIX) || !plugins.has(pkg)) return false;
  return PLUGIN_FEATURES[pkg.slice(PLUGIN_PREFIX.length)]?.includes(fn) ?? false;
}
