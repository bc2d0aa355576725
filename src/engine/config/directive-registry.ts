/**
 * Resolves a configuration key to its command: core and plugin tables,
 * aliases, the handlers of commands with their own syntax, and the
 * `parse_config` hooks some plugins use for key families (bayes_stopword_xx,
 * hashbl_acl_xx, freemail_domains …).
 */
import { PLUGIN_PREFIX } from './plugins.js';
import { asnLookup, asnLookupIpv6, asnPrefix, clearAsnLookups } from './asn-directives.js';
import { uriBlockCc, uriBlockCidr, uriBlockCont, uriBlockExclude, uriBlockIsp } from './urilocalbl-directives.js';
import { CORE_DIRECTIVES } from './core-directives.js';
import type { Directive, DirectiveHandler } from './directive-types.js';
import { clearDnsQueryRestriction, clearDnsServers, dnsBlockRule, dnsQueryRestriction, dnsServer, rblTimeout } from './dns-directives.js';
import { storeGeneric } from './generic-store.js';
import {
  addHeader, appendTemplate, clearHeaders, clearTemplate, removeHeader, reportSafe, rewriteHeader,
} from './header-directives.js';
import {
  addAddrList, addDkimPair, addRcvdPair, addSubjectList, delistUriHost, enlistAddrlist, enlistUriHost,
  fixedHostList, removeAddrList, removeDkimPair, removeRcvdPairs,
} from './list-directives.js';
import {
  addNetworks, adspOverride, allowUserRules, bayesStopword, clearNetworks, clearOriginatingIpHeaders,
  clearUtilRb, enableCompat, freemailDomains, freemailWelcomelist, loadPlugin, originatingIpHeaders,
  redirectorPattern, registrarBoundary, replaceRules,
} from './misc-directives.js';
import type { ParseState } from './parse-state.js';
import { PLUGIN_DIRECTIVES } from './plugin-directives.js';
import { shortcircuitDirective } from './shortcircuit-directive.js';
import { pluginRuleDirective } from './plugin-rule-directives.js';
import {
  askdnsRule, bodyRule, fullRule, headerRule, metaRule, mimeheaderRule, rawbodyRule, reuseRule, uriDetailRule,
  uriRule,
} from './rule-directives.js';
import {
  describeDirective, priorityDirective, scoreDirective, testDirective, tflagsDirective,
} from './rule-meta-directives.js';


