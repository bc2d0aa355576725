/**
 * Load run through a real Postfix (issue 3/7): 200 concurrent SMTP sessions
 * send corpus messages to a private Postfix instance (postfix-examples as
 * shipped) in three configurations, one after the other in the same run:
 *   1. no milter,
 *   2. Spamward's milter (`spamward serve`, one process, one scanner),
 *   3. Debian's spamass-milter in front of Debian's spamd (its usual set-up),
 *   4. Spamward's milter in front of an engine that answers at once
 *      (lib/instant-milter.ts): what Postfix spends on a milter as such, so
 *      the ceiling for any filter's throughput through it.
 * Prints messages per second of each and the ratios; checks that nothing
 * was tempfailed, that every accepted message was delivered, and that
 * Spamward's metrics endpoint counted exactly what the run observed.
 *
 *   node dist/test/bench/postfix-load.js [messages=5000] [spamassMessages=500] [sessions=200]
 *
 * For profiling while iterating: LOAD_ONLY=spamward runs only the milter
 * configuration (LOAD_ONLY=alone only Postfix without a milter, LOAD_ONLY=instant only the instant engine); LOAD_CPU_PROF=DIR writes V8 CPU profiles of `spamward serve` (and of the instant milter)
 * (event loop and each scanning worker) to DIR; LOAD_SERVE_ARGS='--flag value ...'
 * adds options to its command line; LOAD_MILTER_SOCKET=unix has Postfix reach
 * the milter over a unix socket instead of the shipped inet:127.0.0.1 (no TCP
 * stack, no ACK packets: what that choice saves both sides, per message).
 *
 * spamass-milter forks spamc per message, so its configuration runs a
 * smaller sample by default (its rate does not depend on the sample size).
 * Needs root (Postfix) and: apt-get install -y postfix spamassassin spamd spamc spamass-milter
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePrometheusText, sumOf } from '../../src/daemon/prometheus-text.js';
import { PostfixInstance, portOpen, waitFor } from '../helpers/milter-postfix.js';
import { smtpSend } from '../helpers/milter-smtp.js';
import { freePorts, scrape, SPAMWARD_CLI, startServe } from '../helpers/serve-process.js';
import { loadCorpus, type CorpusMessage } from './lib/corpus.js';
import { cpuByPart, formatCpuReport, startCpuMeter, type Component, type CpuReport } from './lib/cpu-accounting.js';
import { startRealSpamd } from './lib/real-spamd.js';

const total = Number(process.argv[2] ?? 5000);
const spamassTotal = Math.min(total, Number(process.argv[3] ?? 500));
const sessions = Number(process.argv[4] ?? 200);
/** The same settings for both engines: no Bayes (nothing is learned in a benchmark), no network tests. */
const SHARED_CF = ['use_bayes 0', 'bayes_auto_learn 0'];

interface RunResult {
  label: string;
  sent: number;
  accepted: number;
  tempfailed: number;
  rejected: number;
  secs: number;
  delivered: number;
  flagged: number;
  cpu: CpuReport;
}

for (const program of ['postconf', 'spamass-milter', 'spamd', 'spamc']) {
  if (spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0) {
    throw new Error(`${program} is required; apt-get install -y postfix spamass-milter spamd spamc`);
  }
}
const messages = pick(loadCorpus(), total);
console.log(`postfix load: ${messages.length} corpus messages (${messages.filter((m) => m.isSpam).length} spam), ${sessions} concurrent SMTP sessions`);

const only = process.env['LOAD_ONLY'];
if (only === 'spamward') {
  await spamwardRun();
} else if (only === 'instant') {
  await instantRun();
} else if (only === 'alone') {
  await withPostfix('Postfix alone', null, (pf) => send(pf, 'Postfix alone', messages));
} else {
  const results: RunResult[] = [];
  results.push(await withPostfix('Postfix alone', null, (pf) => send(pf, 'Postfix alone', messages)));
  results.push(await spamwardRun());
  results.push(await spamassRun());
  results.push(await instantRun());
  report(results);
}

/** Every group represented, in a mixed order, repeated if `n` exceeds the corpus. */
function pick(corpus: CorpusMessage[], n: number): CorpusMessage[] {
  const step = 7919; // a prime: walks the sorted corpus in a scattered order
  return Array.from({ length: n }, (_, i) => corpus[(i * step) % corpus.length] as CorpusMessage);
}

