/**
 * Settings with their own syntax that are not rules, headers or address
 * lists: networks, registrar boundaries, redirector patterns, plugin loading,
 * compatibility switches and a few plugin options.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import type { ParseState } from './parse-state.js';
import { parseNetSpec } from './network-spec.js';
import { canonicalPluginName, isShippedPlugin } from './plugins.js';
import { parseRuleRegex } from './rule-regex.js';
import { parseBool, words } from './values.js';

type NetField = 'trustedNetworks' | 'internalNetworks' | 'msaNetworks';

export function addNetworks(field: NetField): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const bad = words(value).find((n) => !isNetworkSpec(n));
    if (bad !== undefined) return `${invalidValue(key)}: illegal network address given: '${bad}'`;
    const prev = st.config[field];
    st.config[field] = { entries: [...prev.entries, ...words(value)], configured: true };
    return undefined;
  };
}

function isNetworkSpec(spec: string): boolean {
  return parseNetSpec(spec) !== undefined;
}

export function clearNetworks(field: NetField): DirectiveHandler {
  return (st, value, key) => {
    if (value !== '') return invalidValue(key);
    st.config[field] = { entries: [], configured: false };
    return undefined;
  };
}

export const originatingIpHeaders: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const list = st.mut('originatingIpHeaders');
  for (const h of words(value)) {
    if (!list.some((x) => x.toLowerCase() === h.toLowerCase())) list.push(h);
  }
  return undefined;
};

export const clearOriginatingIpHeaders: DirectiveHandler = (st, value, key) => {
  if (value !== '') return invalidValue(key);
  st.config.originatingIpHeaders = [];
  return undefined;
};

/** util_rb_tld / _2tld / _3tld: each word must have exactly 1, 2 or 3 labels. */
export function registrarBoundary(labels: 1 | 2 | 3): DirectiveHandler {
  const field = labels === 1 ? 'tlds' : labels === 2 ? 'twoLevelDomains' : 'threeLevelDomains';
  const label = '[^\\s.]+';
  const one = Array(labels).fill(label).join('\\.');
  const re = new RegExp(`^${one}(?:\\s+${one})*$`);
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    if (!re.test(value)) return invalidValue(key);
    const set = st.mut(field);
    for (const w of words(value.toLowerCase())) set.add(w);
    return undefined;
  };
}

export const clearUtilRb: DirectiveHandler = (st, value, key) => {
  if (value !== '') return invalidValue(key);
  st.config.tlds = new Set();
  st.config.twoLevelDomains = new Set();
  st.config.threeLevelDomains = new Set();
  return undefined;
};

export const redirectorPattern: DirectiveHandler = (st, value, key) => {
  const text = value.replace(/^\s+/, '');
  if (text === '') return missingValue(key);
  const re = parseRuleRegex(text);
  if ('error' in re) return `${invalidValue(key)}: ${re.error}`;
  st.mut('redirectorPatterns').push(re);
  return undefined;
};

/** loadplugin / tryplugin Module [path.pm]: records the module; unknown modules only warn. */
export function loadPlugin(silent: boolean): DirectiveHandler {
  return (st, value, key) => {
    if (value === '') return missingValue(key);
    const m = /^((?:\w+::){0,10}\w+)(?:\s+(\S+\.pm))?$/i.exec(value);
    if (m === null) return invalidValue(key);
    const name = canonicalPluginName(m[1] as string);
    if (!isShippedPlugin(name) && m[2] === undefined) {
      if (!silent) st.warn(`plugin: failed to load plugin ${name}: not a SpamAssassin 4.0.1 plugin`);
      return undefined;
    }
    if (!isShippedPlugin(name)) {
      st.warn(`plugin: ${name} from ${m[2]} is a third-party plugin; Spamward cannot run it`);
      return undefined;
    }
    st.mut('plugins').add(name);
    return undefined;
  };
}

export const enableCompat: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  if (!/^[a-zA-Z0-9_]{1,128}$/.test(value)) return invalidValue(key);
  st.mut('compatFlags').add(value);
  return undefined;
};

export const allowUserRules: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const b = parseBool(value);
  if (b === undefined) return invalidValue(key);
  st.config.allowUserRules = b;
  return undefined;
};

/** freemail_domains: words of `[a-zA-Z0-9.*?-]` only; others are warned about and skipped. */
export const freemailDomains: DirectiveHandler = (st, value) => {
  const list = st.mut('freemailDomains');
  for (const w of words(value)) {
    if (/[^a-zA-Z0-9.*?-]/.test(w)) st.warn(`freemail: invalid freemail_domains: ${w}`);
    else if (!list.includes(w.toLowerCase())) list.push(w.toLowerCase());
  }
  return undefined;
};

export const freemailWelcomelist: DirectiveHandler = (st, value) => {
  const list = st.mut('freemailWhitelist');
  for (const w of words(value.toLowerCase())) {
    if (/\w[.@]\w/.test(w)) {
      if (!list.includes(w)) list.push(w);
    } else st.warn(`freemail: invalid freemail_welcomelist: ${w}`);
  }
  return undefined;
};

/** bayes_stopword_XX (Bayes parse_config hook): whitespace-separated regexes per language. */
export function bayesStopword(st: ParseState, lang: string, value: string): void {
  const list = st.mutEntry('bayesStopwords', lang.toLowerCase(), () => []);
  list.push(...words(value));
}

/** replace_rules R1 R2…: rules whose regexes get `<tag>` substitution at the end of parsing. */
export const replaceRules: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const list = st.mutEntry('lists', 'replace_rules', () => []);
  for (const r of words(value)) if (!list.includes(r)) list.push(r);
  return undefined;
};

const ADSP: Readonly<Record<string, string>> = { custom_low: '1', custom_med: '2', custom_high: '3' };

export const adspOverride: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const m = /^@?([*a-z0-9._-]+)(?:\s+(nxdomain|unknown|all|discardable|custom_low|custom_med|custom_high))?$/i.exec(value);
  if (m === null) return invalidValue(key);
  const adsp = (m[2] ?? 'discardable').toLowerCase();
  const code = ADSP[adsp] ?? adsp.charAt(0).toUpperCase();
  st.mutEntry('hashes', 'adsp_override', () => new Map()).set((m[1] as string).toLowerCase(), code);
  return undefined;
};
