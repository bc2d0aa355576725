/**
 * Bayes on Redis against Bayes on LMDB, in the same run (benchmark, not a
 * test), for both Redis token layouts: Spamward's sharded one (the default
 * for new databases) and SpamAssassin's BayesStore::Redis one (one key per
 * token, kept for databases shared with SpamAssassin). Each layout gets its
 * own real redis-server on a free loopback port, so INFO cpu separates
 * them. The three engines learn easy-ham-1 + spam-1 (learning throughput;
 * Debian's sa-learn into the SpamAssassin-layout server is the reference),
 * then scan easy-ham-2, hard-ham-1 and spam-2 one message at a time (1 in
 * flight), rotating which engine goes first so all see the same machine
 * noise. It prints, per layout:
 *
 * - the extra time per message Redis costs (target: under 1 ms on
 *   loopback, mean and median, wall and CPU; the line says met or MISSED):
 *   whole scans on Redis minus the same scans on LMDB, in wall time and in
 *   Spamward's CPU time (the read is sent before the local rules run and
 *   only the Bayes evals wait for it, so the read's own duration spans the
 *   rules and is printed only for reference). Each scan's time includes the
 *   next turn of the event loop, where LMDB commits the scan's atime touch;
 * - redis-server CPU per scanned message (INFO cpu: the reads and the
 *   batched touches);
 * - a replay of the same reads with nothing else running, for a quieter figure;
 * - BAYES_xx and verdict agreement per message, and accuracy.
 *
 *   node dist/test/bench/bayes-redis.js [--learn-limit N] [--scan-limit N] [--replay N] [--no-sa]
 *
 * The limits take the first N messages of each corpus group (a fixed
 * subsample); without them the whole split runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../../src/engine/api-types.js';
import { TOKEN_KEY_BYTES } from '../../src/engine/bayes/hash.js';
import type { TokenRead } from '../../src/engine/bayes/store.js';
import { createEngine, type SpamwardEngine } from '../../src/engine/engine.js';
import { LmdbBayesStore } from '../../src/engine/storage/lmdb-bayes-store.js';
import { RedisBayesStore } from '../../src/engine/storage/redis-bayes-store.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';

const args = process.argv.slice(2);
const flag = (name: string, d: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const learnLimit = flag('--learn-limit', Infinity);
const scanLimit = flag('--scan-limit', Infinity);
const replayRounds = flag('--replay', 3);
const withSa = !args.includes('--no-sa');
const IN_FLIGHT = 64;
/** The target: what Redis adds to a scan on loopback (ms). */
const TARGET_MS = 1;
const LAYOUTS = ['sharded', 'spamassassin'] as const;
type Layout = (typeof LAYOUTS)[number];

/** What one Redis store's wrapped reads saw during the scan phase. */
interface RedisProbe {
  ms: number[];
  cpuMs: number[];
  tokens: number[];
  /** Each read's token keys, packed as the store reads them. */
  keyLists: Buffer[];
  store?: RedisBayesStore;
}
/** What the wrapped store reads saw during the scan phase (reads are recorded per store, in scan order). */
const probe = {
  on: false,
  lmdbMs: [] as number[],
  lmdbStore: undefined as LmdbBayesStore | undefined,
  redis: { sharded: { ms: [], cpuMs: [], tokens: [], keyLists: [] }, spamassassin: { ms: [], cpuMs: [], tokens: [], keyLists: [] } } as Record<Layout, RedisProbe>,
};

