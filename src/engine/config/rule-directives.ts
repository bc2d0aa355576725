/**
 * Handlers for the rule-defining commands: header, body, rawbody, full, uri,
 * meta, mimeheader (MIMEHeader), uri_detail (URIDetail), askdns (AskDNS) and
 * reuse. Each returns an error message or undefined, like the other directives.
 */
import { addRule, splitRuleLine } from './add-rule.js';
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import { parseEvalCall } from './eval-args.js';
import { parseHeaderOperand, parseMimeHeaderOperand } from './header-rule.js';
import { validateMeta } from './meta-validate.js';
import type { ParseState } from './parse-state.js';
import { parseRuleRegex } from './rule-regex.js';
import type { RuleType, UriDetailCriterion } from './types.js';

type Split = { name: string; rest: string } | string;

function split(value: string, key: string): Split {
  const s = splitRuleLine(value);
  if (s === 'invalid') return invalidValue(key);
  if (s === 'missing') return missingValue(key);
  return s;
}

/** `eval:fn(args)` operand; SA only checks the call shape here and parses args at finish. */
function addEval(st: ParseState, name: string, type: RuleType, call: string, key: string): string | undefined {
  if (!/^\w+\(.*\)$/s.test(call)) return invalidValue(key);
  const parsed = parseEvalCall(call);
  if (parsed === undefined) {
    st.error(`syntax error for eval function ${name}: ${call}`);
    return undefined;
  }
  addRule(st, name, type, { kind: 'eval', fn: parsed.fn, args: parsed.args });
  return undefined;
}

export const headerRule: DirectiveHandler = (st, value, key) => {
  const s = split(value, key);
  if (typeof s === 'string') return s;
  const ev = /^(?:rbl)?eval:(.*)$/s.exec(s.rest);
  if (ev !== null) return addEval(st, s.name, 'header', ev[1] as string, key);
  const test = parseHeaderOperand(s.rest);
  if ('error' in test) {
    st.error(`${test.error} (rule ${s.name})`);
    return undefined;
  }
  addRule(st, s.name, 'header', test);
  return undefined;
};

/** body, rawbody, full and uri: a regex, or (except uri) an eval. */
function regexRule(type: 'body' | 'rawbody' | 'full' | 'uri'): DirectiveHandler {
  return (st, value, key) => {
    const s = split(value, key);
    if (typeof s === 'string') return s;
    const ev = type === 'uri' ? null : /^eval:(.*)$/s.exec(s.rest);
    if (ev !== null) return addEval(st, s.name, type, ev[1] as string, key);
    const re = parseRuleRegex(s.rest);
    if ('error' in re) {
      st.error(`invalid regexp for ${s.name} '${s.rest}': ${re.error}`);
      return undefined;
    }
    addRule(st, s.name, type, { kind: 'regex', pattern: re.pattern, flags: re.flags });
    return undefined;
  };
}

export const bodyRule = regexRule('body');
export const rawbodyRule = regexRule('rawbody');
export const fullRule = regexRule('full');
export const uriRule = regexRule('uri');

export const metaRule: DirectiveHandler = (st, value, key) => {
  const s = split(value, key);
  if (typeof s === 'string') return s;
  if (/\*\s*\*/.test(s.rest)) return invalidValue(key);
  const problem = validateMeta(s.rest);
  if (problem !== undefined) {
    st.error(`invalid meta ${s.name}: ${problem}`);
    return undefined;
  }
  addRule(st, s.name, 'meta', { kind: 'meta', expression: s.rest });
  return undefined;
};

export const mimeheaderRule: DirectiveHandler = (st, value, key) => {
  const m = /^([_a-zA-Z][_a-zA-Z0-9]{0,127})\s+([\s\S]*)$/.exec(value);
  if (m === null) return invalidValue(key);
  if (m[2] === '') return missingValue(key);
  const test = parseMimeHeaderOperand(m[2] as string);
  if ('error' in test) return invalidValue(key);
  addRule(st, m[1] as string, 'mimeheader', test);
  return undefined;
};

/** uri_detail NAME key =~ /re/ [key !~ /re/ …]; keys: raw type cleaned text domain host. */
export const uriDetailRule: DirectiveHandler = (st, value, key) => {
  const m = /^(\S+)\s+([\s\S]+)$/.exec(value);
  if (m === null) return invalidValue(key);
  const byKey = new Map<string, UriDetailCriterion>();
  const crit = /\b(\w+)\b\s*([=!]~)\s*((?:\/.*?\/|m(\W).*?\4)[imsx]*)(?=\s|$)/g;
  for (const c of (m[2] as string).matchAll(crit)) {
    const target = c[1] as string;
    if (!/^(?:raw|type|cleaned|text|domain|host)$/.test(target)) return invalidValue(key);
    const re = parseRuleRegex(c[3] as string);
    if ('error' in re) return invalidValue(key);
    byKey.set(target, { key: target, positive: c[2] === '=~', pattern: re.pattern, flags: re.flags });
  }
  if (byKey.size === 0) return invalidValue(key);
  addRule(st, m[1] as string, 'uri_detail', { kind: 'uriDetail', criteria: [...byKey.values()] });
  return undefined;
};

const DNS_TYPES =
  /^(?:ANY|A|AAAA|MX|TXT|PTR|NAPTR|NS|SOA|CERT|CNAME|DNAME|DHCID|HINFO|MINFO|RP|HIP|IPSECKEY|KX|LOC|GPOS|SRV|OPENPGPKEY|SSHFP|SPF|TLSA|URI|CAA|CSYNC)$/;

/** askdns NAME query [types [subtest]]: the name exists (as an empty rule) for scores and metas. */
export const askdnsRule: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  const m = /^(\S+)\s+(\S+)(?:\s+([A-Za-z0-9,]+)(?:\s+(.*?))?)?\s*$/s.exec(value);
  if (m === null) return invalidValue(key);
  const types = (m[3] ?? 'A').toUpperCase().split(',');
  if (types.some((t) => !DNS_TYPES.test(t))) return invalidValue(key);
  const name = m[1] as string;
  st.mutEntry('hashes', 'askdns', () => new Map()).set(name, value.slice(name.length).trim());
  addRule(st, name, 'empty', { kind: 'empty' });
  return undefined;
};

/**
 * reuse NAME [OLD…]: without the Reuse plugin it only makes the name exist
 * (when it does not yet); with it the name is recorded and materialised at
 * the end of parsing.
 */
export const reuseRule: DirectiveHandler = (st, value, key) => {
  if (st.config.plugins.has('Mail::SpamAssassin::Plugin::Reuse')) {
    const r = /^\s*([_a-zA-Z][_a-zA-Z0-9]{0,127})(?:\s+[_a-zA-Z][_a-zA-Z0-9]{0,127})*\s*$/.exec(value);
    if (r === null) return invalidValue(key);
    st.mutEntry('lists', 'reuse', () => []).push(r[1] as string);
    return undefined;
  }
  const m = /\s*(\w+)(?:\s+(?:\w+(?:\s+\w+)*))?\s*$/.exec(value);
  if (m === null) return invalidValue(key);
  const name = m[1] as string;
  if (!st.config.rules.has(name)) addRule(st, name, 'empty', { kind: 'empty' });
  return undefined;
};
