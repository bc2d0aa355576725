/**
 * FreeMail's configuration compiled once per EngineConfig: the freemail
 * domains (plain and wildcard), the exemptions, and the e-mail address
 * pattern that ends in a known TLD.
 */
import type { EngineConfig } from '../config/types.js';
import { addrInList } from './util/addr-list.js';
import { lcBytes, perlNum } from './util/perl-values.js';

export interface FreemailConf {
  available: boolean;
  domains: Set<string>;
  wildcard: RegExp | undefined;
  welcomelist: Set<string>;
  /** Matches one address; group 1 is the address. Global, sticky-free. */
  emailSource: string;
  maxBodyEmails: number;
  maxBodyFreemails: number;
  skipWhenOverMax: boolean;
  skipBulkEnvfrom: boolean;
  importWelcomelistAuth: boolean;
  importDefWelcomelistAuth: boolean;
  /** freemail_add_describe_email: the address that made a rule hit goes into its report line. */
  describeEmail: boolean;
}

const cache = new WeakMap<EngineConfig, FreemailConf>();

function setting(conf: EngineConfig, names: string[], fallback: number): number {
  for (const n of names) {
    const v = conf.other.get(n);
    if (v !== undefined) return perlNum(v);
  }
  return fallback;
}

function words(entries: readonly string[]): string[] {
  return entries.flatMap((e) => e.split(/\s+/)).filter((w) => w !== '');
}

const LOCAL_CHARS = "a-z0-9!#$%&'*+\\/=?^_`{|}~-";

function emailSource(tlds: ReadonlySet<string>): string {
  const tldAlt = [...tlds].map((t) => t.replace(/[^A-Za-z0-9-]/g, '\\$&')).join('|');
  const tldRe = `(?<![a-zA-Z0-9-])(?:${tldAlt})(?!(?:[a-zA-Z0-9-]|\\.[a-zA-Z0-9]))`;
  return `(?=[\\s\\S]{0,64}@)(?<![${LOCAL_CHARS}])([${LOCAL_CHARS}]+(?:\\.[${LOCAL_CHARS}]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?\\.){1,4}${tldRe})`;
}

export function freemailConf(conf: EngineConfig): FreemailConf {
  const hit = cache.get(conf);
  if (hit) return hit;
  const domains = new Set<string>();
  const wild: string[] = [];
  for (const d of words(conf.freemailDomains)) {
    if (/[^a-zA-Z0-9.*?-]/.test(d)) continue;
    const v = lcBytes(d);
    if (/[*?]/.test(v)) wild.push(v.replace(/\./g, '\\.').replace(/\?/g, '.').replace(/\*/g, '[^.]*'));
    else domains.add(v);
  }
  const welcomelist = new Set(words(conf.freemailWhitelist).map(lcBytes).filter((v) => /\w[.@]\w/.test(v)));
  const result: FreemailConf = {
    available: domains.size + wild.length > 0,
    domains,
    wildcard: wild.length > 0 ? new RegExp(`@(?:${wild.join('|')})$`) : undefined,
    welcomelist,
    emailSource: emailSource(conf.tlds),
    maxBodyEmails: setting(conf, ['freemail_max_body_emails'], 5),
    maxBodyFreemails: setting(conf, ['freemail_max_body_freemails'], 3),
    skipWhenOverMax: setting(conf, ['freemail_skip_when_over_max'], 1) !== 0,
    skipBulkEnvfrom: setting(conf, ['freemail_skip_bulk_envfrom'], 1) !== 0,
    importWelcomelistAuth: setting(conf, ['freemail_import_welcomelist_auth', 'freemail_import_whitelist_auth'], 0) !== 0,
    importDefWelcomelistAuth:
      setting(conf, ['freemail_import_def_welcomelist_auth', 'freemail_import_def_whitelist_auth'], 0) !== 0,
    describeEmail: setting(conf, ['freemail_add_describe_email'], 1) !== 0,
  };
  cache.set(conf, result);
  return result;
}

/** Role and machine-generated local parts that are never counted as freemail users. */
const EXEMPT_LOCAL_PART = /^(?:abuse|support|sales|info|helpdesk|contact|kontakt|(?:post|host|domain)master|undisclosed.*|request-[a-f0-9]{16}|bounced?-|[a-f0-9]{8}(?:\.[a-f0-9]{8}|-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})|.+=.+=.+)@/i;

export function isFreemail(conf: EngineConfig, fm: FreemailConf, email: string): boolean {
  if (email === '') return false;
  if (fm.welcomelist.has(email)) return false;
  const domain = email.replace(/.*@/s, '');
  if (fm.welcomelist.has(domain)) return false;
  if (EXEMPT_LOCAL_PART.test(email)) return false;
  if (fm.importWelcomelistAuth && addrInList(conf.welcomelistAuth, email)) return false;
  if (fm.importDefWelcomelistAuth && addrInList(conf.defWelcomelistAuth, email)) return false;
  return fm.domains.has(domain) || (fm.wildcard?.test(email) ?? false);
}
