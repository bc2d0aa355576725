/**
 * Bayes benchmark (not a test). On the fixed split of the SpamAssassin public
 * corpus: learn easy-ham-1 + spam-1, scan easy-ham-2, hard-ham-1 and spam-2,
 * with Spamward and with Debian's SpamAssassin trained and tested the same way
 * in the same run (sa-learn into a private bayes_path, then spamd -L on it).
 * Auto-learning is off for both during the test scans.
 *
 * Prints, per test set and for both: ham marked spam and spam missed; how
 * often the BAYES_xx rule agrees; the migration figure (sa-learn --backup
 * imported with `spamward learn --restore`, then BAYES_xx compared with
 * SpamAssassin's on every test message); learning speed against sa-learn;
 * and the cost of Bayes in Spamward's scan time.
 *
 * Reduced split for iterating: --learn-limit / --scan-limit take the first N
 * messages of each folder (Bayes needs 200 of each class learned).
 *
 *   npm run bench:bayes -- [--learn-limit N] [--scan-limit N] [--no-sa] [--no-fit] [--out FILE.jsonl]
 *                          [--cf 'line'] (extra Spamward config, e.g. the improved classifier)
 *                          [--learn-only [--repeat N] [--cli OTHER/main.js]] (only the learning speed, N runs of each learner alternating)
 *                          [--jobs N] (worker threads of `spamward learn`; default: its own choice)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../../src/engine/api-types.js';
import { fitScores, scoreLines } from '../../src/engine/bayes/fit-scores.js';
import { createEngine, loadEngineConfig } from '../../src/engine/engine.js';
import { asFitSamples, crossValidatedFeatures, stockScores } from './lib/cross-validated-features.js';
import { fitCombiner } from './lib/logistic-combiner.js';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';
import { findBinary, spamcRequest, startRealSpamd } from './lib/real-spamd.js';

const args = process.argv.slice(2);
const flag = (name: string, d: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const learnLimit = flag('--learn-limit', Infinity);
const scanLimit = flag('--scan-limit', Infinity);
const withSa = !args.includes('--no-sa');
const withFit = !args.includes('--no-fit');
const outFile = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
const learnOnly = args.includes('--learn-only');
/** `--jobs N` is handed to `spamward learn` (worker threads; by default it decides from the cores and the load). */
const jobsFlag = args.includes('--jobs') ? ['--jobs', args[args.indexOf('--jobs') + 1] as string] : [];
const repeat = flag('--repeat', 1);
const extraCf = args.flatMap((a, i) => (a === '--cf' ? [args[i + 1] ?? ''] : []));
/** `--cli PATH/main.js` times another build's learner (e.g. before a change) with --learn-only. */
const CLI = args.includes('--cli') ? (args[args.indexOf('--cli') + 1] as string) : fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** The same for both programs: no auto-learn during the test, the Bayes probability in a header. */
const COMMON_CF = ['bayes_auto_learn 0', 'report_safe 0', 'add_header all BayesP _BAYES_'];

/** One scanned message, as either program judged it. */
interface Judgement {
  spam: boolean;
  score: number;
  tests: string[];
  bayes: string;
  bayesP: number | undefined;
}

interface Row { msg: CorpusMessage; sw: Judgement; swFitted?: Judgement; swCombined?: Judgement; swStockSum?: Judgement; swRestored?: Judgement; sa?: Judgement }

/** The BAYES_xx band rule (BAYES_999 overlaps BAYES_99, so it is left out of the band). */
const bandOf = (tests: string[]): string => tests.find((t) => /^BAYES_\d\d$/.test(t)) ?? 'none';

function fromVerdict(v: Verdict): Judgement {
  const p = v.addedHeaders.find((h) => h.name === 'X-Spam-BayesP')?.value;
  return { spam: v.isSpam, score: v.score, tests: v.testNames, bayes: bandOf(v.testNames), bayesP: p === undefined ? undefined : Number(p) };
}

function fromSpamdHeaders(spamHeader: string, head: string): Judgement {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const status = /^X-Spam-Status: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const tests = (/tests=(.*?)\s+autolearn=/.exec(status)?.[1] ?? '').replace(/\s+/g, '').split(',').filter((t) => t && t !== 'none');
  const p = /^X-Spam-BayesP: (.*)$/im.exec(unfolded)?.[1];
  return {
    spam: /^True\b/i.test(spamHeader),
    score: Number(/score=(-?[\d.]+)/.exec(status)?.[1] ?? 'NaN'),
    tests,
    bayes: bandOf(tests),
    bayesP: p === undefined ? undefined : Number(p),
  };
}

