/**
 * `npm run bench`: the benchmarks in sequence, each in its own process so one
 * does not warm or load the other. By default the side-by-side spamd run,
 * size scaling and spamc start-up; `--fidelity` adds the whole-corpus
 * fidelity run (minutes). Arguments after `--only` pick benches by name,
 * including those not run by default (second-engine, an internal check that
 * a rule set compiled after another scans as fast, not a comparison with
 * SpamAssassin).
 *
 *   npm run bench -- [--fidelity] [--only side-by-side,size-scaling] [--messages N]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { fidelity: { type: 'boolean', default: false }, only: { type: 'string' }, messages: { type: 'string' } },
});
const benches: Record<string, string[]> = {
  'side-by-side': args.messages !== undefined ? ['--messages', args.messages] : [],
  'size-scaling': [],
  'spamc-startup': [],
  ...(args.fidelity ? { fidelity: [] } : {}),
};
/** Run only when named with --only. */
const onRequest: Record<string, string[]> = { 'second-engine': [] };
const chosen = args.only !== undefined ? args.only.split(',') : Object.keys(benches);
let failed = 0;
for (const name of chosen) {
  const extra = benches[name] ?? onRequest[name];
  if (extra === undefined) throw new Error(`unknown bench ${name}: ${[...Object.keys(benches), ...Object.keys(onRequest)].join(', ')}, fidelity`);
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}.js`, import.meta.url)), ...extra], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
