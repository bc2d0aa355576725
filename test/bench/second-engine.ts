/**
 * Whether a rule set compiled after another in the same thread scans as fast
 * as the first (docs/speed.md, "Two engines in one process"): V8 leaves a
 * RegExp made again from a source that already ran in its interpreter, so
 * the engine shares built patterns across rule sets. Three processes, each
 * scanning the same 3,000 corpus messages after 1,500 of warm-up:
 *   single              one engine;
 *   second-after-close  a second engine created after a first scanned 1,500 and was closed;
 *   second-alive        the same with the first still open.
 * Prints CPU ms per message of each and the ratios to `single` (about 1.0
 * when patterns are shared; 1.17-1.21 before they were).
 *
 *   node dist/test/bench/second-engine.js [--rounds 1]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/index.js';
import { loadCorpus } from './lib/corpus.js';

const MODES = ['single', 'second-after-close', 'second-alive'] as const;
type Mode = (typeof MODES)[number];

const { values: args, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '1' } }, allowPositionals: true });

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A fixed shuffle of the corpus, so every mode scans the same messages in the same order. */
function shuffled(): Buffer[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const msgs = loadCorpus().map((m) => m.raw);
  for (let i = msgs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [msgs[i], msgs[j]] = [msgs[j]!, msgs[i]!];
  }
  return msgs;
}

async function measure(mode: Mode): Promise<number> {
  const make = () => createEngine({ localTestsOnly: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] });
  const msgs = shuffled();
  const warm = msgs.slice(0, 1500);
  const test = msgs.slice(1500, 4500);
  let first: Awaited<ReturnType<typeof make>> | undefined;
  if (mode !== 'single') {
    first = await make();
    for (const m of warm) first.scanSync(m);
    if (mode === 'second-after-close') {
      await first.close();
      first = undefined;
    }
  }
  const engine = await make();
  for (const m of warm) engine.scanSync(m);
  const c0 = cpuMs();
  for (const m of test) engine.scanSync(m);
  const perMsg = (cpuMs() - c0) / test.length;
  await engine.close();
  await first?.close();
  return perMsg;
}

const child = positionals[0] as Mode | undefined;
if (child !== undefined) {
  process.stdout.write(`${JSON.stringify({ mode: child, cpuMsPerMsg: await measure(child) })}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  for (let round = 0; round < Number(args.rounds); round++) {
    const got: Partial<Record<Mode, number>> = {};
    for (const mode of MODES) {
      const r = spawnSync(process.execPath, [self, mode], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
      got[mode] = (JSON.parse(r.stdout.trim()) as { cpuMsPerMsg: number }).cpuMsPerMsg;
    }
    const base = got.single!;
    console.log(JSON.stringify({ bench: 'second-engine', round, ...Object.fromEntries(MODES.map((m) => [m, Number(got[m]!.toFixed(3))])), ratioAfterClose: Number((got['second-after-close']! / base).toFixed(3)), ratioAlive: Number((got['second-alive']! / base).toFixed(3)) }));
  }
}
