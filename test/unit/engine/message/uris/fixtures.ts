/**
 * Shared test inputs for the URI tests: a small self-written registry
 * configuration (a handful of TLDs and delegations) and a redirector.
 */
import { RegistryBoundaries } from '../../../../../src/engine/message/uris/registry.js';

export const TLDS = new Set(['com', 'net', 'org', 'info', 'biz', 'uk', 'us', 'de', 'jp']);
export const TWO_LEVEL = new Set(['co.uk', 'ac.jp']);
export const THREE_LEVEL = new Set(['pvt.k12.ma.us', 'kyoto.ac.jp']);
/** Like the stock Google redirector_pattern: the `q=` parameter of /url. */
export const REDIRECTORS = [/^https?:\/*(?:\w+\.)?google(?:\.\w{2,3}){1,2}\/url\?.*?(?<=[?&])q=(.*?)(?:$|[&#])/i];

export function registry(): RegistryBoundaries {
  return new RegistryBoundaries({ tlds: TLDS, twoLevelDomains: TWO_LEVEL, threeLevelDomains: THREE_LEVEL });
}

export function extractInput(texts: string[]) {
  return { texts, htmlUris: [], redirectorPatterns: REDIRECTORS, tlds: TLDS, twoLevelDomains: TWO_LEVEL, threeLevelDomains: THREE_LEVEL };
}