/** CPU seconds used by this process's finished children (Linux /proc: cutime + cstime). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Wall seconds and child CPU seconds of a step that runs child processes. */
function timedChildren(fn: () => void): { wall: number; cpu: number } {
  const cpu0 = childCpuSeconds();
  const [, wall] = timed(fn);
  return { wall, cpu: childCpuSeconds() - cpu0 };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

/** Learn the training folders with `spamward learn` (a fresh process, like sa-learn). */
function spamwardLearn(db: string, trainDir: string): { wall: number; cpu: number } {
  return timedChildren(() => {
    for (const cls of ['spam', 'ham']) {
      const r = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', db, `--${cls}`, join(trainDir, cls), ...jobsFlag, ...extraCf.flatMap((c) => ['--cf', c])], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`spamward learn --${cls} failed: ${r.stderr}`);
    }
  });
}

/**
 * Scan every test message with a Spamward engine on `db` with Bayes, and
 * with a second engine with Bayes off, alternating message by message so
 * that the machine's noise falls on both alike. Returns the Bayes-on
 * judgements and the CPU seconds of each engine.
 */
async function spamwardScan(db: string, test: CorpusMessage[], cf: string[], measureOff = false): Promise<{ out: Judgement[]; on: number; off: number }> {
  const on = await createEngine({ localTestsOnly: true, dataDir: db, noUserConfig: true, cfLines: [...COMMON_CF, ...cf] });
  const off = measureOff ? await createEngine({ localTestsOnly: true, noUserConfig: true, cfLines: [...COMMON_CF, ...cf, 'use_bayes 0'] }) : undefined;
  try {
    const warm = test[0]?.raw ?? Buffer.from('\n');
    on.scanSync(warm); // compiles the Bayes score set once
    off?.scanSync(warm);
    let onCpu = 0;
    let offCpu = 0;
    const out = test.map((m) => {
      const t0 = process.cpuUsage();
      const j = fromVerdict(on.scanSync(m.raw));
      const t1 = process.cpuUsage(t0);
      off?.scanSync(m.raw);
      const t2 = process.cpuUsage(t0);
      onCpu += (t1.user + t1.system) / 1e6;
      offCpu += (t2.user + t2.system - t1.user - t1.system) / 1e6;
      return j;
    });
    return { out, on: onCpu, off: offCpu };
  } finally {
    await Promise.all([on.close(), off?.close()]);
  }
}

function saLearn(bayesPath: string, trainDir: string): { wall: number; cpu: number } {
  return timedChildren(() => {
    for (const cls of ['spam', 'ham']) execFileSync('sa-learn', ['--dbpath', bayesPath, `--${cls}`, join(trainDir, cls)], { stdio: 'ignore' });
  });
}

async function saScan(bayesPath: string, test: CorpusMessage[]): Promise<Judgement[]> {
  const spamd = await startRealSpamd({ children: 2, cf: [`bayes_path ${bayesPath}`, 'use_bayes 1', ...COMMON_CF] });
  try {
    const out: Judgement[] = new Array(test.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < test.length) {
        const i = next++;
        const reply = await spamcRequest(spamd.port, 'HEADERS', (test[i] as CorpusMessage).raw, { timeoutMs: 300_000 });
        out[i] = fromSpamdHeaders(reply.headers.get('spam') ?? '', reply.body.toString('latin1'));
      }
    };
    await Promise.all([worker(), worker()]);
    return out;
  } finally {
    await spamd.stop();
  }
}

