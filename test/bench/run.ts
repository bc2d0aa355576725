/**
 * `npm run bench`: the benchmarks in sequence, each in its own process so one
 * does not warm or load the other. By default the side-by-side spamd run,
 * size scaling and spamc start-up; `--fidelity` adds the whole-corpus
 * fidelity run (minutes). Arguments after `--only` pick benches by name.
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
const chosen = args.only !== undefined ? args.only.split(',') : Object.keys(benches);
let failed = 0;
for (const name of chosen) {
  const extra = benches[name];
  if (extra === undefined) throw new Error(`unknown bench ${name}: ${Object.keys(benches).join(', ')}, fidelity`);
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}.js`, import.meta.url)), ...extra], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
