/**
 * Spamward's spamd beside Debian's spamd, in one run: both on free loopback
 * ports with -L, use_bayes 0 and 2 children, the same corpus sample sent
 * over the SPAMC protocol (PROCESS, spamc's default) at 1, 2 and 8 requests
 * in flight (each level its own messages). When Debian's rspamd is installed it runs beside them on the
 * same messages, with its own rules, 2 normal workers and no network tests,
 * over its own HTTP protocol (lib/rspamd.ts). For each: messages per second,
 * CPU ms per message (the daemon and all its children, from /proc), p50/p99
 * latency, resident memory (the tree's RSS once started and warmed up, idle;
 * the highest RSS sum sampled under load; the sum of VmHWM of the process
 * tree, start-up included; and idle and peak PSS sums, which count the pages
 * a forking daemon's processes share once: Spamward is one process, spamd
 * and rspamd fork theirs), and Spamward's figure as a ratio of
 * SpamAssassin's (and of rspamd's). JSON lines, then a table.
 *
 * Every daemon first scans --warm-up other messages of the corpus (none of the
 * measured ones), so the figures are those of a daemon that has been taking
 * mail for a while. Spamward's V8 compiles its hot functions over the first
 * thousand or so messages per worker: in one engine, 500 corpus messages cost
 * 437 optimising compiles (4.5 s on the compiler threads), the next 500 81
 * (0.7 s), the 500 after that 67 (0.66 s). Measured straight after a 40-message
 * warm-up, that start counted as scanning cost; --warm-up 40 gives it back.
 *
 *   node dist/test/bench/side-by-side.js [--messages 600] [--in-flight 1,2,8] [--warm-up 600] [--no-rspamd]
 */
import { parseArgs } from 'node:util';
import { loadCorpus } from './lib/corpus.js';
import { startSpamwardSpamd } from './lib/our-spamd.js';
import { sampleRss, treeCpuMs, treeHwmKb, treeMemoryKb } from './lib/proc-stats.js';
import { type RealSpamd, startRealSpamd } from './lib/real-spamd.js';
import { rspamdBinary, startRspamd } from './lib/rspamd.js';
import { percentile, runRequests, type SendMessage, spamcSender } from './lib/spamc-load.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '600' },
    'in-flight': { type: 'string', default: '1,2,8' },
    'warm-up': { type: 'string', default: '600' },
    'no-rspamd': { type: 'boolean', default: false },
  },
});

const CF = ['use_bayes 0', 'bayes_auto_learn 0'];
const CHILDREN = 2;

/** A daemon under test: how to send it one message, and which process tree to account. */
interface Daemon {
  name: string;
  pid: number;
  send: SendMessage;
  stop(): Promise<void>;
}

function spamdDaemon(name: string, d: RealSpamd): Daemon {
  return { name, pid: d.pid, send: spamcSender(d.port), stop: () => d.stop() };
}

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
  idlePssMb: number;
  peakPssMb: number;
}

interface IdleMemory {
  rssKb: number;
  pssKb: number;
}

/**
 * The messages, the same for every daemon: per load level its own `n`,
 * disjoint, so a level never sends what an earlier one sent. (When every
 * level sent the same 600, the levels after the first measured Spamward on
 * mail it had just scanned: its RE2 sets keep the DFA states built for those
 * very texts, and its JIT had 600 more messages of warm-up. At 2 in flight
 * that read 284.7 msg/s and p99 25.3 ms; on fresh messages 260.5 and 32.0,
 * one run each.) They are spread evenly over the corpus and dealt round-robin
 * to the levels, so each holds every group alike; the warm-up is spread as
 * evenly over the messages no level measures.
 */
function samples(n: number, levels: number, warmUp: number): { measured: Buffer[][]; warm: Buffer[] } {
  const all = loadCorpus();
  const total = n * levels;
  const step = Math.max(1, Math.floor(all.length / total));
  const picked = all.filter((_, i) => i % step === 0).slice(0, total);
  const measured = Array.from({ length: levels }, (_, k) => picked.filter((_, j) => j % levels === k).map((m) => m.raw));
  const rest = all.filter((_, i) => i % step !== 0 || i >= step * total);
  const every = rest.length / Math.max(1, warmUp);
  const warm = Array.from({ length: Math.min(warmUp, rest.length) }, (_, i) => rest[Math.floor(i * every)]!);
  return { measured, warm: warm.map((m) => m.raw) };
}