/** Measurement only: the stores are the real ones, their read methods are timed. */
function instrumentStores(): void {
  const redisRead = RedisBayesStore.prototype.read;
  RedisBayesStore.prototype.read = async function timedRead(this: RedisBayesStore, keys: Buffer): Promise<TokenRead> {
    if (!probe.on) return redisRead.call(this, keys);
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const r = await redisRead.call(this, keys);
    const c = process.cpuUsage(c0);
    const p = probe.redis[this.layout as Layout];
    p.store = this;
    p.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    p.cpuMs.push((c.user + c.system) / 1000);
    p.tokens.push(keys.length / TOKEN_KEY_BYTES);
    p.keyLists.push(keys);
    return r;
  };
  const lmdbGet = LmdbBayesStore.prototype.getTokens;
  LmdbBayesStore.prototype.getTokens = function timedGet(this: LmdbBayesStore, keys: readonly Buffer[]) {
    if (!probe.on) return lmdbGet.call(this, keys);
    probe.lmdbStore = this;
    const t0 = process.hrtime.bigint();
    const r = lmdbGet.call(this, keys);
    probe.lmdbMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return r;
  };
}

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

interface Side { name: string; engine: SpamwardEngine; ms: number[]; cpuMs: number[]; bands: string[]; spam: boolean[]; hamAsSpam: number; spamMissed: number }

/**
 * One scan, timed with the work it leaves for the next turn of the event
 * loop: the LMDB store commits a scan's atime touch there (setImmediate).
 * In a loop of back-to-back scans only a scan that waits for the network
 * reaches the event loop, so without this LMDB's commits were counted in the
 * Redis scan that followed.
 */
async function timedScan(side: Side, m: CorpusMessage): Promise<void> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const v = await side.engine.scan(m.raw);
  await new Promise((resolve) => setImmediate(resolve));
  side.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  side.cpuMs.push((c.user + c.system) / 1000);
  side.bands.push(bayesBand(v));
  side.spam.push(v.isSpam);
  if (m.isSpam && !v.isSpam) side.spamMissed++;
  if (!m.isSpam && v.isSpam) side.hamAsSpam++;
}

