/**
 * dns_block_rule and dns_block_time (SpamAssassin 4.0's bug 6728): a
 * blocklist that refuses a site's queries says so with an answer of its own
 * (Spamhaus answers queries that come through public resolvers with
 * 127.255.255.254, rule RCVD_IN_ZEN_BLOCKED_OPENDNS). When such a rule hits,
 * its domains are blocked: an empty file `dnsblock_<domain>` in the data
 * folder, which every scanning thread and every process on that folder sees,
 * stops their queries under the domain until the file is dns_block_time
 * seconds old (default 300); the first query after that removes it.
 *
 * SpamAssassin keeps the file in its global state folder; Spamward's is the
 * data folder, where its databases live.
 */
import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config/types.js';
import type { QueryBlocker } from '../net/query-session.js';

export type BlockLog = (level: 'warn', message: string) => void;

const DEFAULT_BLOCK_SECONDS = 300;

export class DnsBlockRules implements QueryBlocker {
  private constructor(
    private readonly dir: string,
    private readonly seconds: number,
    /** Rule → the domains its hit blocks. */
    private readonly byRule: ReadonlyMap<string, readonly string[]>,
    private readonly domains: ReadonlySet<string>,
    private readonly log: BlockLog,
  ) {}

  /** The configuration's block rules, with their files in `dir`; undefined when it has none. */
  static of(conf: EngineConfig, dir: string, log: BlockLog): DnsBlockRules | undefined {
    const entries = conf.lists.get('dns_block_rule') ?? [];
    if (entries.length === 0) return undefined;
    const byRule = new Map<string, string[]>();
    for (const entry of entries) {
      const [rule, domain] = entry.split(' ') as [string, string];
      byRule.set(rule, [...(byRule.get(rule) ?? []), domain]);
    }
    const configured = Number(conf.other.get('dns_block_time') ?? DEFAULT_BLOCK_SECONDS);
    const seconds = Number.isFinite(configured) ? configured : DEFAULT_BLOCK_SECONDS;
    return new DnsBlockRules(dir, seconds, byRule, new Set(entries.map((e) => e.slice(e.indexOf(' ') + 1))), log);
  }

  /**
   * Whether a query for `name` is blocked now. Of the blocked domains `name`
   * falls under, the least specific decides, as in SpamAssassin.
   */
  blocks(name: string): boolean {
    const domain = this.coveringDomain(name);
    if (domain === undefined) return false;
    const file = this.fileOf(domain);
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return false;
    }
    if (Math.floor(Date.now() / 1000) - Math.floor(mtime / 1000) <= this.seconds) return true;
    try {
      unlinkSync(file);
    } catch {
      // Another thread or process removed it first.
    }
    return false;
  }

  /** After the metas: each block rule that hit blocks its domains (a file made once, with a warning). */
  recordHits(hit: (rule: string) => boolean): void {
    for (const [rule, domains] of this.byRule) {
      if (!hit(rule)) continue;
      for (const domain of domains) this.block(rule, domain);
    }
  }

  private block(rule: string, domain: string): void {
    const file = this.fileOf(domain);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(file, '', { flag: 'wx' });
    } catch (e) {
      // Already blocked (by this process or another): nothing to say again.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') this.log('warn', `check: dns_block_rule ${rule} hit, cannot create ${file}: ${(e as Error).message}`);
      return;
    }
    this.log('warn', `check: dns_block_rule ${rule} hit, creating ${file} (This means DNSBL blocked you due to too many queries. Set all affected rules score to 0, or use "dns_query_restriction deny ${domain}" to disable queries)`);
  }

  private coveringDomain(name: string): string | undefined {
    let found: string | undefined;
    let d = name.toLowerCase().replace(/\.+$/, '');
    for (;;) {
      if (this.domains.has(d)) found = d;
      const dot = d.indexOf('.');
      if (dot < 0) return found;
      d = d.slice(dot + 1);
    }
  }

  private fileOf(domain: string): string {
    return join(this.dir, `dnsblock_${domain}`);
  }
}
