/**
 * Where the CPU of a load run went: per component (a process tree, split by
 * program name or by thread), the benchmark process itself (the SMTP sender),
 * and the whole machine (/proc/stat), as the difference between a snapshot
 * taken before the run and one after. On a shared machine the machine-wide
 * figure shows how much of the CPU the run did not get.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICKS_PER_SECOND = 100;

export interface Component {
  label: string;
  /** Root pid of the component's process tree. */
  root: number;
  /**
   * 'name': one row per program (Postfix's smtpd, cleanup, qmgr, virtual...);
   * 'thread': the root process's main thread apart from its other threads
   * (a Node daemon's event loop apart from its scanning workers and GC).
   */
  split?: 'name' | 'thread';
}

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
  reaped: number;
}

/** CPU ticks per row key ("label/part"), from live processes plus the children their roots already reaped. */
type Sample = Map<string, number>;

export interface CpuReport {
  wallSecs: number;
  /** CPU ms per row ("label" or "label/part"), in the order first seen. */
  rows: Array<{ key: string; ms: number }>;
  /** CPU ms of the benchmark process (the SMTP sender). */
  senderMs: number;
  /** CPU ms the whole machine spent, all processes; and its capacity over the wall time. */
  machineMs: number;
  capacityMs: number;
}

function readProc(pid: number, path = `/proc/${pid}/stat`): Proc | undefined {
  try {
    const text = readFileSync(path, 'latin1');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' ');
    const n = (i: number) => Number(f[i - 3]);
    return { pid, ppid: n(4), comm: text.slice(open + 1, close), ticks: n(14) + n(15), reaped: n(16) + n(17) };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

function treeOf(root: number, procs: Proc[]): Proc[] {
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const top = procs.find((p) => p.pid === root);
  if (top === undefined) return [];
  const tree = [top];
  for (let i = 0; i < tree.length; i++) tree.push(...(byParent.get((tree[i] as Proc).pid) ?? []));
  return tree;
}

function threadTicks(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      // Not /proc/PID/stat: that one sums every thread of the process.
      const t = readProc(Number(tid), `/proc/${pid}/task/${tid}/stat`);
      if (t === undefined) continue;
      if (Number(tid) === pid) main += t.ticks;
      else others += t.ticks;
    }
  } catch {
    // The process ended.
  }
  return { main, others };
}

function add(s: Sample, key: string, ticks: number): void {
  s.set(key, (s.get(key) ?? 0) + ticks);
}

function sampleComponent(c: Component, procs: Proc[], s: Sample): void {
  const tree = treeOf(c.root, procs);
  for (const p of tree) {
    if (c.split === 'thread' && p.pid === c.root) {
      const t = threadTicks(p.pid);
      add(s, `${c.label}/main thread`, t.main);
      add(s, `${c.label}/other threads`, t.others);
    } else {
      add(s, c.split === undefined ? c.label : `${c.label}/${c.split === 'thread' ? 'child processes' : p.comm}`, p.ticks);
    }
    // Children that already exited (recycled smtpd, spamd children) count with whoever reaped them.
    if (p.reaped > 0) add(s, c.split === 'name' ? `${c.label}/exited children` : c.split === 'thread' ? `${c.label}/child processes` : c.label, p.reaped);
  }
}

function machineTicks(): number {
  const cpu = readFileSync('/proc/stat', 'latin1').split('\n')[0] as string;
  const f = cpu.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  return f.slice(0, 8).reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0);
}

/**
 * Starts measuring. Components may be added later (a daemon started after
 * the meter); one added late counts from when it was added.
 */
export function startCpuMeter(components: Component[] = []): { add(c: Component): void; stop(): CpuReport } {
  const started = process.hrtime.bigint();
  const sender0 = process.cpuUsage();
  const machine0 = machineTicks();
  const list: Component[] = [];
  const before: Sample = new Map();
  const order: string[] = [];
  const addComponent = (c: Component) => {
    list.push(c);
    sampleComponent(c, allProcs(), before);
  };
  for (const c of components) addComponent(c);
  return {
    add: addComponent,
    stop() {
      const after: Sample = new Map();
      const procs = allProcs();
      for (const c of list) sampleComponent(c, procs, after);
      for (const k of after.keys()) if (!order.includes(k)) order.push(k);
      const sender = process.cpuUsage(sender0);
      const wallSecs = Number(process.hrtime.bigint() - started) / 1e9;
      const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
      return {
        wallSecs,
        rows: order.map((key) => ({ key, ms: ms(Math.max(0, (after.get(key) ?? 0) - (before.get(key) ?? 0))) })),
        senderMs: (sender.user + sender.system) / 1000,
        machineMs: ms(machineTicks() - machine0),
        capacityMs: wallSecs * 1000 * availableParallelism(),
      };
    },
  };
}

/** Lines for the benchmark output: CPU ms per message of each row, and what the rest of the machine took. */
export function formatCpuReport(r: CpuReport, messages: number): string[] {
  const per = (ms: number) => (ms / Math.max(1, messages)).toFixed(2).padStart(8);
  const ours = r.rows.reduce((a, b) => a + b.ms, 0) + r.senderMs;
  const lines = r.rows.filter((row) => row.ms > 0).map((row) => `    ${row.key.padEnd(44)} ${per(row.ms)} ms/msg`);
  lines.push(`    ${'SMTP sender (this process)'.padEnd(44)} ${per(r.senderMs)} ms/msg`);
  lines.push(`    ${'all of the above'.padEnd(44)} ${per(ours)} ms/msg`);
  const pct = (ms: number) => `${((100 * ms) / r.capacityMs).toFixed(0)}%`;
  lines.push(
    `    machine: ${pct(r.machineMs)} of ${availableParallelism()} cores busy over ${r.wallSecs.toFixed(1)} s; ` +
      `this run ${pct(ours)}, other processes ${pct(Math.max(0, r.machineMs - ours))}`,
  );
  return lines;
}

/**
 * CPU ms per message by component part, for comparing runs: Postfix as a
 * whole and, apart, the programs a milter makes work (smtpd and cleanup
 * talk to it); a Node daemon's event loop apart from its workers.
 */
export function cpuByPart(r: CpuReport, messages: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, ms: number) => out.set(k, (out.get(k) ?? 0) + ms / Math.max(1, messages));
  for (const row of r.rows) {
    const [label, part] = row.key.split('/') as [string, string | undefined];
    if (label === 'Postfix') add(part === 'smtpd' || part === 'cleanup' ? `Postfix ${part}` : 'Postfix, other programs', row.ms);
    else add(part === undefined ? label : `${label} ${part}`, row.ms);
  }
  add('SMTP sender', r.senderMs);
  return out;
}

