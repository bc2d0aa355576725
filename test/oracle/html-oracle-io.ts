/**
 * Input side of the HTML/URI oracle: the body vectors, the repository root,
 * and the URI-related configuration (TLD lists, redirector patterns) loaded
 * the way the engine loads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/engine/config/load.js';
import { compilePerlRegex } from '../../src/engine/regex/translate.js';

export type JsonOctets = string | { latin1: string };

export interface UriDetailVector {
  types?: string[];
  cleaned?: JsonOctets[];
  domains?: string[];
  hosts?: Record<string, string>;
  anchor_text?: string[];
}

export interface BodyVector {
  id: string;
  body: JsonOctets[];
  visible: JsonOctets[];
  invisible: JsonOctets[];
  uris: JsonOctets[];
  uri_detail: Record<string, UriDetailVector>;
  html: Record<string, unknown> | null;
}

export function* readVectors(file: string): Generator<BodyVector> {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as BodyVector & { body: unknown };
    // edge.jsonl.gz nests the body fields under `body`.
    yield (Array.isArray(o.body) ? o : { ...(o.body as object), id: o.id }) as BodyVector;
  }
}

/** The directory holding package.json, above the running script. */
export function repoRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above the oracle script');
    dir = up;
  }
  return dir;
}

export interface OracleConfig {
  tlds: Set<string>;
  twoLevel: Set<string>;
  threeLevel: Set<string>;
  redirectors: RegExp[];
}

export function loadOracleConfig(): OracleConfig {
  const { config } = loadConfig({ localTestsOnly: true });
  const redirectors: RegExp[] = [];
  for (const r of config.redirectorPatterns) {
    try {
      redirectors.push(compilePerlRegex(r.pattern, r.flags));
    } catch (err) {
      console.error(`redirector_pattern ${r.pattern}: ${(err as Error).message}`);
    }
  }
  if (config.tlds.size === 0) console.error('warning: no util_rb_tld entries loaded');
  return { tlds: config.tlds, twoLevel: config.twoLevelDomains, threeLevel: config.threeLevelDomains, redirectors };
}