async function withPostfix<T>(label: string, milter: string | null, body: (pf: PostfixInstance) => Promise<T>): Promise<T> {
  const [smtpPort] = (await freePorts(1)) as [number];
  const pf = await PostfixInstance.create(milter ?? 'inet:127.0.0.1:1', { smtpPort });
  // 200 sessions need 200 smtpd processes (the default limit is 100).
  await pf.postconf(`default_process_limit = ${sessions + 50}`);
  if (milter === null) await pf.postconf('smtpd_milters =', 'non_smtpd_milters =');
  await pf.postfix('start');
  try {
    return await body(pf);
  } catch (err) {
    console.error(`${label}: ${(err as Error).message}\n${pf.maillog().slice(-4000)}`);
    throw err;
  } finally {
    await pf.destroy();
  }
}

/** Sends `list` through `pf`; CPU is accounted to Postfix, the sender and the filter `components`, until the last delivery. */
async function send(pf: PostfixInstance, label: string, list: CorpusMessage[], components: Component[] = []): Promise<RunResult> {
  let next = 0;
  const codes = new Map<number, number>();
  const cpu = startCpuMeter([{ label: 'Postfix', root: postfixMaster(pf), split: 'name' }, ...components]);
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < list.length) {
      const m = list[next++] as CorpusMessage;
      const r = await smtpSend({ port: pf.smtpPort, from: 'alice@sender.example', to: ['bob@example.com'], data: m.raw, timeoutMs: 600_000 }).catch(
        () => ({ final: { code: 0, text: 'connection failed' } }),
      );
      codes.set(r.final.code, (codes.get(r.final.code) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(sessions, list.length) }, worker));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const accepted = codes.get(250) ?? 0;
  const others = [...codes].filter(([c]) => c !== 250);
  if (others.length > 0) console.log(`${label}: replies other than 250: ${others.map(([c, n]) => `${c}×${n}`).join(', ')}`);
  await waitFor(() => countDelivered(pf) >= accepted, 600_000, `${label}: delivery of ${accepted} messages`).catch((e: Error) => console.log(e.message));
  const usage = cpu.stop();
  const { delivered, flagged } = readDelivered(pf);
  const r: RunResult = {
    label, sent: list.length, accepted, secs, delivered, flagged, cpu: usage,
    tempfailed: [...codes].filter(([c]) => c >= 400 && c < 500).reduce((a, [, n]) => a + n, 0),
    rejected: [...codes].filter(([c]) => c >= 500 || c === 0).reduce((a, [, n]) => a + n, 0),
  };
  console.log(`${label}: ${accepted}/${list.length} accepted in ${secs.toFixed(1)} s = ${(accepted / secs).toFixed(1)} msg/s; delivered ${delivered}, X-Spam-Flag: YES on ${flagged}`);
  console.log(`  CPU per accepted message, from the first connection to the last delivery (${usage.wallSecs.toFixed(1)} s):`);
  for (const line of formatCpuReport(usage, accepted)) console.log(line);
  return r;
}

function postfixMaster(pf: PostfixInstance): number {
  return Number(readFileSync(join(pf.root, 'spool', 'pid', 'master.pid'), 'latin1').trim());
}

function maildir(pf: PostfixInstance): string {
  return join(pf.root, 'mail', 'inbox', 'new');
}

function countDelivered(pf: PostfixInstance): number {
  return existsSync(maildir(pf)) ? readdirSync(maildir(pf)).length : 0;
}

function readDelivered(pf: PostfixInstance): { delivered: number; flagged: number } {
  if (!existsSync(maildir(pf))) return { delivered: 0, flagged: 0 };
  let flagged = 0;
  const files = readdirSync(maildir(pf));
  for (const f of files) {
    const text = readFileSync(join(maildir(pf), f), 'latin1');
    const end = text.search(/\r?\n\r?\n/);
    if (/^X-Spam-Flag: YES/im.test(end < 0 ? text : text.slice(0, end))) flagged++;
  }
  return { delivered: files.length, flagged };
}

