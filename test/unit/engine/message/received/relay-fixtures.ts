/**
 * Helpers for the relay tests: build the small message and configuration
 * shapes analyzeRelays reads, from self-written header lines.
 */
import type { HeaderField } from '../../../../../src/engine/message/types.js';
import type { RelayConfig, RelayInput } from '../../../../../src/engine/message/received/analyze.js';

/** Header fields as the message parser would store them: value after the colon, leading space kept. */
export function headers(...lines: string[]): HeaderField[] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    const raw = line.slice(colon + 1);
    return { name: line.slice(0, colon), raw, rawValue: `${raw}\n` };
  });
}

export function message(...lines: string[]): RelayInput {
  return { headers: headers(...lines), crlf: false };
}

/** SpamAssassin's stock settings: nothing configured, so trust is inferred. */
export function stockConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  return {
    trustedNetworks: { entries: [], configured: false },
    internalNetworks: { entries: [], configured: false },
    msaNetworks: { entries: [], configured: false },
    originatingIpHeaders: ['X-Yahoo-Post-IP', 'X-Originating-IP', 'X-Apparently-From', 'X-SenderIP', 'X-AOL-IP'],
    envelopeSenderHeader: undefined,
    ...overrides,
  };
}

/** A configuration with the given networks set (an empty list counts as not configured). */
export function networks(trusted: string[], internal: string[] = [], msa: string[] = []): RelayConfig {
  return stockConfig({
    trustedNetworks: { entries: trusted, configured: trusted.length > 0 },
    internalNetworks: { entries: internal, configured: internal.length > 0 },
    msaNetworks: { entries: msa, configured: msa.length > 0 },
  });
}

/** The relay string SpamAssassin would print, from the fields that differ per test. */
export function relayStr(fields: Partial<Record<'ip' | 'rdns' | 'helo' | 'by' | 'ident' | 'envfrom' | 'intl' | 'id' | 'auth' | 'msa', string>>): string {
  const f = { ip: '', rdns: '', helo: '', by: '', ident: '', envfrom: '', intl: '0', id: '', auth: '', msa: '0', ...fields };
  return `[ ip=${f.ip} rdns=${f.rdns} helo=${f.helo} by=${f.by} ident=${f.ident} envfrom=${f.envfrom} intl=${f.intl} id=${f.id} auth=${f.auth} msa=${f.msa} ]`;
}