async function measure(d: Daemon, msgs: Buffer[], inFlight: number, idle: IdleMemory): Promise<Row> {
  const cpu0 = treeCpuMs(d.pid);
  const rss = sampleRss(d.pid);
  const r = await runRequests(msgs, inFlight, d.send);
  const peak = rss.stop();
  const cpuMs = treeCpuMs(d.pid) - cpu0;
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  return {
    daemon: d.name,
    inFlight,
    messages: msgs.length,
    failures: r.failures,
    msgsPerSec: round(msgs.length / r.seconds),
    cpuMsPerMsg: round(cpuMs / msgs.length, 2),
    p50Ms: round(percentile(r.latenciesMs, 50)),
    p99Ms: round(percentile(r.latenciesMs, 99)),
    idleRssMb: round(idle.rssKb / 1024),
    peakRssMb: round(peak.rssKb / 1024),
    sumHwmMb: round(treeHwmKb(d.pid) / 1024),
    idlePssMb: round(idle.pssKb / 1024),
    peakPssMb: round(peak.pssKb / 1024),
  };
}

/** Spamward's figures over another daemon's. */
function ratios(other: Row, sw: Row): Record<string, number> {
  const r = (a: number, b: number) => Number((a / b).toFixed(2));
  return {
    msgsPerSec: r(sw.msgsPerSec, other.msgsPerSec),
    cpuMsPerMsg: r(sw.cpuMsPerMsg, other.cpuMsPerMsg),
    p50Ms: r(sw.p50Ms, other.p50Ms),
    p99Ms: r(sw.p99Ms, other.p99Ms),
    idleRssMb: r(sw.idleRssMb, other.idleRssMb),
    peakRssMb: r(sw.peakRssMb, other.peakRssMb),
    sumHwmMb: r(sw.sumHwmMb, other.sumHwmMb),
    idlePssMb: r(sw.idlePssMb, other.idlePssMb),
    peakPssMb: r(sw.peakPssMb, other.peakPssMb),
  };
}

interface Pair {
  label: string;
  inFlight: number;
  ratio: Record<string, number>;
}

function table(rows: Row[], pairs: Pair[]): string {
  const cols = ['daemon', 'inFlight', 'msgsPerSec', 'cpuMsPerMsg', 'p50Ms', 'p99Ms', 'idleRssMb', 'peakRssMb', 'sumHwmMb', 'idlePssMb', 'peakPssMb', 'failures'] as const;
  const lines = [cols.join('\t')];
  for (const row of rows) lines.push(cols.map((c) => String(row[c])).join('\t'));
  for (const p of pairs) {
    const r = p.ratio;
    lines.push([p.label, p.inFlight, r.msgsPerSec, r.cpuMsPerMsg, r.p50Ms, r.p99Ms, r.idleRssMb, r.peakRssMb, r.sumHwmMb, r.idlePssMb, r.peakPssMb, ''].join('\t'));
  }
  return lines.join('\n');
}

const SHORT: Record<string, string> = { spamassassin: 'sa', rspamd: 'rspamd' };

const levels = (args['in-flight'] ?? '1,2,8').split(',').map(Number);
const { measured, warm } = samples(Number(args.messages), levels.length, Number(args['warm-up']));
const withRspamd = !args['no-rspamd'] && rspamdBinary() !== undefined;
if (!withRspamd && !args['no-rspamd']) console.log('rspamd is not installed (apt-get install -y rspamd): measuring without it');
const daemons: Daemon[] = [];
try {
  // One at a time, so no start-up (rule compilation) competes with another's measurements.
  daemons.push(spamdDaemon('spamassassin', await startRealSpamd({ children: CHILDREN, cf: CF })));
  daemons.push(spamdDaemon('spamward', await startSpamwardSpamd({ children: CHILDREN, cf: CF })));
  if (withRspamd) daemons.push({ name: 'rspamd', ...(await startRspamd({ workers: CHILDREN })) });
  for (const d of daemons) await runRequests(warm, CHILDREN, d.send);
  // Resident memory with the rules loaded and warm, before any load level runs.
  const idle: IdleMemory[] = daemons.map((d) => treeMemoryKb(d.pid));
  const rows: Row[] = [];
  const pairs: Pair[] = [];
  for (const [li, inFlight] of levels.entries()) {
    const msgs = measured[li] as Buffer[];
    const level: Row[] = [];
    for (const [i, d] of daemons.entries()) level.push(await measure(d, msgs, inFlight, idle[i] as IdleMemory));
    for (const row of level) console.log(JSON.stringify({ bench: 'side-by-side', ...row }));
    const sw = level.find((r) => r.daemon === 'spamward') as Row;
    for (const other of level.filter((r) => r !== sw)) {
      const ratio = ratios(other, sw);
      pairs.push({ label: `ratio sw/${SHORT[other.daemon] ?? other.daemon}`, inFlight, ratio });
      console.log(JSON.stringify({ bench: 'side-by-side', daemon: `ratio spamward/${other.daemon}`, inFlight, ...ratio }));
    }
    rows.push(...level);
  }
  console.log(`\n${table(rows, pairs)}\n`);
} finally {
  for (const d of daemons) await d.stop();
}
