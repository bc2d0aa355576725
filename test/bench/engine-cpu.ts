/**
 * Engine CPU per message with the system's SpamAssassin rules (-L, no Bayes),
 * measured in-process, and where that time goes.
 *
 * Loads the engine once, warms up on the first messages (V8 compiles each
 * regex on its first run), then scans the corpus with scanSync and prints CPU
 * ms per message (process.cpuUsage: the machine is shared, wall time lies).
 * A second, profiled pass prints the time per stage (parse, render, header
 * rules, body rules, ...) and the rules that cost most.
 *
 *   node dist/test/bench/engine-cpu.js [--limit N] [--warmup 200] [--top 30]
 *        [--no-profile] [--out results.json] [--baseline results.json] [--compare-re2 ROUNDS]
 *
 * --out writes every message's score and rules; --baseline compares this
 * run's against such a file and lists the messages that changed, so an
 * optimisation can be checked for identical results in seconds.
 * --compare-re2 builds a second engine without the RE2 rule sets and scans
 * the same messages with both, alternating for ROUNDS rounds in one process
 * (the only comparison this shared machine keeps fair), and checks both
 * give the same results.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseMessage } from '../../src/engine/message/parse.js';
import { setRe2Enabled } from '../../src/engine/regex/re2-binding.js';
import { profileClock, setRuleProfiler } from '../../src/engine/rules/rule-profile.js';
import { loadCorpus } from './lib/corpus.js';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    warmup: { type: 'string', default: '200' },
    top: { type: 'string', default: '30' },
    'no-profile': { type: 'boolean', default: false },
    out: { type: 'string' },
    baseline: { type: 'string' },
    'compare-re2': { type: 'string' },
  },
});

interface Result {
  score: number;
  rules: string[];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const { createEngine } = await import('../../src/engine/index.js');
  const c0 = cpuMs();
  const engine = await createEngine({ localTestsOnly: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] });
  const loadMs = cpuMs() - c0;
  const all = loadCorpus();
  const limit = args.limit ? Number(args.limit) : all.length;
  // Spread the sample over every group rather than taking the first group only.
  const step = all.length / Math.min(limit, all.length);
  const messages = Array.from({ length: Math.min(limit, all.length) }, (_, i) => all[Math.floor(i * step)]!);
  const warm = Number(args.warmup);
  const w0 = cpuMs();
  for (let i = 0; i < warm; i++) engine.scanSync(messages[i % messages.length]!.raw);
  const warmMs = cpuMs() - w0;

  const results = new Map<string, Result>();
  const t0 = cpuMs();
  for (const m of messages) {
    const v = engine.scanSync(m.raw);
    results.set(m.id, { score: v.score, rules: [...v.testNames].sort() });
  }
  const scanMs = cpuMs() - t0;
  const perMsg = scanMs / messages.length;
  const bytes = messages.reduce((n, m) => n + m.raw.length, 0);
  console.log(JSON.stringify({ messages: messages.length, cpuMsPerMsg: Number(perMsg.toFixed(3)), loadCpuMs: Math.round(loadMs), warmupCpuMsPerMsg: Number((warmMs / Math.max(1, warm)).toFixed(2)), avgKB: Number((bytes / messages.length / 1024).toFixed(1)) }));

  if (args.out) writeFileSync(args.out, JSON.stringify(Object.fromEntries(results)));
  if (args.baseline && existsSync(args.baseline)) compareBaseline(results, JSON.parse(readFileSync(args.baseline, 'utf8')) as Record<string, Result>);
  if (!args['no-profile']) profile(engine, messages.map((m) => m.raw), Number(args.top));
  if (args['compare-re2']) await compareRe2(engine, messages.map((m) => m.raw), Number(args['compare-re2']));
  await engine.close();
}

type Scanner = { scanSync(b: Buffer): { score: number; testNames: string[] } };

async function compareRe2(withSets: Scanner, raws: Buffer[], rounds: number): Promise<void> {
  const { createEngine } = await import('../../src/engine/index.js');
  setRe2Enabled(false);
  const plain = await createEngine({ localTestsOnly: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] });
  setRe2Enabled(true);
  for (const raw of raws.slice(0, 200)) plain.scanSync(raw);
  const totals = { sets: 0, plain: 0 };
  let differ = 0;
  for (let round = 0; round < rounds; round++) {
    const got: Record<string, string[]> = {};
    for (const [name, engine] of [['sets', withSets], ['plain', plain]] as const) {
      const c0 = cpuMs();
      got[name] = raws.map((raw) => {
        const v = engine.scanSync(raw);
        return `${v.score} ${[...v.testNames].sort().join(',')}`;
      });
      const ms = (cpuMs() - c0) / raws.length;
      totals[name] += ms;
      console.log(JSON.stringify({ round, engine: name === 'sets' ? 'RE2 sets' : 'RegExp only', cpuMsPerMsg: Number(ms.toFixed(2)) }));
    }
    differ += got.sets!.filter((r, i) => r !== got.plain![i]).length;
  }
  console.log(JSON.stringify({ compareRe2: true, setsCpuMsPerMsg: Number((totals.sets / rounds).toFixed(2)), regexpOnlyCpuMsPerMsg: Number((totals.plain / rounds).toFixed(2)), ratio: Number((totals.sets / totals.plain).toFixed(3)), differingResults: differ }));
  await plain.close();
}

function compareBaseline(now: Map<string, Result>, base: Record<string, Result>): void {
  let same = 0;
  let diff = 0;
  const shown: string[] = [];
  for (const [id, r] of now) {
    const b = base[id];
    if (!b) continue;
    const eq = Math.abs(b.score - r.score) < 1e-9 && b.rules.join(',') === r.rules.join(',');
    if (eq) same++;
    else {
      diff++;
      if (shown.length < 20) {
        const missing = b.rules.filter((x) => !r.rules.includes(x));
        const extra = r.rules.filter((x) => !b.rules.includes(x));
        shown.push(`  ${id}: ${b.score} -> ${r.score}; lost ${missing.join(',') || '-'}; gained ${extra.join(',') || '-'}`);
      }
    }
  }
  console.log(`baseline: ${same} identical, ${diff} changed`);
  for (const s of shown) console.log(s);
}

function profile(engine: { scanSync(b: Buffer): unknown }, raws: Buffer[], top: number): void {
  const stages = new Map<string, number>();
  const rules = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  setRuleProfiler({ stage: (n, ms) => add(stages, n, ms), rule: (n, ms) => add(rules, n, ms) });
  let total = 0;
  for (const raw of raws) {
    let t = profileClock();
    parseMessage(raw);
    add(stages, 'parse', profileClock() - t);
    t = profileClock();
    engine.scanSync(raw);
    total += profileClock() - t;
  }
  setRuleProfiler(undefined);
  const n = raws.length;
  const inEval = [...stages.entries()].filter(([k]) => k !== 'parse').reduce((s, [, v]) => s + v, 0);
  add(stages, 'other (parse inside scan, verdict, report)', total - inEval);
  console.log(`\nstages (profiled pass, CPU ms per message; the profiler itself adds time):`);
  for (const [k, v] of [...stages.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(44)} ${(v / n).toFixed(3)}`);
  console.log(`\ntop ${top} rules (ms per message):`);
  for (const [k, v] of [...rules.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${k.padEnd(44)} ${(v / n).toFixed(4)}`);
}

await main();
