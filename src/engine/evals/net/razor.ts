/**
 * Razor2.pm through Debian's `razor-check` program instead of the Perl
 * library: the message on stdin, exit status 0 when Razor lists it as
 * spam, 1 when not. `razor_config` is passed as -conf; the Razor home is
 * ~/.razor of HOME (spamd -H sets the helper home). razor_timeout caps the
 * wait. razor-check does not print the confidence (cf) of its answer, so
 * check_razor2_range cannot be answered from it and never hits.
 */
import type { NetworkEval, ScanContext } from '../../scan/context-types.js';
import type { NetLookups } from '../../net/dns-types.js';
import { FULL, type EvalTable } from '../define.js';

const KEY = 'razor2_result';

function launch(ctx: ScanContext, net: NetLookups): void {
  if (ctx.scratch.has(KEY) || !net.helpers) return;
  ctx.scratch.set(KEY, false);
  if (ctx.conf.other.get('use_razor2') === '0') return;
  const config = ctx.conf.other.get('razor_config');
  const timeout = Number(ctx.conf.other.get('razor_timeout') ?? 5);
  const run = net.helpers.run({
    program: 'razor-check',
    args: config ? [`-conf=${config}`] : [],
    input: Buffer.concat([ctx.msg.pristineHeaders, ctx.msg.pristineBody]),
    timeoutMs: (Number.isFinite(timeout) ? timeout : 5) * 1000,
  });
  net.track(run.then((r) => {
    if (!r.timedOut && r.code === 0) ctx.scratch.set(KEY, true);
  }));
}

const razorNet: NetworkEval = {
  launch: (ctx, _rule, net) => launch(ctx, net),
  result: (ctx) => ctx.scratch.get(KEY) === true,
};

export const razorEvals: EvalTable = {
  check_razor2: { fn: () => false, plugin: 'Razor2', types: FULL, network: true, net: razorNet },
};
