/**
 * HashBL's check_hashbl_emails(list[, opts[, headers[, subtest[, acl]]]]):
 * the e-mail addresses of the named sources (default `ALLFROM/Reply-To/body`:
 * the sender addresses, Reply-To, and the body text with the addresses of
 * its mailto: links), as hashbl_email_regex finds them (by default an
 * address ending in a known TLD), less the recipients' own and those
 * hashbl_email_welcomelist names (abuse@, postmaster@, bounce ids …) or whose
 * domain uridnsbl_skip_domain names, tags cut (`notag`), dots dropped
 * (`nodot`), or only the user, host or registrable domain queried; then hashed
 * and looked up as the other HashBL evals (hashbl.ts). Default options
 * sha1/notag/noquote/max=10/shuffle (`noquote`: addresses inside <> or
 * before a "wrote:"-like word are not taken from the body).
 */
import type { NetLookups } from '../../net/dns-types.js';
import { tldPattern } from '../../message/uris/text-uri-pattern.js';
import { compilePerlRegex } from '../../regex/translate.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import type { EngineConfig } from '../../config/types.js';
import { allFromAddrs } from '../util/message-addrs.js';
import { trimDomain } from '../util/domains.js';
import { parseOpts, skipsDomain, submitQueries, subtestOf } from './hashbl-queries.js';

const DEFAULT_OPTS = 'sha1/notag/noquote/max=10/shuffle';
const DEFAULT_SOURCES = 'ALLFROM/Reply-To/body';

const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]";
/** HashBL's default address pattern; _TLDS_ becomes the known TLDs. */
const DEFAULT_EMAIL_RE = `(?=.{0,64}@)(?<!${ATOM})(${ATOM}+(?:\\.${ATOM}+)*@(?:[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?\\.){1,4}_TLDS_)`;
const DEFAULT_WELCOMELIST =
  '^(?:abuse|support|sales|info|helpdesk|contact|kontakt|(?:post|host|domain)master|undisclosed.*|request-[a-f0-9]{16}|bounced?-' +
  '|[a-f0-9]{8}(?:\\.[a-f0-9]{8}|-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})|.+=.+=.+)@';

/** The patterns of one configuration, built once. */
interface EmailPatterns {
  email: RegExp;
  welcomelist: RegExp;
  /** An address in <> or before a "wrote:"-like word (noquote strips these from the body). */
  quoted: RegExp;
}

const patternCache = new WeakMap<EngineConfig, EmailPatterns | null>();

function patternsOf(conf: EngineConfig): EmailPatterns | undefined {
  let p = patternCache.get(conf);
  if (p === undefined) {
    const tlds = conf.tlds.size > 0 ? tldPattern(conf.tlds) : 'no_tlds_defined';
    const custom = conf.other.get('hashbl_email_regex');
    const welcome = conf.other.get('hashbl_email_welcomelist');
    try {
      const email = custom === undefined ? new RegExp(DEFAULT_EMAIL_RE.replace('_TLDS_', () => tlds), 'gi') : compilePerlRegex(custom.replace(/_TLDS_/g, () => tlds), '', { global: true });
      p = {
        email,
        welcomelist: welcome === undefined ? new RegExp(DEFAULT_WELCOMELIST, 'i') : compilePerlRegex(welcome.replace(/_TLDS_/g, () => tlds), ''),
        // Built once: the address pattern holds every known TLD.
        quoted: new RegExp(`<?(?<!mailto:)(?:${email.source})(?:>|\\s{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)`, 'gi'),
      };
    } catch {
      p = null;
    }
    patternCache.set(conf, p);
  }
  return p ?? undefined;
}

/** Every address the pattern finds in `text`, once each, in order (the pattern's first group). */
function addressesIn(text: string, re: RegExp): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') re.lastIndex++;
    const found = m[1] ?? m[0];
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

/** The body as HashBL reads it: mailto: targets of links, then the body text joined, less what nouri/noquote strip. */
function bodyText(ctx: ScanContext, opts: Map<string, string>, quoted: RegExp): string {
  let text = '';
  for (const [uri, info] of ctx.uriDetails()) {
    const m = /^mailto:([\s\S]+)/i.exec(uri);
    if (m && info.types.has('a') && !info.types.has('parsed')) text += `${m[1]}\n`;
  }
  let body = ctx.rendered().body.join('');
  if (opts.has('nouri')) body = body.replace(/<?https?:\/\/\S{0,255}(?:@|%40)\S{0,255}/gi, ' ');
  if (opts.has('noquote')) body = body.replace(quoted, ' ');
  return text + body;
}

