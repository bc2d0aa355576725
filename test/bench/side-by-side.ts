/**
 * Spamward's spamd beside Debian's spamd, in one run: both on free loopback
 * ports with -L, use_bayes 0 and 2 children, the same corpus sample sent
 * over the SPAMC protocol (PROCESS, spamc's default) at 1, 2 and 8 requests
 * in flight. For each: messages per second, CPU ms per message (the daemon
 * and all its children, from /proc), p50/p99 latency, resident memory (the
 * tree's RSS once started and warmed up, idle; the highest RSS sum sampled
 * under load; the sum of VmHWM of the process tree, start-up included), and
 * Spamward's figure as a ratio of SpamAssassin's. JSON lines, then a table.
 *
 * Both daemons first scan --warm-up other messages of the corpus (none of the
 * measured ones), so the figures are those of a daemon that has been taking
 * mail for a while. Spamward's V8 compiles its hot functions over the first
 * thousand or so messages per worker: in one engine, 500 corpus messages cost
 * 437 optimising compiles (4.5 s on the compiler threads), the next 500 81
 * (0.7 s), the 500 after that 67 (0.66 s). Measured straight after a 40-message
 * warm-up, that start counted as scanning cost; --warm-up 40 gives it back.
 *
 *   node dist/test/bench/side-by-side.js [--messages 600] [--in-flight 1,2,8] [--warm-up 600]
 */
import { parseArgs } from 'node:util';
import { loadCorpus } from './lib/corpus.js';
import { startSpamwardSpamd } from './lib/our-spamd.js';
import { sampleRss, treeCpuMs, treeHwmKb, treeRssKb } from './lib/proc-stats.js';
import { type RealSpamd, startRealSpamd } from './lib/real-spamd.js';
import { percentile, runLoad } from './lib/spamc-load.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '600' },
    'in-flight': { type: 'string', default: '1,2,8' },
    'warm-up': { type: 'string', default: '600' },
  },
});

const CF = ['use_bayes 0', 'bayes_auto_learn 0'];
const CHILDREN = 2;

interface Row {
  daemon: string;
  inFlight: number;
  messages: number;
  failures: number;
  msgsPerSec: number;
  cpuMsPerMsg: number;
  p50Ms: number;
  p99Ms: number;
  idleRssMb: number;
  peakRssMb: number;
  sumHwmMb: number;
}

/**
 * The same messages for both daemons: every group of the corpus, evenly; and
 * the warm-up, spread as evenly over the messages that are not measured.
 */
function samples(n: number, warmUp: number): { measured: Buffer[]; warm: Buffer[] } {
  const all = loadCorpus();
  const step = Math.max(1, Math.floor(all.length / n));
  const measured = all.filter((_, i) => i % step === 0).slice(0, n);
  const rest = all.filter((_, i) => i % step !== 0 || i >= step * n);
  const every = rest.length / Math.max(1, warmUp);
  const warm = Array.from({ length: Math.min(warmUp, rest.length) }, (_, i) => rest[Math.floor(i * every)]!);
  return { measured: measured.map((m) => m.raw), warm: warm.map((m) => m.raw) };
}

async function measure(name: string, d: RealSpamd, msgs: Buffer[], inFlight: number, idleKb: number): Promise<Row> {
  const cpu0 = treeCpuMs(d.pid);
  const rss = sampleRss(d.pid);
  const r = await runLoad(d.port, msgs, inFlight);
  const peakKb = rss.stop();
  const cpuMs = treeCpuMs(d.pid) - cpu0;
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  return {
    daemon: name,
    inFlight,
    messages: msgs.length,
    failures: r.failures,
    msgsPerSec: round(msgs.length / r.seconds),
    cpuMsPerMsg: round(cpuMs / msgs.length, 2),
    p50Ms: round(percentile(r.latenciesMs, 50)),
    p99Ms: round(percentile(r.latenciesMs, 99)),
    idleRssMb: round(idleKb / 1024),
    peakRssMb: round(peakKb / 1024),
    sumHwmMb: round(treeHwmKb(d.pid) / 1024),
  };
}

function ratios(sa: Row, sw: Row): Record<string, number> {
  const r = (a: number, b: number) => Number((a / b).toFixed(2));
  return {
    msgsPerSec: r(sw.msgsPerSec, sa.msgsPerSec),
    cpuMsPerMsg: r(sw.cpuMsPerMsg, sa.cpuMsPerMsg),
    p50Ms: r(sw.p50Ms, sa.p50Ms),
    p99Ms: r(sw.p99Ms, sa.p99Ms),
    idleRssMb: r(sw.idleRssMb, sa.idleRssMb),
    peakRssMb: r(sw.peakRssMb, sa.peakRssMb),
    sumHwmMb: r(sw.sumHwmMb, sa.sumHwmMb),
  };
}

function table(rows: Row[], pairs: { inFlight: number; ratio: Record<string, number> }[]): string {
  const cols = ['daemon', 'inFlight', 'msgsPerSec', 'cpuMsPerMsg', 'p50Ms', 'p99Ms', 'idleRssMb', 'peakRssMb', 'sumHwmMb', 'failures'] as const;
  const lines = [cols.join('\t')];
  for (const row of rows) lines.push(cols.map((c) => String(row[c])).join('\t'));
  for (const p of pairs) {
    const r = p.ratio;
    lines.push(['ratio sw/sa', p.inFlight, r.msgsPerSec, r.cpuMsPerMsg, r.p50Ms, r.p99Ms, r.idleRssMb, r.peakRssMb, r.sumHwmMb, ''].join('\t'));
  }
  return lines.join('\n');
}

const { measured: msgs, warm } = samples(Number(args.messages), Number(args['warm-up']));
const levels = (args['in-flight'] ?? '1,2,8').split(',').map(Number);
const daemons: [string, RealSpamd][] = [];
try {
  // One at a time, so neither start-up (rule compilation) competes with the other's measurements.
  daemons.push(['spamassassin', await startRealSpamd({ children: CHILDREN, cf: CF })]);
  daemons.push(['spamward', await startSpamwardSpamd({ children: CHILDREN, cf: CF })]);
  for (const [, d] of daemons) await runLoad(d.port, warm, CHILDREN);
  // Resident memory with the rules loaded and warm, before any load level runs.
  const idleKb = daemons.map(([, d]) => treeRssKb(d.pid));
  const rows: Row[] = [];
  const pairs: { inFlight: number; ratio: Record<string, number> }[] = [];
  for (const inFlight of levels) {
    const [sa, sw] = [
      await measure('spamassassin', (daemons[0] as [string, RealSpamd])[1], msgs, inFlight, idleKb[0] as number),
      await measure('spamward', (daemons[1] as [string, RealSpamd])[1], msgs, inFlight, idleKb[1] as number),
    ];
    rows.push(sa, sw);
    const ratio = ratios(sa, sw);
    pairs.push({ inFlight, ratio });
    console.log(JSON.stringify({ bench: 'side-by-side', ...sa }));
    console.log(JSON.stringify({ bench: 'side-by-side', ...sw }));
    console.log(JSON.stringify({ bench: 'side-by-side', daemon: 'ratio spamward/spamassassin', inFlight, ...ratio }));
  }
  console.log(`\n${table(rows, pairs)}\n`);
} finally {
  for (const [, d] of daemons) await d.stop();
}
