/**
 * Storage for commands without their own handler: the value is checked
 * against its kind (SpamAssassin's CONF_TYPE_*), then written to a typed
 * EngineConfig field when there is one, and always to the generic maps
 * (`other`, `lists`, `hashes`) under the setting name.
 */
import { invalidValue, missingValue, type Directive, type DirectiveResult } from './directive-types.js';
import type { ParseState } from './parse-state.js';
import type { EngineConfig } from './types.js';
import { parseBool, parseDuration, parseNumeric, unquoteTemplate, words } from './values.js';

type Scalar = string | number | boolean;

/** Settings mirrored into typed EngineConfig fields. */
const FIELDS: Readonly<Record<string, keyof EngineConfig>> = {
  required_score: 'requiredScore',
  report_contact: 'reportContact',
  report_hostname: 'reportHostname',
  report_charset: 'reportCharset',
  fold_headers: 'foldHeaders',
  ok_locales: 'okLocales',
  ok_languages: 'okLanguages',
  normalize_charset: 'normalizeCharset',
  body_part_scan_size: 'bodyPartScanSize',
  rawbody_part_scan_size: 'rawbodyPartScanSize',
  envelope_sender_header: 'envelopeSenderHeader',
  always_trust_envelope_sender: 'alwaysTrustEnvelopeSender',
  use_bayes: 'useBayes',
  use_bayes_rules: 'useBayesRules',
  bayes_auto_learn: 'bayesAutoLearn',
  bayes_auto_learn_threshold_spam: 'bayesAutoLearnThresholdSpam',
  bayes_auto_learn_threshold_nonspam: 'bayesAutoLearnThresholdNonspam',
  use_auto_welcomelist: 'useAutoWelcomelist',
};

/**
 * Hash-typed in SpamAssassin's table but written as word lists
 * (`bayes_ignore_header X-Foo`, `uridnsbl_skip_domain a.com b.com`): their
 * handlers split the value instead of reading a key/value pair.
 */
const LIST_VALUED = new Set([
  'bayes_ignore_header', 'uridnsbl_skip_domain', 'dns_options', 'bayes_token_sources', 'fns_ignore_dkim',
  'fns_ignore_headers', 'hashbl_ignore', 'authres_trusted_authserv', 'authres_ignored_authserv', 'geodb_options',
]);

/** List settings SpamAssassin lower-cases (header names, domains). */
const LOWER_CASED = new Set(['bayes_ignore_header', 'uridnsbl_skip_domain']);

/** Checks a scalar value; returns the typed value or an error message. */
function checkScalar(kind: Directive['kind'], value: string, key: string): { v: Scalar } | { err: string } {
  if (value === '' && kind !== 'custom') return { err: missingValue(key) };
  const parsed: Scalar | undefined =
    kind === 'bool' ? parseBool(value)
    : kind === 'numeric' ? parseNumeric(value)
    : kind === 'duration' ? parseDuration(value)
    : value;
  return parsed === undefined ? { err: invalidValue(key) } : { v: parsed };
}

function storeScalar(st: ParseState, setting: string, v: Scalar): void {
  st.mut('other').set(setting, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  const field = FIELDS[setting];
  if (field !== undefined) (st.config as unknown as Record<string, Scalar>)[field] = v;
  if (setting.startsWith('bayes_')) st.mut('bayesOptions').set(setting, String(v));
  if (setting.startsWith('txrep_') || setting.startsWith('auto_welcomelist_')) {
    st.mut('txrepOptions').set(setting, String(v));
  }
}

export function storeGeneric(st: ParseState, d: Directive, setting: string, value: string, key: string): DirectiveResult {
  const kind = LIST_VALUED.has(setting) ? 'stringlist' : d.kind;
  switch (kind) {
    case 'noargs':
      if (value !== '') return invalidValue(key);
      st.mut('other').set(setting, '1');
      return undefined;
    case 'template': {
      const other = st.mut('other');
      other.set(setting, `${other.get(setting) ?? ''}${unquoteTemplate(value)}\n`);
      return undefined;
    }
    case 'hash': {
      const m = /^(\S*)\s+([\s\S]+)$/.exec(value);
      if (m === null) return missingValue(key);
      st.mutEntry('hashes', setting, () => new Map()).set(m[1] as string, m[2] as string);
      return undefined;
    }
    case 'addrlist':
    case 'stringlist':
    case 'iplist': {
      if (value === '') return missingValue(key);
      const lower = kind === 'addrlist' || LOWER_CASED.has(setting);
      const items = words(lower ? value.toLowerCase() : value);
      const list = st.mutEntry('lists', setting, () => []);
      // Hash-backed in SpamAssassin, so an entry is kept once.
      const unique = kind === 'addrlist' || LIST_VALUED.has(setting);
      for (const i of items) if (!unique || !list.includes(i)) list.push(i);
      if (setting === 'report_safe_copy_headers') st.config.reportSafeCopyHeaders = list;
      return undefined;
    }
    default: {
      if (value !== '' && d.accepts !== undefined && !d.accepts.test(value)) return invalidValue(key);
      const r = checkScalar(kind, value, key);
      if ('err' in r) return r.err;
      storeScalar(st, setting, r.v);
      return undefined;
    }
  }
}