/** Seconds of CPU redis-server has used (INFO cpu: user + sys, main and background threads). */
async function serverCpuS(redis: RedisServer): Promise<number> {
  const info = await redis.command(0, 'INFO', 'cpu');
  const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** The scans' reads of one layout again, back to back, alternating with LMDB's lookups, with nothing else running. */
async function replay(layout: Layout, redis: RedisServer): Promise<void> {
  const { store, keyLists } = probe.redis[layout];
  const lmdbStore = probe.lmdbStore;
  if (!store || !lmdbStore || keyLists.length === 0 || replayRounds <= 0) return;
  const r: number[] = [];
  const l: number[] = [];
  let cpu = 0;
  // LMDB's lookups take one buffer per key, as its scans make them.
  const unpacked = keyLists.map((p) => Array.from({ length: p.length / TOKEN_KEY_BYTES }, (_, i) => p.subarray(i * TOKEN_KEY_BYTES, (i + 1) * TOKEN_KEY_BYTES)));
  const s0 = await serverCpuS(redis);
  for (let round = 0; round < replayRounds; round++) {
    for (const [i, keys] of keyLists.entries()) {
      let t0 = process.hrtime.bigint();
      lmdbStore.getTokens(unpacked[i] as Buffer[]);
      l.push(Number(process.hrtime.bigint() - t0) / 1e6);
      t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      await store.read(keys);
      const c = process.cpuUsage(c0);
      r.push(Number(process.hrtime.bigint() - t0) / 1e6);
      cpu += (c.user + c.system) / 1000;
    }
  }
  const server = ((await serverCpuS(redis)) - s0) * 1000 / r.length;
  console.log(`replay, ${layout} layout: the same ${keyLists.length} reads x${replayRounds}, 1 in flight, nothing else running: Redis read ${mean(r).toFixed(3)} ms (median ${median(r).toFixed(3)}), LMDB lookup ${mean(l).toFixed(3)} ms (median ${median(l).toFixed(3)})`);
  console.log(`  => extra wall per message ${(mean(r) - mean(l)).toFixed(3)} ms (median ${(median(r) - median(l)).toFixed(3)}); Spamward CPU ${(cpu / r.length).toFixed(3)} ms, redis-server CPU ${server.toFixed(3)} ms per read`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
const newSide = (name: string, engine: SpamwardEngine): Side => ({ name, engine, ms: [], cpuMs: [], bands: [], spam: [], hamAsSpam: 0, spamMissed: 0 });

async function learnPhase(lmdb: Side, reds: Record<Layout, Side>, servers: Record<Layout, RedisServer>, train: CorpusMessage[], dir: string): Promise<void> {
  const lRate = await learnAll(lmdb.engine, train);
  console.log(`learning (${IN_FLIGHT} in flight): LMDB ${lRate.toFixed(1)} msg/s`);
  let saLayoutRate = 0;
  for (const layout of LAYOUTS) {
    const s0 = await serverCpuS(servers[layout]);
    const rate = await learnAll(reds[layout].engine, train);
    const server = ((await serverCpuS(servers[layout])) - s0) * 1000 / train.length;
    if (layout === 'spamassassin') saLayoutRate = rate;
    console.log(`  Redis, ${layout} layout: ${rate.toFixed(1)} msg/s (Redis/LMDB ${(rate / lRate).toFixed(2)}); redis-server CPU ${server.toFixed(2)} ms per learned message`);
  }
  if (withSa) {
    const saRate = saLearnRedis(servers.spamassassin, train, dir);
    if (saRate !== undefined) console.log(`sa-learn into Redis (BayesStore::Redis): ${saRate.toFixed(1)} msg/s; Spamward on Redis (SpamAssassin's layout) is ${(saLayoutRate / saRate).toFixed(1)}x that`);
  }
}

async function scanPhase(sides: Side[], servers: Record<Layout, RedisServer>, test: CorpusMessage[]): Promise<Record<Layout, number>> {
  const s0 = { sharded: await serverCpuS(servers.sharded), spamassassin: await serverCpuS(servers.spamassassin) };
  probe.on = true;
  for (const [i, m] of test.entries()) {
    // Rotate which engine goes first so none always gets the warmer cache.
    for (let j = 0; j < sides.length; j++) await timedScan(sides[(i + j) % sides.length] as Side, m);
  }
  probe.on = false;
  // Wait for the last batched touches so their server time is counted.
  await new Promise((r) => setTimeout(r, 400));
  return {
    sharded: ((await serverCpuS(servers.sharded)) - s0.sharded) * 1000 / test.length,
    spamassassin: ((await serverCpuS(servers.spamassassin)) - s0.spamassassin) * 1000 / test.length,
  };
}

function report(lmdb: Side, reds: Record<Layout, Side>, serverMs: Record<Layout, number>, test: CorpusMessage[]): void {
  for (const layout of LAYOUTS) {
    const p = probe.redis[layout];
    // The read is in flight while the local rules run (only the Bayes evals wait for it), so its own
    // duration spans the rules; what Redis costs a scan is the whole-scan difference, in wall and CPU.
    console.log(`${layout} layout, in the scans, 1 in flight: tokens per read mean ${mean(p.tokens).toFixed(0)} (${p.tokens.length} scans read Bayes); read in flight ${mean(p.ms).toFixed(3)} ms (median ${median(p.ms).toFixed(3)}; it overlaps the local rules), LMDB lookup ${mean(probe.lmdbMs).toFixed(3)} ms (median ${median(probe.lmdbMs).toFixed(3)}); redis-server CPU ${serverMs[layout].toFixed(3)} ms per scanned message (read + touches)`);
    const diffs = lmdb.ms.map((l, i) => (reds[layout].ms[i] ?? l) - l);
    const cpuDiffs = lmdb.cpuMs.map((l, i) => (reds[layout].cpuMs[i] ?? l) - l);
    console.log(`  => whole scans, Redis minus LMDB: wall mean ${mean(diffs).toFixed(3)} ms (median ${median(diffs).toFixed(3)}; LMDB ${mean(lmdb.ms).toFixed(2)}, Redis ${mean(reds[layout].ms).toFixed(2)}), Spamward CPU mean ${mean(cpuDiffs).toFixed(3)} ms (median ${median(cpuDiffs).toFixed(3)})`);
    const figures = [mean(diffs), median(diffs), mean(cpuDiffs), median(cpuDiffs)];
    const met = figures.every((x) => x < TARGET_MS);
    console.log(`  => target (Redis costs under ${TARGET_MS} ms per message, wall and CPU, mean and median${layout === 'sharded' ? '' : '; set for the sharded layout'}): ${met ? 'met' : 'MISSED'}`);
  }
  const hams = test.filter((m) => !m.isSpam).length;
  for (const s of [lmdb, reds.sharded, reds.spamassassin]) console.log(`${s.name}: ham marked spam ${s.hamAsSpam}/${hams}, spam missed ${s.spamMissed}/${test.length - hams}`);
  for (const layout of LAYOUTS) {
    const r = reds[layout];
    const sameBand = lmdb.bands.filter((b, i) => b === r.bands[i]).length;
    const sameVerdict = lmdb.spam.filter((s, i) => s === r.spam[i]).length;
    console.log(`${layout} layout vs LMDB: BAYES_xx identical on ${sameBand}/${test.length} messages; verdict identical on ${sameVerdict}/${test.length}`);
    test.forEach((m, i) => {
      if (lmdb.bands[i] !== r.bands[i] || lmdb.spam[i] !== r.spam[i]) console.log(`  differs: ${m.id} LMDB ${lmdb.bands[i]} ${lmdb.spam[i] ? 'spam' : 'ham'}, Redis ${r.bands[i]} ${r.spam[i] ? 'spam' : 'ham'}`);
    });
    if (sameBand !== test.length || sameVerdict !== test.length) process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  instrumentStores();
  const train = loadCorpus(['easy-ham-1', 'spam-1'], learnLimit);
  const test = loadCorpus(['easy-ham-2', 'hard-ham-1', 'spam-2'], scanLimit);
  const dir = mkdtempSync(join(tmpdir(), 'spamward-redis-bench-'));
  const servers = { sharded: await startRedis(), spamassassin: await startRedis() };
  const common = ['bayes_auto_learn 0'];
  const log = (level: string, message: string): void => console.log(`[${level}] ${message}`);
  const lmdb = newSide('LMDB', await createEngine({ localTestsOnly: true, dataDir: join(dir, 'lmdb'), cfLines: common }));
  const reds: Record<Layout, Side> = {
    sharded: newSide('Redis sharded', await createEngine({ localTestsOnly: true, cfLines: [...common, ...servers.sharded.cf(1), 'bayes_redis_layout sharded'], log })),
    spamassassin: newSide('Redis spamassassin', await createEngine({ localTestsOnly: true, cfLines: [...common, ...servers.spamassassin.cf(1), 'bayes_redis_layout spamassassin'], log })),
  };
  const sides = [lmdb, reds.sharded, reds.spamassassin];
  try {
    const subsample = Number.isFinite(learnLimit) || Number.isFinite(scanLimit) ? ' (first N of each group)' : ' (the whole split)';
    console.log(`training ${train.length} messages, testing ${test.length}${subsample}; load average ${load()} on a ${cpus().length}-CPU machine`);
    await learnPhase(lmdb, reds, servers, train, dir);
    // Warm every engine (Bayes score set compiled) before timing.
    for (const s of sides) await s.engine.scan(test[0]?.raw ?? Buffer.from('Subject: x\n\nx\n'));
    const serverMs = await scanPhase(sides, servers, test);
    report(lmdb, reds, serverMs, test);
    for (const layout of LAYOUTS) {
      try {
        await replay(layout, servers[layout]);
      } catch (e) {
        console.log(`replay (${layout}) failed: ${(e as Error).message}`);
        process.exitCode = 1;
      }
    }
    console.log(`load average at the end ${load()}`);
  } finally {
    for (const s of sides) await s.engine.close();
    for (const r of Object.values(servers)) await r.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
