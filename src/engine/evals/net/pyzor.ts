/**
 * Pyzor.pm through Debian's `pyzor` program: `pyzor [pyzor_options] check`
 * reads the whole message on stdin and prints one line per server,
 * `server\t(code, 'diag')\tCOUNT\tWL-COUNT`. The counts of all servers are
 * summed; PYZOR_CHECK hits when the count reaches pyzor_count_min, unless
 * the welcomelist count outweighs it. pyzor_timeout caps the wait.
 */
import type { NetworkEval, ScanContext } from '../../scan/context-types.js';
import type { NetLookups } from '../../net/dns-types.js';
import type { EngineConfig } from '../../config/types.js';
import { FULL, type EvalTable } from '../define.js';

/** Pyzor.pm's hard-coded limits: counts at or beyond these are ignored as bogus. */
const COUNT_LIMIT = 1_000_000;
const WL_LIMIT = 10_000;
const LINE = /^\S+\t.*?\t(\d+)\t(\d+)\s*$/;

function setting(conf: EngineConfig, name: string): string | undefined {
  return conf.other.get(name);
}

function num(conf: EngineConfig, name: string, dflt: number): number {
  const v = Number(setting(conf, name));
  return setting(conf, name) === undefined || !Number.isFinite(v) ? dflt : v;
}

/** The verdict for pyzor's output (Pyzor.pm _check_result). */
export function pyzorVerdict(output: string, conf: EngineConfig): boolean {
  let count = 0;
  let wl = 0;
  let parsed = false;
  for (const line of output.split('\n')) {
    if (line.startsWith('Traceback')) return false;
    const m = LINE.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    parsed = true;
    count += Number(m[1]);
    wl += Number(m[2]);
  }
  if (!parsed || count >= COUNT_LIMIT || wl >= WL_LIMIT) return false;
  // pyzor_max is the deprecated spelling of pyzor_count_min.
  const countMin = num(conf, 'pyzor_count_min', num(conf, 'pyzor_max', 5));
  const wlLimit = wl >= num(conf, 'pyzor_welcomelist_min', 10) ? count * num(conf, 'pyzor_welcomelist_factor', 0.2) : 0;
  if (wlLimit && wl >= wlLimit) return false;
  return count >= countMin;
}

const KEY = 'pyzor_result';

function launch(ctx: ScanContext, net: NetLookups): void {
  if (ctx.scratch.has(KEY) || !net.helpers) return;
  ctx.scratch.set(KEY, false);
  if (setting(ctx.conf, 'use_pyzor') === '0') return;
  const opts = (setting(ctx.conf, 'pyzor_options') ?? '').split(' ').filter((w) => w !== '');
  const run = net.helpers.run({
    program: setting(ctx.conf, 'pyzor_path') || 'pyzor',
    args: [...opts, 'check'],
    input: Buffer.concat([ctx.msg.pristineHeaders, ctx.msg.pristineBody]),
    timeoutMs: num(ctx.conf, 'pyzor_timeout', 5) * 1000,
  });
  net.track(run.then((r) => {
    if (!r.timedOut && r.error === undefined) ctx.scratch.set(KEY, pyzorVerdict(r.stdout, ctx.conf));
  }));
}

const pyzorNet: NetworkEval = {
  launch: (ctx, _rule, net) => launch(ctx, net),
  result: (ctx) => ctx.scratch.get(KEY) === true,
};

export const pyzorEvals: EvalTable = {
  check_pyzor: { fn: () => false, plugin: 'Pyzor', types: FULL, network: true, net: pyzorNet },
};
