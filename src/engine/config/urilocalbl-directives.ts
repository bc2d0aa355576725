/**
 * The URILocalBL plugin's rule commands. Each names a rule and adds to its
 * criteria: `uri_block_cc NAME CC…` and `uri_block_cont NAME CONT…`
 * (all negated with `!` or none, across the rule's lines), `uri_block_isp
 * NAME "Isp Name"…`, `uri_block_cidr NAME ADDR[/BITS]…` and
 * `uri_block_exclude NAME DOMAIN-OR-IP…`; the first line for a name makes it
 * a body eval rule (`check_uri_local_bl()`) at priority -100.
 */
import { addRule } from './add-rule.js';
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import type { ParseState } from './parse-state.js';
import { isIpAddress } from '../evals/util/ip-patterns.js';

/** The configuration's generic hashes the criteria live in, by command: rule name -> space-separated entries. */
export const URILOCALBL_HASHES = ['uri_block_cc', 'uri_block_cont', 'uri_block_isp', 'uri_block_cidr', 'uri_block_exclude'] as const;

export const URILOCALBL_EVAL = 'check_uri_local_bl';

const RULE_AND_ARGS = /^([_a-zA-Z][_a-zA-Z0-9]{0,127})\s+(.+?)\s*$/s;

/** Adds entries to the rule's criteria and defines the rule (once the entries are accepted). */
function addCriteria(st: ParseState, hash: string, name: string, entries: string[]): void {
  const table = st.mutEntry('hashes', hash, () => new Map());
  const known = table.get(name);
  table.set(name, known === undefined ? entries.join(' ') : `${known} ${entries.join(' ')}`);
  // SpamAssassin's eval asks which rule is running; here the rule passes its own name.
  addRule(st, name, 'body', { kind: 'eval', fn: URILOCALBL_EVAL, args: [name] });
  st.mut('priority').set(name, -100);
}

/** uri_block_cc / uri_block_cont: codes (`!` negates); one rule may not mix negated and plain codes. */
function codeList(hash: string, code: RegExp): DirectiveHandler {
  return (st, value, key) => {
    const m = RULE_AND_ARGS.exec(value);
    if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
    const name = m[1] as string;
    const codes = (m[2] as string).toUpperCase().split(/\s+/);
    if (!codes.every((c) => code.test(c))) return invalidValue(key);
    const all = [...(st.config.hashes.get(hash)?.get(name)?.split(' ') ?? []), ...codes];
    if (new Set(all.map((c) => c.startsWith('!'))).size > 1) return invalidValue(key);
    addCriteria(st, hash, name, codes);
    return undefined;
  };
}

export const uriBlockCc = codeList('uri_block_cc', /^!?[A-Z][A-Z0-9]$/);
export const uriBlockCont = codeList('uri_block_cont', /^!?[A-Z]{2}$/);

/** uri_block_isp: names, quoted when they hold spaces; kept upper-cased without white space, as the plugin compares them. */
export const uriBlockIsp: DirectiveHandler = (st, value, key) => {
  const m = RULE_AND_ARGS.exec(value);
  if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
  const isps = [...(m[2] as string).matchAll(/("[^"]*"|(?<!")\S+(?!"))/g)].map((i) => (i[1] as string).replace(/"/g, '').toUpperCase().replace(/\s+/g, ''));
  if (isps.length === 0) return invalidValue(key);
  addCriteria(st, 'uri_block_isp', m[1] as string, isps);
  return undefined;
};

export const uriBlockCidr: DirectiveHandler = (st, value, key) => {
  const m = RULE_AND_ARGS.exec(value);
  if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
  const nets = (m[2] as string).split(/\s+/);
  if (!nets.every((n) => /^[^/]+(?:\/\d{1,3})?$/.test(n) && isIpAddress(n.replace(/\/\d+$/, '')))) return invalidValue(key);
  addCriteria(st, 'uri_block_cidr', m[1] as string, nets);
  return undefined;
};

export const uriBlockExclude: DirectiveHandler = (st, value, key) => {
  const m = RULE_AND_ARGS.exec(value);
  if (m === null) return value === '' ? missingValue(key) : invalidValue(key);
  addCriteria(st, 'uri_block_exclude', m[1] as string, (m[2] as string).toLowerCase().split(/\s+/));
  return undefined;
};
