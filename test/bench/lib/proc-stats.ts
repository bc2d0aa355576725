/**
 * CPU time and memory of a daemon and every process below it, read from
 * /proc: utime+stime of the live processes plus cutime+cstime (the children
 * that already exited, as spamd's recycled children do), VmHWM/VmRSS, and
 * Pss. Summed RSS counts a page shared by a forking daemon's processes once
 * per process (spamd's children and rspamd's workers share their parent's
 * rules copy-on-write); summed PSS counts it once, split between them.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  reapedTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i - 3]);
    return { pid, ppid: n(4), cpuTicks: n(14) + n(15), reapedTicks: n(16) + n(17) };
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants alive now. */
export function processTree(root: number): number[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.push(s);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const s of all) if (s.ppid === tree[i]) tree.push(s.pid);
  return tree;
}

/** CPU milliseconds the whole tree has used so far (live and reaped children). */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const s = readStat(pid);
    if (s) ticks += s.cpuTicks + (pid === root ? s.reapedTicks : 0);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function pidPssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of each live process's own peak resident memory (kB). */
export function treeHwmKb(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
}

/** Summed RSS and summed PSS (kB) of the tree now, from one walk of /proc. */
export function treeMemoryKb(root: number): { rssKb: number; pssKb: number } {
  let rssKb = 0;
  let pssKb = 0;
  for (const pid of processTree(root)) {
    rssKb += statusKb(pid, 'VmRSS');
    pssKb += pidPssKb(pid);
  }
  return { rssKb, pssKb };
}

/** Samples the tree's resident memory (summed RSS and summed PSS) until stopped; returns the highest sums seen (kB). */
export function sampleRss(root: number, everyMs = 250): { stop(): { rssKb: number; pssKb: number } } {
  const peak = treeMemoryKb(root);
  const sample = () => {
    const now = treeMemoryKb(root);
    peak.rssKb = Math.max(peak.rssKb, now.rssKb);
    peak.pssKb = Math.max(peak.pssKb, now.pssKb);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
