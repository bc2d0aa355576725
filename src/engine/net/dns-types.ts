/**
 * The small interface the engine's network evals see of DNS. Only
 * src/engine/net/ talks to the network; everything else gets answers as data.
 */

import type { HelperRunner } from './helper-types.js';

/** Record types the network evals ask for. */
export type RrType = 'A' | 'AAAA' | 'TXT' | 'MX' | 'NS' | 'PTR' | 'CNAME';

/**
 * One answer. `records` has the shapes of node:dns `resolve()`: strings for
 * A/AAAA/NS/PTR/CNAME, string arrays (the character-strings) for TXT,
 * `{ exchange, priority }` for MX. `code` is NOERROR, NXDOMAIN, NODATA,
 * SERVFAIL, TIMEOUT, REFUSED, RESTRICTED (dns_query_restriction) or ERROR.
 */
export interface DnsAnswer {
  code: string;
  records: unknown[];
  /**
   * The authority section of an NS question's answer: a primary name server
   * (SOA MNAME) per SOA record and null for any other record, in order;
   * absent when it was empty, and for other questions. DNSEval's
   * check_rbl_ns_from reads it.
   */
  authority?: (string | null)[];
}

/** A resolver: one query, answered or failed, never throwing. */
export interface DnsClient {
  query(name: string, type: RrType): Promise<DnsAnswer>;
  /** Abandon outstanding queries (engine close). */
  close(): void;
}

/** What a network eval may do during a scan: ask, and register chained work to wait for. */
export interface NetLookups {
  lookup(name: string, type: RrType): Promise<DnsAnswer>;
  track(task: Promise<unknown>): void;
  /** Epoch ms after which no answer is waited for. */
  readonly deadline: number;
  /** Helper programs (Pyzor, Razor); absent where none may run. */
  readonly helpers?: HelperRunner;
}
