/**
 * The engine's network side: one resolver (with its cache) per
 * configuration, SpamAssassin's dns_available decision, and a query
 * session per message. The rest of the engine sees only QuerySession.
 */
import { CachingDnsClient } from './dns-cache.js';
import { type DnsSettings, dnsSettings } from './dns-settings.js';
import type { DnsClient } from './dns-types.js';
import { UdpDnsClient } from './udp-dns-client.js';
import { QuerySession, type QueryBlocker } from './query-session.js';
import { ProcessHelperRunner } from './helper-process.js';
import type { HelperRunner } from './helper-types.js';
import type { EngineConfig } from '../config/types.js';

/** Dns.pm's built-in domains for `dns_available test` (three are picked at random). */
const TEST_DOMAINS = [
  'akamai.com', 'amazon.com', 'apache.org', 'cloudflare.com', 'facebook.com', 'google.com', 'linkedin.com',
  'microsoft.com', 'netflix.com', 'wikipedia.org', 'yahoo.com', 'youtube.com',
];
/** The `test` probe's wait for one answer: Net::DNS udp_timeout as SpamAssassin sets it. */
const TEST_BUDGET_MS = 3000;
/** Dns.pm tries each server with at most this many test domains. */
const TRIES_PER_SERVER = 3;

export class NetworkRuntime {
  readonly settings: DnsSettings;
  private readonly client: DnsClient;
  private readonly udp: UdpDnsClient;
  private probe: { at: number; result: Promise<boolean> } | undefined;

  /** `helpers` runs Pyzor and Razor; child processes unless the caller injects another runner. */
  constructor(
    private readonly conf: EngineConfig,
    private readonly helpers: HelperRunner = new ProcessHelperRunner(),
    /** dns_block_rule's blocks, shared by every scan's queries. */
    private readonly blocks?: QueryBlocker,
  ) {
    this.settings = dnsSettings(conf);
    this.udp = new UdpDnsClient(this.settings.servers, this.settings.options);
    this.client = new CachingDnsClient(this.udp);
  }

  /** Whether `dns_available` and the resolver allow network tests at all (no I/O). */
  configured(): boolean {
    if (/^(?:no|0)$/.test(this.settings.available)) return false;
    // No dns_server and nothing in resolv.conf: Net::DNS cannot load a resolver, DNS is unavailable.
    return this.udp.serverList().length > 0;
  }

  /** dns_available: yes → configured; test → a cached probe of NS records, re-run after dns_test_interval. */
  async available(): Promise<boolean> {
    if (!this.configured()) return false;
    if (!this.settings.available.startsWith('test')) return true;
    const now = Date.now();
    if (!this.probe || now - this.probe.at > this.settings.testInterval * 1000) {
      this.probe = { at: now, result: this.runProbe() };
    }
    return this.probe.result;
  }

  /**
   * Dns.pm's is_dns_available for `test`: each configured server is asked
   * for the A/AAAA records of up to three test domains taken at random from
   * one shared pool (so with few domains the later servers are never tried,
   * and count as bad); the servers that answered become the available list.
   * The tries run in parallel here, so the probe costs one answer's timeout.
   */
  private async runProbe(): Promise<boolean> {
    const pool = [...(/^test:\s*(\S.*)$/.exec(this.settings.available)?.[1]?.split(/\s+/) ?? TEST_DOMAINS)];
    const servers = this.udp.configuredServers();
    if (this.settings.options.rotate) servers.sort(() => Math.random() - 0.5);
    const plans = servers.map((server) => ({ server, domains: [] as string[] }));
    for (const plan of plans) {
      for (let i = 0; i < TRIES_PER_SERVER && pool.length > 0; i++) plan.domains.push(...pool.splice(Math.floor(Math.random() * pool.length), 1));
    }
    const good = await Promise.all(plans.map((p) => this.serverAnswers(p.server, p.domains)));
    const names = plans.filter((_, i) => good[i]).map((p) => p.server);
    if (names.length > 0) this.udp.setAvailable(names);
    return names.length > 0;
  }

  private async serverAnswers(server: string, domains: readonly string[]): Promise<boolean> {
    const types = [...(this.settings.options.v4 ? ['A' as const] : []), ...(this.settings.options.v6 ? ['AAAA' as const] : [])];
    const answers = await Promise.all(domains.flatMap((d) => types.map((t) => this.udp.queryVia(server, d, t, TEST_BUDGET_MS))));
    return answers.some((a) => a.code === 'NOERROR' && a.records.length > 0);
  }

  /**
   * The most one message waits for DNS: twice the longest rbl_timeout, so
   * chained lookups (SPF includes, NS → A → list) fit, while a server that
   * never answers costs each query only its own rbl_timeout.
   */
  messageBudgetMs(): number {
    const longest = Math.max(this.settings.rblTimeout.tInit, ...this.settings.zoneTimeouts.map((z) => z.timeout.tInit));
    // Pyzor and Razor run beside the lookups, each capped by its own timeout.
    const helpers = (
      [['Pyzor', 'use_pyzor', 'pyzor_timeout'], ['Razor2', 'use_razor2', 'razor_timeout']] as const
    )
      .filter(([plugin, use]) => this.conf.plugins.has(`Mail::SpamAssassin::Plugin::${plugin}`) && this.conf.other.get(use) !== '0')
      .map(([, , timeout]) => Number(this.conf.other.get(timeout) ?? 5))
      .filter(Number.isFinite);
    return Math.max(2 * longest, ...helpers.map((t) => t + 0.5)) * 1000;
  }

  /** The queries of one message, none waited for beyond `deadline` (epoch ms). */
  session(deadline: number): QuerySession {
    return new QuerySession(this.client, this.settings, deadline, this.helpers, this.blocks);
  }

  close(): void {
    this.client.close();
  }
}
