/**
 * DnsClient over node:dns (c-ares): one Resolver aimed at the dns_server
 * entries (with their ports), one try per query, the longest rbl_timeout
 * as c-ares' own timeout. Per-query budgets shorter than that are enforced
 * by the query session, which stops waiting.
 */
import { Resolver } from 'node:dns/promises';
import type { DnsAnswer, DnsClient, RrType } from './dns-types.js';

/** node:dns error codes → DNS answer codes. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  ETIMEOUT: 'TIMEOUT',
  EREFUSED: 'REFUSED',
  ECONNREFUSED: 'REFUSED',
  ECANCELLED: 'TIMEOUT',
};

export class NodeDnsClient implements DnsClient {
  private readonly resolver: Resolver;

  /** `servers` in node's notation ("127.0.0.1:5353", "[::1]:53"); empty = the system's resolv.conf. */
  constructor(servers: readonly string[], timeoutMs: number) {
    this.resolver = new Resolver({ timeout: Math.max(1, Math.ceil(timeoutMs)), tries: 1 });
    if (servers.length > 0) this.resolver.setServers([...servers]);
  }

  /** The servers queries go to. */
  servers(): string[] {
    return this.resolver.getServers();
  }

  async query(name: string, type: RrType): Promise<DnsAnswer> {
    try {
      const records = (await this.resolver.resolve(name, type)) as unknown[];
      return { code: 'NOERROR', records };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      return { code: ERROR_CODES[code] ?? 'ERROR', records: [] };
    }
  }

  close(): void {
    this.resolver.cancel();
  }
}
