/**
 * The engine's network side: one resolver (with its cache) per
 * configuration, SpamAssassin's dns_available decision, and a query
 * session per message. The rest of the engine sees only QuerySession.
 */
import { CachingDnsClient } from './dns-cache.js';
import { type DnsSettings, dnsSettings } from './dns-settings.js';
import type { DnsClient } from './dns-types.js';
import { UdpDnsClient } from './udp-dns-client.js';
import { QuerySession } from './query-session.js';
import type { EngineConfig } from '../config/types.js';

/** Dns.pm's built-in domains for `dns_available test` (three are picked at random). */
const TEST_DOMAINS = [
  'akamai.com', 'amazon.com', 'apache.org', 'cloudflare.com', 'facebook.com', 'google.com', 'linkedin.com',
  'microsoft.com', 'netflix.com', 'wikipedia.org', 'yahoo.com', 'youtube.com',
];
/** The `test` probe never holds a scan longer than this. */
const TEST_BUDGET_MS = 3000;

export class NetworkRuntime {
  readonly settings: DnsSettings;
  private readonly client: DnsClient;
  private readonly udp: UdpDnsClient;
  private probe: { at: number; result: Promise<boolean> } | undefined;

  constructor(conf: EngineConfig) {
    this.settings = dnsSettings(conf);
    this.udp = new UdpDnsClient(this.settings.servers);
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

  private async runProbe(): Promise<boolean> {
    const listed = /^test:\s*(\S.*)$/.exec(this.settings.available)?.[1]?.split(/\s+/) ?? TEST_DOMAINS;
    const picks = [...listed].sort(() => Math.random() - 0.5).slice(0, 3);
    const session = new QuerySession(this.udp, { ...this.settings, restrictions: new Map() }, Date.now() + TEST_BUDGET_MS);
    const answers = await Promise.all(picks.map((d) => session.lookup(d, 'NS')));
    session.close();
    return answers.some((a) => a.code === 'NOERROR' && a.records.length > 0);
  }

  /**
   * The most one message waits for DNS: twice the longest rbl_timeout, so
   * chained lookups (SPF includes, NS → A → list) fit, while a server that
   * never answers costs each query only its own rbl_timeout.
   */
  messageBudgetMs(): number {
    const longest = Math.max(this.settings.rblTimeout.tInit, ...this.settings.zoneTimeouts.map((z) => z.timeout.tInit));
    return 2 * longest * 1000;
  }

  /** The queries of one message, none waited for beyond `deadline` (epoch ms). */
  session(deadline: number): QuerySession {
    return new QuerySession(this.client, this.settings, deadline);
  }

  close(): void {
    this.client.close();
  }
}
