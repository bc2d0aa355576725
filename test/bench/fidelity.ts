/**
 * Fidelity and speed against the real SpamAssassin, in one run.
 *
 * Starts Debian's spamd (-L, use_bayes 0, 2 children) on a free loopback
 * port, sends every corpus message with HEADERS and reads the exact per-rule
 * scores from an extra `_TESTSSCORES_` header; scans the same messages with
 * Spamward's engine in this process with the same settings; then prints how
 * often the verdict, the set of rules and the score agree, the rules that
 * disagree most, and messages per second per core for both.
 *
 *   npm run fidelity -- [--limit N] [--groups spam-1,easy-ham-1] [--json out.json] [--show N]
 *   npm run fidelity -- --synthetic N [--seed S]   (N generated messages instead of the corpus: lib/synthetic-mail.ts)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { CORPUS_GROUPS, type CorpusMessage, loadCorpus } from './lib/corpus.js';
import { treeCpuMs } from './lib/proc-stats.js';
import { syntheticMessages } from './lib/synthetic-mail.js';
import { spamcRequest, startRealSpamd } from './lib/real-spamd.js';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    groups: { type: 'string' },
    json: { type: 'string' },
    show: { type: 'string', default: '25' },
    concurrency: { type: 'string', default: '2' },
    'sa-cache': { type: 'string' },
    synthetic: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

interface Result {
  id: string;
  score: number;
  isSpam: boolean;
  rules: string[];
}

const COMMON_CF = ['use_bayes 0', 'bayes_auto_learn 0'];

interface SaRun {
  results: Map<string, Result>;
  seconds: number;
  /** CPU of spamd's whole process tree during the run (absent in caches made before it was measured). */
  cpuSeconds?: number;
}

async function runSpamAssassin(messages: CorpusMessage[], concurrency: number): Promise<SaRun> {
  const spamd = await startRealSpamd({ children: concurrency, cf: [...COMMON_CF, 'add_header all Fidelity _TESTSSCORES(,)_', 'fold_headers 0'] });
  const results = new Map<string, Result>();
  const cpu0 = treeCpuMs(spamd.pid);
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const m = messages[next++];
      if (!m) break;
      const reply = await spamcRequest(spamd.port, 'HEADERS', m.raw);
      results.set(m.id, parseSaReply(m.id, reply.headers.get('spam') ?? '', reply.body.toString('latin1')));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (treeCpuMs(spamd.pid) - cpu0) / 1000;
  await spamd.stop();
  return { results, seconds, cpuSeconds };
}

function parseSaReply(id: string, spamLine: string, headers: string): Result {
  const m = /^X-Spam-Fidelity: (.*)$/m.exec(headers);
  const pairs = m?.[1]?.trim() === 'none' || !m ? [] : (m[1] ?? '').trim().split(',');
  let score = 0;
  const rules: string[] = [];
  for (const p of pairs) {
    const eq = p.lastIndexOf('=');
    rules.push(p.slice(0, eq));
    score += Number(p.slice(eq + 1));
  }
  return { id, score: Number(score.toFixed(3)), isSpam: /^True/i.test(spamLine), rules: rules.sort() };
}