/** The addresses of one source; `recipients` is filled the first time a source other than ALLFROM is read. */
function sourceAddresses(ctx: ScanContext, source: string, opts: Map<string, string>, patterns: EmailPatterns, recipients: { set?: Set<string> }): string[] {
  if (source === 'ALLFROM') return allFromAddrs(ctx);
  recipients.set ??= new Set(['X-Original-To:addr', 'Apparently-To:addr', 'Delivered-To:addr', 'Envelope-To:addr'].flatMap((s) => ctx.headerList(s)).map((a) => a.toLowerCase()).filter((a) => a !== ''));
  const text = source === 'ALL' ? ctx.headerList('ALL').join('\n') : source === 'body' ? bodyText(ctx, opts, patterns.quoted) : ctx.headerList(source).join('\n');
  return addressesIn(text, patterns.email);
}

/** hashbl_acl_<name>: the domains it allows (a `!domain` word excludes, and wins over an allowing one). */
function aclDomains(conf: EngineConfig, acl: string): Map<string, boolean> | undefined {
  const words = conf.hashes.get('hashbl_acl')?.get(acl);
  if (words === undefined) return undefined;
  const out = new Map<string, boolean>();
  for (const w of words.split(/\s+/).filter((x) => x !== '')) {
    const neg = w.startsWith('!');
    const domain = (neg ? w.slice(1) : w).toLowerCase();
    if (neg) out.set(domain, false);
    else if (acl !== 'all' && !out.has(domain)) out.set(domain, true);
  }
  return out;
}

/** What is queried for one address under the options (user, host, domain or the whole address). */
function queryValue(ctx: ScanContext, user: string, domain: string, opts: Map<string, string>): string {
  let u = user;
  if (opts.has('nodot')) u = u.replace(/\./g, '');
  if (opts.has('notag')) u = u.replace(/\+[\s\S]*/, '');
  const q = opts.has('host') || opts.has('domain') ? (opts.has('domain') ? trimDomain(ctx.conf, domain) : domain) : opts.has('user') ? u : `${u}@${domain}`;
  return opts.has('case') ? q : q.toLowerCase();
}

export function launchEmails(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, sourcesArg, subtestArg, aclArg] = rule.args;
  const subtest = subtestOf(subtestArg);
  const patterns = patternsOf(ctx.conf);
  if (!listArg || !subtest || !patterns) return;
  const acl = aclArg === undefined ? undefined : aclArg === 'all' ? new Map<string, boolean>() : aclDomains(ctx.conf, aclArg);
  if (aclArg !== undefined && acl === undefined) return;
  const opts = parseOpts(optsArg || DEFAULT_OPTS);
  const aliases = ctx.conf.hashes.get('hashbl_email_domain_alias');
  const recipients: { set?: Set<string> } = {};
  const emails: string[] = [];
  for (const source of (sourcesArg || DEFAULT_SOURCES).split(/\s*\/\s*/)) {
    for (let address of sourceAddresses(ctx, source, opts, patterns, recipients)) {
      const m = /^([\s\S]*)@([\s\S]+)$/.exec(address);
      if (!m) continue;
      const alias = aliasOf(aliases, (m[2] as string).toLowerCase());
      if (alias !== undefined) address = `${m[1]}@${alias}`;
      const domain = alias ?? (m[2] as string);
      if (emails.includes(address)) continue;
      if (acl !== undefined && aclArg !== 'all' && acl.get(domain) !== true) continue;
      emails.push(address);
    }
  }
  const queries: string[] = [];
  for (const address of emails) {
    if (recipients.set?.has(address) || patterns.welcomelist.test(address)) continue;
    const [, user = '', domain = ''] = /^([\s\S]*)@([\s\S]*)$/.exec(address) ?? [];
    if (acl === undefined && skipsDomain(ctx, domain, trimDomain(ctx.conf, domain))) continue;
    const q = queryValue(ctx, user, domain, opts);
    if (!queries.includes(q)) queries.push(q);
  }
  submitQueries(ctx, rule, net, queries, listArg, opts, subtest);
}

/** hashbl_email_domain_alias DOMAIN ALIAS…: the domain an alias stands for (stored as DOMAIN → the aliases). */
function aliasOf(aliases: ReadonlyMap<string, string> | undefined, domain: string): string | undefined {
  if (aliases === undefined) return undefined;
  for (const [target, names] of aliases) {
    if (names.toLowerCase().split(/\s+/).includes(domain)) return target.toLowerCase();
  }
  return undefined;
}