async function spamwardRun(): Promise<RunResult> {
  const label = 'Postfix + Spamward milter';
  const [milter, metrics] = (await freePorts(2)) as [number, number];
  const data = mkdtempSync(join(tmpdir(), 'spamward-load-'));
  const profileDir = process.env['LOAD_CPU_PROF'];
  // Postfix's smtpd and cleanup run as the postfix user: the socket's folder must be reachable, the socket writable.
  const socketDir = process.env['LOAD_MILTER_SOCKET'] === 'unix' ? mkdtempSync(join(tmpdir(), 'spamward-load-sock-')) : null;
  if (socketDir !== null) chmodSync(socketDir, 0o755);
  const milterAddress = socketDir !== null ? `unix:${join(socketDir, 'milter.sock')}` : `inet:127.0.0.1:${milter}`;
  const serve = await startServe(process.execPath, [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    SPAMWARD_CLI, 'serve', '-L', '-x', '--data-dir', data, '--scan-timeout', '120', '--log-level', 'warn',
    ...SHARED_CF.flatMap((l) => ['--cf', l]),
    '--milter-listen', milterAddress, ...(socketDir !== null ? ['--socket-mode', '666'] : []),
    '--spamd-listen', 'off', '--metrics-listen', `127.0.0.1:${metrics}`,
    ...(process.env['LOAD_SERVE_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  ]);
  let peakBusy = 0;
  let peakQueued = 0;
  const poll = setInterval(() => {
    scrape(metrics).then((t) => {
      const s = parsePrometheusText(t);
      peakBusy = Math.max(peakBusy, sumOf(s, 'spamward_pool_busy'));
      peakQueued = Math.max(peakQueued, sumOf(s, 'spamward_pool_queued'));
    }, () => undefined);
  }, 1000);
  try {
    const r = await withPostfix(label, milterAddress, (pf) => send(pf, label, messages, [{ label: 'Spamward', root: serve.child.pid as number, split: 'thread' }]));
    clearInterval(poll);
    const final = await scrape(metrics).catch(() => scrape(metrics));
    checkMetrics(parsePrometheusText(final), r, { peakBusy, peakQueued });
    return r;
  } finally {
    clearInterval(poll);
    await serve.stop();
    rmSync(data, { recursive: true, force: true });
    if (socketDir !== null) rmSync(socketDir, { recursive: true, force: true });
  }
}

/** The endpoint's counts must be exactly what the load run saw at the SMTP side and in the Maildir. */
function checkMetrics(s: ReturnType<typeof parsePrometheusText>, r: RunResult, peaks: { peakBusy: number; peakQueued: number }): void {
  const m = (action: string) => sumOf(s, 'spamward_messages_total', { frontend: 'milter', action });
  const counted = sumOf(s, 'spamward_messages_total', { frontend: 'milter' });
  const rows: Array<[string, number, number]> = [
    ['messages (all actions) vs SMTP 250 replies', counted, r.accepted],
    ['tag vs delivered with X-Spam-Flag: YES', m('tag'), r.flagged],
    ['accept vs delivered without it', m('accept'), r.delivered - r.flagged],
    ['tempfail + error vs SMTP 4xx', m('tempfail') + m('error'), r.tempfailed],
    ['score histogram count vs scanned', sumOf(s, 'spamward_score_count', { frontend: 'milter' }), m('tag') + m('accept')],
  ];
  console.log(`metrics (peak pool busy ${peaks.peakBusy}, queued ${peaks.peakQueued}; workers ${sumOf(s, 'spamward_pool_workers')}; timeouts ${sumOf(s, 'spamward_scan_timeouts_total')}, errors ${sumOf(s, 'spamward_scan_errors_total')}):`);
  for (const [what, metric, observed] of rows) console.log(`  ${metric === observed ? 'ok ' : 'BAD'} ${what}: ${metric} = ${observed}`);
}

async function spamassRun(): Promise<RunResult> {
  const label = 'Postfix + spamass-milter + spamd';
  const spamd = await startRealSpamd({ children: 5, cf: SHARED_CF });
  const [port] = (await freePorts(1)) as [number];
  const child: ChildProcess = spawn('spamass-milter', ['-p', `inet:${port}@127.0.0.1`, '--', '-d', '127.0.0.1', '-p', String(spamd.port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  try {
    await waitFor(() => portOpen(port), 30_000, `spamass-milter on ${port}: ${err}`);
    return await withPostfix(label, `inet:127.0.0.1:${port}`, (pf) =>
      send(pf, label, messages.slice(0, spamassTotal), [
        { label: 'spamass-milter', root: child.pid as number },
        { label: 'spamd', root: spamd.pid },
      ]),
    );
  } finally {
    child.kill('SIGTERM');
    await spamd.stop();
  }
}

/** Postfix in front of the milter protocol alone (configuration 4). */
async function instantRun(): Promise<RunResult> {
  const label = 'Postfix + milter, instant engine';
  const [port] = (await freePorts(1)) as [number];
  const profileDir = process.env['LOAD_CPU_PROF'];
  const script = fileURLToPath(new URL('./lib/instant-milter.js', import.meta.url));
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), script, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(() => out.includes('listening on'), 60_000, `instant milter on ${port}: ${out}`);
    return await withPostfix(label, `inet:127.0.0.1:${port}`, (pf) => send(pf, label, messages, [{ label: 'instant milter', root: child.pid as number }]));
  } finally {
    child.kill('SIGTERM');
  }
}

function report(rs: RunResult[]): void {
  const [alone, spamward, spamass, instant] = rs as [RunResult, RunResult, RunResult, RunResult];
  const rate = (r: RunResult) => r.accepted / r.secs;
  console.log('\nconfiguration                        messages  msg/s   tempfail  rejected  delivered');
  for (const r of rs) {
    console.log(`${r.label.padEnd(36)} ${String(r.sent).padStart(8)} ${rate(r).toFixed(1).padStart(7)} ${String(r.tempfailed).padStart(9)} ${String(r.rejected).padStart(9)} ${String(r.delivered).padStart(10)}`);
  }
  const cost = rate(spamward) / rate(alone);
  const vsSpamass = rate(spamward) / rate(spamass);
  console.log(`Spamward keeps ${(cost * 100).toFixed(0)}% of unfiltered Postfix throughput (target: more than 50%) ${cost > 0.5 ? 'ok' : 'MISSED'}`);
  console.log(`Spamward / spamass-milter = ${vsSpamass.toFixed(1)}x (target: at least 20x) ${vsSpamass >= 20 ? 'ok' : 'MISSED'}`);
  console.log(`a milter that answers at once keeps ${((rate(instant) / rate(alone)) * 100).toFixed(0)}% of unfiltered Postfix throughput (the ceiling for any filter behind the milter protocol)`);
  whereTheCpuWent(rs);
  const lost = rs.filter((r) => r.tempfailed > 0 || r.delivered !== r.accepted);
  console.log(lost.length === 0 ? 'no tempfail; every accepted message delivered' : `PROBLEM in: ${lost.map((r) => r.label).join(', ')}`);
}

/**
 * The three runs side by side in CPU ms per accepted message, and the rate
 * each would reach on this machine's cores if nothing else ran: where the
 * gap between the configurations comes from, whatever share of the machine
 * other processes took during the run.
 */
function whereTheCpuWent(rs: RunResult[]): void {
  const parts = rs.map((r) => cpuByPart(r.cpu, r.accepted));
  const keys = [...new Set(parts.flatMap((p) => [...p.keys()]))];
  const cell = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2)).padStart(12);
  const heads = ['no milter', 'Spamward', 'spamass', 'instant'];
  console.log(`\nCPU ms per accepted message      ${heads.map((h) => h.padStart(12)).join(' ')}`);
  for (const k of keys) console.log(`  ${k.padEnd(30)} ${parts.map((p) => cell(p.get(k))).join(' ')}`);
  const totals = parts.map((p) => [...p.values()].reduce((a, b) => a + b, 0));
  console.log(`  ${'total'.padEnd(30)} ${totals.map((t) => cell(t)).join(' ')}`);
  const cores = rs[0]?.cpu.capacityMs !== undefined ? (rs[0].cpu.capacityMs / rs[0].cpu.wallSecs / 1000) : 1;
  console.log(`  ${`CPU-bound rate on ${Number(cores.toFixed(2))} cores`.padEnd(30)} ${totals.map((t) => cell((cores * 1000) / t)).join(' ')}  msg/s`);
  console.log(`  ${'other processes on the machine'.padEnd(30)} ${rs.map((r) => `${otherShare(r.cpu)}%`.padStart(12)).join(' ')}`);
}

function otherShare(c: CpuReport): number {
  const ours = c.rows.reduce((a, b) => a + b.ms, 0) + c.senderMs;
  return Math.round((100 * Math.max(0, c.machineMs - ours)) / c.capacityMs);
}