const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)}%`);

function rates(rows: Row[], pick: (r: Row) => Judgement | undefined, groups: string[]): string {
  const parts: string[] = [];
  let hams = 0, fp = 0, spams = 0, fn = 0;
  for (const g of groups) {
    const inGroup = rows.filter((r) => r.msg.group === g);
    const wrong = inGroup.filter((r) => pick(r)?.spam !== r.msg.isSpam).length;
    parts.push(`${g} ${inGroup[0]?.msg.isSpam ? 'missed' : 'as spam'} ${pct(wrong, inGroup.length)} (${wrong}/${inGroup.length})`);
    if (inGroup[0]?.msg.isSpam) { spams += inGroup.length; fn += wrong; } else { hams += inGroup.length; fp += wrong; }
  }
  return `ham marked spam ${pct(fp, hams)} (${fp}/${hams}), spam missed ${pct(fn, spams)} (${fn}/${spams}) | ${parts.join('; ')}`;
}

function agreement(rows: Row[], a: (r: Row) => Judgement | undefined, b: (r: Row) => Judgement | undefined): string {
  const both = rows.filter((r) => a(r) && b(r));
  const same = both.filter((r) => a(r)?.bayes === b(r)?.bayes).length;
  return `${pct(same, both.length)} (${same}/${both.length})`;
}

/** Rules hit by one program and not the other, most frequent first: where verdicts that Bayes does not explain come from. */
function ruleDifferences(rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (!r.sa) continue;
    const sa = new Set(r.sa.tests);
    const sw = new Set(r.sw.tests);
    for (const t of sw) if (!sa.has(t)) counts.set(`+${t}`, (counts.get(`+${t}`) ?? 0) + 1);
    for (const t of sa) if (!sw.has(t)) counts.set(`-${t}`, (counts.get(`-${t}`) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
}

/** --learn-only: both learners on the training folders, alternating, each run into a fresh database. */
function learnSpeedOnly(train: CorpusMessage[], dir: string, trainDir: string): void {
  const rate = (t: { wall: number; cpu: number }): string => `${(train.length / t.wall).toFixed(1)} msg/s wall, ${(train.length / t.cpu).toFixed(1)} msg/s of CPU`;
  for (let i = 0; i < repeat; i++) {
    const sw = spamwardLearn(join(dir, `spamward-${i}`), trainDir);
    const saDir = join(dir, `sa-${i}`);
    mkdirSync(saDir);
    const sa = saLearn(join(saDir, 'bayes'), trainDir);
    console.log(`learning ${train.length} messages: spamward ${rate(sw)}; sa-learn ${rate(sa)}; spamward/sa-learn ${(sa.wall / sw.wall).toFixed(2)}x wall, ${(sa.cpu / sw.cpu).toFixed(2)}x CPU (target 10x)`);
  }
}

async function main(): Promise<void> {
  const train = loadCorpus(['easy-ham-1', 'spam-1'], learnLimit);
  const test = loadCorpus(['easy-ham-2', 'hard-ham-1', 'spam-2'], scanLimit);
  const groups = [...new Set(test.map((m) => m.group))];
  const dir = mkdtempSync(join(tmpdir(), 'spamward-bayes-bench-'));
  chmodSync(dir, 0o777);
  try {
    console.log(`training ${train.length} messages (easy-ham-1, spam-1), testing ${test.length} (${groups.join(', ')})`);
    const trainDir = join(dir, 'train');
    for (const cls of ['spam', 'ham']) mkdirSync(join(trainDir, cls), { recursive: true });
    train.forEach((m, i) => writeFileSync(join(trainDir, m.isSpam ? 'spam' : 'ham', `${i}.eml`), m.raw));

    if (learnOnly) return learnSpeedOnly(train, dir, trainDir);
    const swDb = join(dir, 'spamward');
    const stage = (what: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);
    const swLearn = spamwardLearn(swDb, trainDir);
    stage('spamward learned');
    const swScan = await spamwardScan(swDb, test, extraCf, true);
    const rows: Row[] = test.map((msg, i) => ({ msg, sw: swScan.out[i] as Judgement }));
    stage('spamward scanned');

    let fittedLines: string[] = [];
    let fitChanges = '';
    let combinerInfo: string[] = [];
    if (withFit) {
      // The optional improvement: rule scores fitted on the training mail only (5-fold cross-validated Bayes bands).
      const conf = loadEngineConfig({ localTestsOnly: true, noUserConfig: true, cfLines: [...COMMON_CF, ...extraCf] }).config;
      const prior = stockScores(conf);
      const trainFeatures = crossValidatedFeatures(conf, train);
      const fitted = fitScores(asFitSamples(trainFeatures), { required: conf.requiredScore, prior });
      // The second improvement: a logistic combiner of the rule hits and the Bayes probability, judged from the Bayes-on scan.
      // Two variants: a weight per rule, or only the stock score sum beside Bayes (fewer weights to overfit the training folders).
      const perRule = fitCombiner(trainFeatures);
      const stockSum = fitCombiner(trainFeatures, { stock: prior, perRule: false });
      combinerInfo = [`per rule: threshold ${perRule.threshold.toFixed(2)} (log-odds); largest weights: ${perRule.top(8)}`,
        `stock sum: threshold ${stockSum.threshold.toFixed(2)}; weights: ${stockSum.top(12)}`];
      rows.forEach((row) => {
        const seen = { rules: row.sw.tests, bayesP: row.sw.bayesP };
        row.swCombined = { ...row.sw, spam: perRule.isSpam(seen) };
        row.swStockSum = { ...row.sw, spam: stockSum.isSpam(seen) };
      });
      fittedLines = scoreLines(fitted);
      fitChanges = [...fitted].map(([r, w]) => [r, w - (prior.get(r) ?? 0)] as const).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 10)
        .map(([r, d]) => `${r} ${(prior.get(r) ?? 0).toFixed(2)}->${fitted.get(r)?.toFixed(2)}`).join(', ');
      const fittedScan = await spamwardScan(swDb, test, [...extraCf, ...fittedLines]);
      rows.forEach((row, i) => { row.swFitted = fittedScan.out[i]; });
      stage('scores fitted and test set rescanned');
    }

    let saLearnTime: { wall: number; cpu: number } | undefined;
    if (withSa) {
      findBinary('spamd');
      const saDir = join(dir, 'sa');
      mkdirSync(saDir);
      const bayesPath = join(saDir, 'bayes');
      saLearnTime = saLearn(bayesPath, trainDir);
      // Migration: SpamAssassin's database, backed up and restored into Spamward.
      const backup = join(dir, 'sa-backup.txt');
      writeFileSync(backup, execFileSync('sa-learn', ['--dbpath', bayesPath, '--backup'], { maxBuffer: 1 << 30 }));
      const restoredDb = join(dir, 'restored');
      const r = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', restoredDb, '--restore', backup], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`spamward learn --restore failed: ${r.stderr}`);
      stage('sa-learn learned; backup restored');
      const restored = (await spamwardScan(restoredDb, test, [])).out;
      execFileSync('chmod', ['-R', 'a+rwX', saDir]);
      const sa = await saScan(bayesPath, test);
      rows.forEach((row, i) => { row.swRestored = restored[i]; row.sa = sa[i]; });
    }

    const extra = extraCf.length ? ` with ${extraCf.map((c) => `'${c}'`).join(' ')}` : '';
    console.log(`spamward${extra}: ${rates(rows, (r) => r.sw, groups)}`);
    if (withFit) {
      console.log(`spamward with scores fitted on the training mail (${fittedLines.length} rules): ${rates(rows, (r) => r.swFitted, groups)}`);
      console.log(`  largest score changes: ${fitChanges}`);
      console.log(`spamward with a logistic combiner (a weight per rule + Bayes) fitted on the training mail: ${rates(rows, (r) => r.swCombined, groups)}`);
      console.log(`spamward with a logistic combiner (stock score sum + Bayes) fitted on the training mail: ${rates(rows, (r) => r.swStockSum, groups)}`);
      for (const line of combinerInfo) console.log(`  ${line}`);
    }
    if (withSa) {
      console.log(`spamassassin: ${rates(rows, (r) => r.sa, groups)}`);
      console.log(`BAYES_xx agreement, spamward trained by itself vs spamassassin: ${agreement(rows, (r) => r.sw, (r) => r.sa)}`);
      console.log(`rules only spamward (+) or only spamassassin (-) hit, messages: ${ruleDifferences(rows)}`);
      console.log(`migration (sa-learn --backup -> spamward learn --restore): same BAYES_xx as spamassassin on ${agreement(rows, (r) => r.swRestored, (r) => r.sa)}`);
      console.log(`spamward on the restored database: ${rates(rows, (r) => r.swRestored, groups)}`);
    }
    const rate = (t: { wall: number; cpu: number }): string => `${(train.length / t.wall).toFixed(1)} msg/s wall, ${(train.length / t.cpu).toFixed(1)} msg/s of CPU`;
    console.log(`learning ${train.length} messages: spamward ${rate(swLearn)}` + (saLearnTime ? `; sa-learn ${rate(saLearnTime)}; spamward/sa-learn ${(saLearnTime.wall / swLearn.wall).toFixed(2)}x wall, ${(saLearnTime.cpu / swLearn.cpu).toFixed(2)}x CPU (target 10x)` : ''));
    console.log(`scan CPU: Bayes on ${(1000 * swScan.on / test.length).toFixed(2)} ms/msg, off ${(1000 * swScan.off / test.length).toFixed(2)} ms/msg; Bayes costs ${pct(swScan.on - swScan.off, swScan.on)} of scan time (target < 20%)`);
    if (outFile) {
      writeFileSync(outFile, rows.map((r) => JSON.stringify({ id: r.msg.id, spam: r.msg.isSpam, sw: r.sw, fitted: r.swFitted, combined: r.swCombined?.spam, stockSum: r.swStockSum?.spam, restored: r.swRestored, sa: r.sa })).join('\n') + '\n');
      if (withFit) writeFileSync(`${outFile}.fitted.cf`, fittedLines.join('\n') + '\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