/** Commands whose syntax or storage is their own. */
const HANDLERS: Readonly<Record<string, DirectiveHandler>> = {
  header: headerRule, body: bodyRule, rawbody: rawbodyRule, full: fullRule, uri: uriRule, meta: metaRule,
  mimeheader: mimeheaderRule, uri_detail: uriDetailRule, askdns: askdnsRule, reuse: reuseRule,
  score: scoreDirective, describe: describeDirective, tflags: tflagsDirective, priority: priorityDirective,
  test: testDirective, shortcircuit: shortcircuitDirective,
  add_header: addHeader, remove_header: removeHeader, clear_headers: clearHeaders, report_safe: reportSafe,
  rewrite_header: rewriteHeader,
  report: appendTemplate('reportTemplate'), clear_report_template: clearTemplate('reportTemplate'),
  unsafe_report: appendTemplate('unsafeReportTemplate'),
  clear_unsafe_report_template: clearTemplate('unsafeReportTemplate'),
  welcomelist_from: addAddrList({ field: 'welcomelistFrom' }),
  unwelcomelist_from: removeAddrList({ field: 'welcomelistFrom' }),
  blocklist_from: addAddrList({ field: 'blocklistFrom' }),
  unblocklist_from: removeAddrList({ field: 'blocklistFrom' }),
  welcomelist_to: addAddrList({ field: 'welcomelistTo' }),
  more_spam_to: addAddrList({ field: 'moreSpamTo' }),
  all_spam_to: addAddrList({ field: 'allSpamTo' }),
  blocklist_to: addAddrList({ field: 'blocklistTo' }),
  welcomelist_allows_relays: addAddrList({ field: 'welcomelistAllowsRelays' }),
  welcomelist_auth: addAddrList({ field: 'welcomelistAuth' }),
  def_welcomelist_auth: addAddrList({ field: 'defWelcomelistAuth' }),
  unwelcomelist_auth: removeAddrList({ field: 'welcomelistAuth' }, { field: 'defWelcomelistAuth' }),
  welcomelist_from_rcvd: addRcvdPair('welcomelistFromRcvd'),
  def_welcomelist_from_rcvd: addRcvdPair('defWelcomelistFromRcvd'),
  unwelcomelist_from_rcvd: removeRcvdPairs('welcomelistFromRcvd', 'defWelcomelistFromRcvd'),
  welcomelist_from_dkim: addDkimPair('welcomelistFromDkim'),
  def_welcomelist_from_dkim: addDkimPair('defWelcomelistFromDkim'),
  unwelcomelist_from_dkim: removeDkimPair,
  welcomelist_from_spf: addAddrList({ setting: 'welcomelist_from_spf' }),
  def_welcomelist_from_spf: addAddrList({ setting: 'def_welcomelist_from_spf' }),
  unwelcomelist_from_spf: removeAddrList({ setting: 'welcomelist_from_spf' }, { setting: 'def_welcomelist_from_spf' }),
  welcomelist_subject: addSubjectList('welcomelistSubject'),
  blocklist_subject: addSubjectList('blocklistSubject'),
  enlist_addrlist: enlistAddrlist, enlist_uri_host: enlistUriHost, delist_uri_host: delistUriHost,
  welcomelist_uri_host: fixedHostList('WELCOME'), blocklist_uri_host: fixedHostList('BLOCK'),
  trusted_networks: addNetworks('trustedNetworks'), clear_trusted_networks: clearNetworks('trustedNetworks'),
  internal_networks: addNetworks('internalNetworks'), clear_internal_networks: clearNetworks('internalNetworks'),
  msa_networks: addNetworks('msaNetworks'), clear_msa_networks: clearNetworks('msaNetworks'),
  originating_ip_headers: originatingIpHeaders, clear_originating_ip_headers: clearOriginatingIpHeaders,
  util_rb_tld: registrarBoundary(1), util_rb_2tld: registrarBoundary(2), util_rb_3tld: registrarBoundary(3),
  clear_util_rb: clearUtilRb, redirector_pattern: redirectorPattern,
  loadplugin: loadPlugin(false), tryplugin: loadPlugin(true), enable_compat: enableCompat,
  allow_user_rules: allowUserRules, replace_rules: replaceRules, adsp_override: adspOverride,
  replace_tag: (st, value, key) => hashInto(st, value, key, (k, v) => st.mut('replaceTags').set(k, v)),
  subjprefix: (st, value, key) => hashInto(st, value, key, (k, v) => st.mut('subjPrefix').set(k, v)),
  url_shortener: (st, value, key) => {
    if (value === '') return `missing '${key}' value`;
    for (const d of value.toLowerCase().split(/\s+/)) if (d !== '') st.mut('urlShorteners').add(d);
    return undefined;
  },
  clear_uridnsbl_skip_domain: (st, value) => {
    const list = st.mutEntry('lists', 'uridnsbl_skip_domain', () => []);
    const drop = new Set(value.toLowerCase().split(/\s+/).filter((d) => d !== ''));
    list.splice(0, list.length, ...(drop.size === 0 ? [] : list.filter((d) => !drop.has(d.toLowerCase()))));
    return undefined;
  },
  dns_server: dnsServer, clear_dns_servers: clearDnsServers, rbl_timeout: rblTimeout,
  dns_query_restriction: dnsQueryRestriction, clear_dns_query_restriction: clearDnsQueryRestriction,
  clear_dns_query_restrictions: clearDnsQueryRestriction, dns_block_rule: dnsBlockRule,
  uridnsbl: pluginRuleDirective, uridnssub: pluginRuleDirective, urirhsbl: pluginRuleDirective,
  urirhssub: pluginRuleDirective, urinsrhsbl: pluginRuleDirective, urinsrhssub: pluginRuleDirective,
  urifullnsrhsbl: pluginRuleDirective, urifullnsrhssub: pluginRuleDirective,
  asn_lookup: asnLookup, asn_lookup_ipv6: asnLookupIpv6, clear_asn_lookups: clearAsnLookups, asn_prefix: asnPrefix,
  uri_block_cc: uriBlockCc, uri_block_cont: uriBlockCont, uri_block_isp: uriBlockIsp, uri_block_cidr: uriBlockCidr,
  uri_block_exclude: uriBlockExclude,
};

