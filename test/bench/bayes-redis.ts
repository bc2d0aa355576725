/**
 * Bayes on Redis against Bayes on LMDB, in the same run (benchmark, not a
 * test). A real redis-server is started on a free loopback port. Both
 * engines learn easy-ham-1 + spam-1 (learning throughput, and Debian's
 * sa-learn into the same Redis with SpamAssassin's own BayesStore::Redis as
 * the reference), then scan easy-ham-2, hard-ham-1 and spam-2 one message
 * at a time, alternating engines so both see the same machine noise. Prints
 * the extra time Redis costs per scanned message (target: under 1 ms on
 * loopback), BAYES_xx agreement per message, and accuracy on both.
 *
 *   node dist/test/bench/bayes-redis.js [--learn-limit N] [--scan-limit N] [--no-sa]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../../src/engine/api-types.js';
import { createEngine, type SpamwardEngine } from '../../src/engine/engine.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';

const args = process.argv.slice(2);
const flag = (name: string, d: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const learnLimit = flag('--learn-limit', Infinity);
const scanLimit = flag('--scan-limit', Infinity);
const withSa = !args.includes('--no-sa');
const IN_FLIGHT = 64;

async function learnAll(engine: SpamwardEngine, train: CorpusMessage[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  const pending = new Set<Promise<unknown>>();
  for (const m of train) {
    const p = engine.learn(m.raw, m.isSpam ? 'spam' : 'ham').then((r) => {
      if (!r.learned && r.reason !== 'already learned as that class') throw new Error(`learn failed: ${r.reason}`);
    });
    pending.add(p);
    // The failure itself surfaces through Promise.race/all below; this derived promise must not crash the run.
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);
  return train.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function saLearnRedis(redis: RedisServer, train: CorpusMessage[], dir: string): number | undefined {
  const cf = redis.cf(5).map((l) => `--cf=${l}`);
  const t0 = process.hrtime.bigint();
  for (const [cls, list] of [['--spam', train.filter((m) => m.isSpam)], ['--ham', train.filter((m) => !m.isSpam)]] as const) {
    const d = join(dir, `sa${cls}`);
    mkdirSync(d);
    list.forEach((m, i) => writeFileSync(join(d, `${i}.eml`), m.raw));
    const r = spawnSync('sa-learn', ['-L', ...cf, cls, d], { encoding: 'latin1' });
    if (r.status !== 0) {
      console.log(`sa-learn on Redis failed (${r.status}): ${r.stderr.slice(0, 300)}`);
      return undefined;
    }
  }
  return train.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const bayesBand = (v: Verdict): string => v.testNames.filter((n) => /^BAYES_\d+$/.test(n)).join('+') || '-';

interface Side { ms: number[]; cpuMs: number[]; bands: string[]; hamAsSpam: number; spamMissed: number }

async function timedScan(engine: SpamwardEngine, m: CorpusMessage, side: Side): Promise<void> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const v = await engine.scan(m.raw);
  const c = process.cpuUsage(c0);
  side.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  side.cpuMs.push((c.user + c.system) / 1000);
  side.bands.push(bayesBand(v));
  if (m.isSpam && !v.isSpam) side.spamMissed++;
  if (!m.isSpam && v.isSpam) side.hamAsSpam++;
}

/** Total microseconds redis-server spent in commands since CONFIG RESETSTAT (INFO commandstats). */
function commandUsec(info: string): number {
  return [...info.matchAll(/^cmdstat_[^:]+:.*?\busec=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const train = loadCorpus(['easy-ham-1', 'spam-1'], learnLimit);
  const test = loadCorpus(['easy-ham-2', 'hard-ham-1', 'spam-2'], scanLimit);
  const dir = mkdtempSync(join(tmpdir(), 'spamward-redis-bench-'));
  const redis = await startRedis();
  const common = ['bayes_auto_learn 0'];
  const lmdb = await createEngine({ localTestsOnly: true, dataDir: join(dir, 'lmdb'), cfLines: common });
  const red = await createEngine({ localTestsOnly: true, cfLines: [...common, ...redis.cf(1)], log: (level, message) => console.log(`[${level}] ${message}`) });
  try {
    console.log(`training ${train.length} messages, testing ${test.length}; redis-server on port ${redis.port}`);
    const lRate = await learnAll(lmdb, train);
    const rRate = await learnAll(red, train);
    console.log(`learning: LMDB ${lRate.toFixed(1)} msg/s, Redis ${rRate.toFixed(1)} msg/s (Redis/LMDB ${(rRate / lRate).toFixed(2)})`);
    if (withSa) {
      const saRate = saLearnRedis(redis, train, dir);
      if (saRate !== undefined) console.log(`sa-learn into Redis (BayesStore::Redis): ${saRate.toFixed(1)} msg/s; Spamward on Redis is ${(rRate / saRate).toFixed(1)}x that`);
    }
    // Warm both engines (Bayes score set compiled) before timing.
    await lmdb.scan(test[0]?.raw ?? Buffer.from('Subject: x\n\nx\n'));
    await red.scan(test[0]?.raw ?? Buffer.from('Subject: x\n\nx\n'));
    const L: Side = { ms: [], cpuMs: [], bands: [], hamAsSpam: 0, spamMissed: 0 };
    const R: Side = { ms: [], cpuMs: [], bands: [], hamAsSpam: 0, spamMissed: 0 };
    await redis.command(0, 'CONFIG', 'RESETSTAT');
    for (const [i, m] of test.entries()) {
      // Alternate which engine goes first so neither always gets the warmer cache.
      if (i % 2 === 0) { await timedScan(lmdb, m, L); await timedScan(red, m, R); } else { await timedScan(red, m, R); await timedScan(lmdb, m, L); }
    }
    const serverUsec = commandUsec(await redis.command(0, 'INFO', 'commandstats'));
    const diffs = L.ms.map((l, i) => (R.ms[i] ?? l) - l);
    const cpuDiffs = L.cpuMs.map((l, i) => (R.cpuMs[i] ?? l) - l);
    const same = L.bands.filter((b, i) => b === R.bands[i]).length;
    const hams = test.filter((m) => !m.isSpam).length;
    const spams = test.length - hams;
    console.log(`scan per message: LMDB mean ${mean(L.ms).toFixed(2)} ms (median ${median(L.ms).toFixed(2)}), Redis mean ${mean(R.ms).toFixed(2)} ms (median ${median(R.ms).toFixed(2)})`);
    console.log(`Redis costs ${mean(diffs).toFixed(3)} ms per message on average (median ${median(diffs).toFixed(3)} ms) in wall time; ratio Redis/LMDB ${(mean(R.ms) / mean(L.ms)).toFixed(3)}`);
    // Wall time on a loaded machine includes waiting to be scheduled twice per round trip; CPU time does not.
    console.log(`  of which Spamward CPU ${mean(cpuDiffs).toFixed(3)} ms (median ${median(cpuDiffs).toFixed(3)}), redis-server CPU ${(serverUsec / test.length / 1000).toFixed(3)} ms per message (read + atime touch); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`BAYES_xx identical on ${same}/${test.length} messages`);
    for (const [who, s] of [['LMDB', L], ['Redis', R]] as const) {
      console.log(`${who}: ham marked spam ${s.hamAsSpam}/${hams}, spam missed ${s.spamMissed}/${spams}`);
    }
    L.bands.forEach((b, i) => {
      if (b !== R.bands[i]) console.log(`  differs: ${test[i]?.id} LMDB ${b} Redis ${R.bands[i]}`);
    });
  } finally {
    await lmdb.close();
    await red.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
