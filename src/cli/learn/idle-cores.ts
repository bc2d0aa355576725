/**
 * How many cores sit idle right now, for `spamward learn` to decide whether
 * worker threads pay. The load average cannot tell: it is a one-minute mean,
 * so for a minute after any busy spell (the previous learn of a cron job, a
 * build) it says "busy" on an idle machine, and the learner then ran on one
 * core. Here the machine's idle time is read twice, at import (when the
 * learner starts) and when asked (after the command line and the first
 * messages were read), and the share of idle time between the two readings
 * is scaled to cores.
 */
import { cpus, loadavg } from 'node:os';

/** Below this window the kernel's idle counters (10 ms ticks) say too little; the load average decides. */
const MIN_WINDOW_MS = 40;

interface CpuTimes {
  idle: number;
  total: number;
  at: number;
}

function readCpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total, at: performance.now() };
}

const atStart = readCpuTimes();

/**
 * Idle cores since the learner started (this process's own thread counts
 * as busy, so on an idle two-core machine this is about 1). Falls back to
 * the load average when the window is too short to measure.
 */
export function idleCores(): number {
  const cores = cpus().length;
  const now = readCpuTimes();
  const ticks = now.total - atStart.total;
  if (now.at - atStart.at < MIN_WINDOW_MS || ticks <= 0) return cores - (loadavg()[0] ?? 0);
  return (cores * (now.idle - atStart.idle)) / ticks;
}