function hashInto(st: ParseState, value: string, key: string, set: (k: string, v: string) => void): string | undefined {
  const m = /^(\S*)\s+([\s\S]+)$/.exec(value);
  if (m === null) return `missing '${key}' value`;
  set(m[1] as string, m[2] as string);
  st.mutEntry('hashes', key, () => new Map()).set(m[1] as string, m[2] as string);
  return undefined;
}

interface Entry {
  name: string;
  directive: Directive;
}

function buildIndex(): Map<string, Entry> {
  const index = new Map<string, Entry>();
  for (const table of [CORE_DIRECTIVES, PLUGIN_DIRECTIVES]) {
    for (const [name, directive] of Object.entries(table)) {
      index.set(name, { name, directive });
      for (const alias of directive.aliases ?? []) index.set(alias, { name, directive });
    }
  }
  return index;
}

const INDEX = buildIndex();

export interface ResolvedDirective {
  /** Canonical command name. */
  name: string;
  directive: Directive;
  run: DirectiveHandler;
}

function pluginLoaded(d: Directive, plugins: ReadonlySet<string>): boolean {
  return d.plugin === undefined || d.plugin.some((p) => plugins.has(PLUGIN_PREFIX + p));
}

/** The command for `key`, if it exists with the currently loaded plugins. */
export function resolveDirective(key: string, plugins: ReadonlySet<string>): ResolvedDirective | undefined {
  const entry = INDEX.get(key);
  if (entry === undefined || !pluginLoaded(entry.directive, plugins)) return undefined;
  const { name, directive } = entry;
  const handler = HANDLERS[name];
  const setting = directive.setting ?? name;
  const run: DirectiveHandler = handler ?? ((st, value, k) => storeGeneric(st, directive, setting, value, k));
  return { name, directive, run };
}

/**
 * The plugins' parse_config hooks, tried after the command table: true when
 * a loaded plugin accepted the line.
 */
export function runParseConfigHooks(st: ParseState, key: string, value: string): boolean {
  const loaded = (p: string): boolean => st.config.plugins.has(PLUGIN_PREFIX + p);
  const stop = /^bayes_stopword_([a-z]{2})$/i.exec(key);
  if (stop !== null && loaded('Bayes')) {
    bayesStopword(st, stop[1] as string, value);
    return true;
  }
  if (loaded('FreeMail') && key === 'freemail_domains') return freemailDomains(st, value, key) === undefined;
  if (loaded('FreeMail') && (key === 'freemail_welcomelist' || key === 'freemail_whitelist')) {
    return freemailWelcomelist(st, value, key) === undefined;
  }
  if (loaded('HashBL') && /^hashbl_acl_[a-z0-9]{1,32}$/i.test(key)) {
    // Each line adds to the list, as in SpamAssassin (hashbl-emails.ts reads the words).
    const acls = st.mutEntry('hashes', 'hashbl_acl', () => new Map());
    const name = key.slice('hashbl_acl_'.length).toLowerCase();
    const before = acls.get(name);
    acls.set(name, before === undefined ? value : `${before} ${value}`);
    return true;
  }
  if (loaded('ExtractText') && !st.userMode && (key === 'extracttext_use' || key === 'extracttext_external')) {
    st.mutEntry('lists', key, () => []).push(value);
    return true;
  }
  return false;
}