async function runSpamward(messages: CorpusMessage[]): Promise<{ results: Map<string, Result>; seconds: number; cpuSeconds: number }> {
  // Imported here so the SpamAssassin half can run (and be cached) on its own.
  const { createEngine } = await import('../../src/engine/index.js');
  const engine = await createEngine({ localTestsOnly: true, cfLines: COMMON_CF });
  const results = new Map<string, Result>();
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (const m of messages) {
    const v = engine.scanSync(m.raw);
    results.set(m.id, { id: m.id, score: v.score, isSpam: v.isSpam, rules: [...v.testNames] });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { results, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function compare(messages: CorpusMessage[], sa: Map<string, Result>, sw: Map<string, Result>, show: number) {
  let verdict = 0;
  let rules = 0;
  let score = 0;
  const missing = new Map<string, number>();
  const extra = new Map<string, number>();
  const bad: string[] = [];
  for (const m of messages) {
    const a = sa.get(m.id);
    const b = sw.get(m.id);
    if (!a || !b) continue;
    if (a.isSpam === b.isSpam) verdict++;
    if (Math.abs(a.score - b.score) <= 0.1 + 1e-9) score++;
    const sb = new Set(b.rules);
    const sa2 = new Set(a.rules);
    const miss = a.rules.filter((r) => !sb.has(r));
    const ext = b.rules.filter((r) => !sa2.has(r));
    if (miss.length === 0 && ext.length === 0) rules++;
    else if (bad.length < show) bad.push(`${m.id}: SA ${a.score} vs ${b.score}; missing ${miss.join(',') || '-'}; extra ${ext.join(',') || '-'}`);
    for (const r of miss) missing.set(r, (missing.get(r) ?? 0) + 1);
    for (const r of ext) extra.set(r, (extra.get(r) ?? 0) + 1);
  }
  const n = messages.length;
  const top = (map: Map<string, number>) => [...map.entries()].sort((x, y) => y[1] - x[1]).slice(0, show);
  return { n, verdict, rules, score, missing: top(missing), extra: top(extra), examples: bad };
}

/** During development the SpamAssassin side can be kept in a file (--sa-cache) so only Spamward reruns. */
function loadSaCache(path: string | undefined, messages: CorpusMessage[]): SaRun | undefined {
  if (!path || !existsSync(path)) return undefined;
  const data = JSON.parse(readFileSync(path, 'utf8')) as { seconds: number; cpuSeconds?: number; results: Result[] };
  const results = new Map(data.results.map((r) => [r.id, r]));
  if (!messages.every((m) => results.has(m.id))) return undefined;
  return { results, seconds: data.seconds, ...(data.cpuSeconds !== undefined ? { cpuSeconds: data.cpuSeconds } : {}) };
}

async function main(): Promise<void> {
  const groups = args.groups ? args.groups.split(',') : [...CORPUS_GROUPS];
  const limit = args.limit ? Number(args.limit) : Infinity;
  const show = Number(args.show);
  const concurrency = Number(args.concurrency);
  const messages = args.synthetic ? syntheticMessages(Number(args.synthetic), Number(args.seed)) : loadCorpus(groups, limit);
  process.stderr.write(`fidelity: ${messages.length} messages; running SpamAssassin (spamd, ${concurrency} children)...\n`);
  const sa = loadSaCache(args['sa-cache'], messages) ?? (await runSpamAssassin(messages, concurrency));
  if (args['sa-cache'] && !existsSync(args['sa-cache'])) writeFileSync(args['sa-cache'], JSON.stringify({ seconds: sa.seconds, cpuSeconds: sa.cpuSeconds, results: [...sa.results.values()] }));
  process.stderr.write(`fidelity: SpamAssassin done in ${sa.seconds.toFixed(1)} s; running Spamward...\n`);
  const sw = await runSpamward(messages);
  const c = compare(messages, sa.results, sw.results, show);
  const pct = (x: number) => ((100 * x) / c.n).toFixed(2);
  const saPerCore = messages.length / sa.seconds / Math.min(concurrency, cpus().length);
  const swPerCore = messages.length / sw.seconds;
  const summary = {
    messages: c.n,
    verdictAgreePct: Number(pct(c.verdict)),
    rulesIdenticalPct: Number(pct(c.rules)),
    scoreWithin01Pct: Number(pct(c.score)),
    spamassassinMsgsPerSecPerCore: Number(saPerCore.toFixed(2)),
    spamwardMsgsPerSecPerCore: Number(swPerCore.toFixed(2)),
    spamwardCpuMsPerMsg: Number(((1000 * sw.cpuSeconds) / messages.length).toFixed(3)),
    speedRatio: Number((swPerCore / saPerCore).toFixed(1)),
    // The same comparison in CPU time, which a shared machine does not distort: messages per CPU-second.
    ...(sa.cpuSeconds ? { spamassassinCpuMsPerMsg: Number(((1000 * sa.cpuSeconds) / messages.length).toFixed(3)), cpuRatio: Number((sa.cpuSeconds / sw.cpuSeconds).toFixed(2)) } : {}),
  };
  console.log(JSON.stringify(summary));
  console.log(`\nverdict agrees: ${pct(c.verdict)}%   rules identical: ${pct(c.rules)}%   score within 0.1: ${pct(c.score)}%`);
  console.log(`speed: SpamAssassin ${saPerCore.toFixed(1)} msg/s/core, Spamward ${swPerCore.toFixed(1)} msg/s/core (${summary.speedRatio}x)`);
  if (summary.cpuRatio) console.log(`CPU per message: SpamAssassin's spamd ${summary.spamassassinCpuMsPerMsg} ms, Spamward ${summary.spamwardCpuMsPerMsg} ms (${summary.cpuRatio}x)`);
  console.log('\nrules SpamAssassin hit and Spamward missed (messages):');
  for (const [r, k] of c.missing) console.log(`  ${r.padEnd(32)} ${k}`);
  console.log('rules Spamward hit and SpamAssassin did not (messages):');
  for (const [r, k] of c.extra) console.log(`  ${r.padEnd(32)} ${k}`);
  console.log('\nexamples:');
  for (const e of c.examples) console.log(`  ${e}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ summary, ...c, sa: [...sa.results.values()], sw: [...sw.results.values()] }));
}

await main();
