/**
 * The phishing URL feeds of SpamAssassin's Phishing plugin, read as it reads
 * them: OpenPhish (one URL a line), PhishTank (CSV, URL in the second field)
 * and PhishStats (CSV, score then URL, kept above
 * `phishing_phishstats_minscore`); a header line skipped in the CSV files,
 * `#` lines skipped, double quotes dropped from CSV fields, a line's final
 * newline (only) removed, and `phishing_uri_noparam` cutting each URL at its
 * `?`. A URL counts only when it has a registrable domain; a message's link
 * then matches one by its exact text.
 */
import { readFileSync, statSync } from 'node:fs';
import type { EngineConfig } from '../../config/types.js';
import { perlNum } from '../util/perl-values.js';
import { uriToDomain } from '../util/domains.js';

/** Feed URL (as matched) -> for each of its domains, the feeds that list it, first first. */
export type PhishingFeeds = Map<string, Map<string, string[]>>;

interface FeedSource {
  setting: string;
  name: string;
  /** The URL a line lists, or undefined to skip it (`index` counts from 0). */
  urlOf(line: string, index: number, conf: EngineConfig): string | undefined;
}

const csvField = (line: string, n: number): string | undefined => line.split(',')[n]?.replace(/"/g, '');

const SOURCES: readonly FeedSource[] = [
  { setting: 'phishing_openphish_feed', name: 'OpenPhish', urlOf: (line) => line },
  { setting: 'phishing_phishtank_feed', name: 'PhishTank', urlOf: (line, index) => (index === 0 ? undefined : (csvField(line, 1) ?? '')) },
  {
    setting: 'phishing_phishstats_feed',
    name: 'PhishStats',
    urlOf: (line, index, conf) => {
      const score = csvField(line, 1);
      const url = csvField(line, 2);
      if (index === 0 || score === undefined || url === undefined) return undefined;
      return perlNum(conf.other.get('phishing_phishstats_minscore') ?? '6') >= perlNum(score) ? undefined : url;
    },
  },
];

export function uriWithoutParams(conf: EngineConfig): boolean {
  return conf.other.get('phishing_uri_noparam') === '1';
}

/** Every feed the configuration names that exists as a file. */
export function readPhishingFeeds(conf: EngineConfig): PhishingFeeds {
  const feeds: PhishingFeeds = new Map();
  const noParams = uriWithoutParams(conf);
  for (const source of SOURCES) {
    const path = conf.other.get(source.setting);
    if (path === undefined || !isFile(path)) continue;
    const lines = readFileSync(path, 'latin1').split(/(?<=\n)/).map((l) => (l.endsWith('\n') ? l.slice(0, -1) : l));
    lines.forEach((line, index) => {
      if (/^[ \t\n\r\f\x0b]*#/.test(line)) return;
      const url = source.urlOf(line, index, conf);
      if (url === undefined) return;
      const domain = uriToDomain(conf, url);
      if (domain === undefined) return;
      const key = noParams ? url.replace(/\?.*/s, '') : url;
      const byDomain = feeds.get(key) ?? new Map<string, string[]>();
      feeds.set(key, byDomain);
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), source.name]);
    });
  }
  return feeds;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
