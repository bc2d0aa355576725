/**
 * Expiry of the sharded layout, where tokens carry their atime and no TTL.
 * A pass walks every shard with HSCAN, one small page per script call
 * (SHARDED_EXPIRE_STEP), so a scan's read never waits behind more than one
 * page. The pass state lives in Redis (`v:EXPIRY`): every scanner sharing the
 * database advances the same pass, and a pass survives restarts.
 *
 * What it removes means what the LMDB store's expiry means
 * (src/engine/bayes/expiry.ts): past bayes_expiry_max_db_size, the tokens
 * older than the atime delta chosen the same way, keeping at least 100 000,
 * at most every 12 hours. The delta needs the tokens' age histogram, which a
 * pass gathers as it goes: a pass over a database that has none yet only
 * measures, and the pass that cuts follows at once.
 * bayes_token_ttl keeps its meaning for SpamAssassin's layout only (Redis
 * TTLs there); an age limit on message times here would drop a corpus of
 * old mail the moment newer mail arrives.
 *
 * Passes start after a learn (or a scan) once due; the process that starts
 * one, or finds one running, runs its steps in the background,
 * STEP_PAUSE_MS apart.
 */
import { chooseAtimeDelta, EXPIRY_PERIOD, type ExpiryResult, expiryReduction, MIN_KEEP, MIN_REDUCE } from '../bayes/expiry.js';
import type { LayoutContext } from './redis-layout.js';
import { EXPIRY_BINS, SHARDED_EXPIRE_START, SHARDED_EXPIRE_STEP } from './redis-sharded-scripts.js';

/** Fields one step examines (an HSCAN COUNT hint): about 0.3 ms of server time on a loaded 2-core machine. */
const STEP_COUNT = 100;
/** Redis serves other clients between two scripts anyway; the pause only keeps a pass from hogging the scanner. */
const STEP_PAUSE_MS = 1;
/** After finding no pass due, this process does not look again for this long. */
const RECHECK_MS = 60_000;
/** A pass's histogram decides the next pass's cutoff if that starts within this time (seconds). */
const HISTOGRAM_FRESH_S = 3600;

type Scripted = {
  swShardExpireStep(n: number, ...args: (Buffer | string | number)[]): Promise<string>;
  swShardExpireStart(n: number, ...args: (Buffer | string | number)[]): Promise<number>;
};

const MAGIC = ['NTOKENS', 'NEWEST_TOKEN_AGE', 'OLDEST_TOKEN_AGE', 'LAST_EXPIRE', 'LAST_ATIME_DELTA', 'LAST_EXPIRE_REDUCE'] as const;
type Counters = Record<(typeof MAGIC)[number], number>;

interface Plan {
  cutoff: number;
  ref: number;
  sized: boolean;
  /** False when nothing calls for a pass now (a forced one still runs). */
  due: boolean;
}

export class ShardedExpiry {
  private running: Promise<void> | undefined;
  private notDueUntil = 0;
  private stopped = false;
  /** Steps this process ran (for tests and the benchmark). */
  steps = 0;

  constructor(private readonly ctx: LayoutContext, private readonly shards: number) {
    ctx.conn.client.defineCommand('swShardExpireStep', { lua: SHARDED_EXPIRE_STEP });
    ctx.conn.client.defineCommand('swShardExpireStart', { lua: SHARDED_EXPIRE_START });
  }

  /** After a learn: join the running pass, or start one when due, in the background. Never rejects. */
  maintain(maxDbSize: number, now: number): Promise<void> {
    if (this.running || this.stopped || Date.now() < this.notDueUntil) return Promise.resolve();
    this.running = this.background(maxDbSize, now).catch(() => undefined).finally(() => { this.running = undefined; });
    return this.running;
  }

  /**
   * A whole expiry now, stepping without pause: the running pass is
   * finished; then, when the database is past the size goal, a measuring
   * pass if there is no histogram yet, and the pass that cuts.
   */
  async runPass(maxDbSize: number, now: number): Promise<ExpiryResult> {
    if ((await this.state())['state'] === 'run') await this.finish(now);
    let m = await this.counters();
    const result = (reason: string, removed = 0, delta = 0): ExpiryResult => ({ ran: removed > 0, removed, kept: m.NTOKENS, delta, reason });
    if (expiryReduction(m.NTOKENS, maxDbSize) < MIN_REDUCE) return result('not enough tokens to expire');
    let state = await this.state();
    let plan = this.plan(state, m, maxDbSize, now);
    if (!plan.sized) {
      await this.start(state, plan);
      await this.finish(now);
      state = await this.state();
      plan = this.plan(state, await this.counters(), maxDbSize, now);
      if (!plan.sized) return result('no atime delta would remove enough tokens');
    }
    await this.start(state, plan);
    await this.finish(now);
    state = await this.state();
    m = await this.counters();
    return result('expired', Number(state['removed'] ?? 0), plan.ref - plan.cutoff);
  }

  private async finish(now: number): Promise<void> {
    while ((await this.step(now)) === 'step') await new Promise((r) => setImmediate(r));
  }

  /** Stop stepping (the pass stays in Redis for whoever learns next). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async background(maxDbSize: number, now: number): Promise<void> {
    const state = await this.state();
    if (state['state'] !== 'run') {
      const plan = this.plan(state, await this.counters(), maxDbSize, now);
      if (!plan.due) {
        this.notDueUntil = Date.now() + RECHECK_MS;
        return;
      }
      await this.start(state, plan);
    }
    while (!this.stopped && (await this.step(now)) === 'step') await new Promise((r) => setTimeout(r, STEP_PAUSE_MS));
  }

  /**
   * The cutoff of the next pass (0: a pass that only measures), and whether
   * one is due: as the LMDB store's expiryDue, or at once when the last pass
   * only measured a database past its size.
   */
  private plan(state: Record<string, string>, m: Counters, maxDbSize: number, now: number): Plan {
    const reduction = expiryReduction(m.NTOKENS, maxDbSize);
    const cutoff = reduction >= MIN_REDUCE ? this.sizeCutoff(state, m, reduction, now) : undefined;
    const oversize = reduction >= MIN_REDUCE && m.NTOKENS > MIN_KEEP && m.NTOKENS >= maxDbSize && m.NEWEST_TOKEN_AGE - m.OLDEST_TOKEN_AGE >= EXPIRY_PERIOD;
    const measured = state['sized'] === '0' && cutoff !== undefined;
    return { cutoff: cutoff ?? 0, ref: m.NEWEST_TOKEN_AGE, sized: cutoff !== undefined, due: oversize && (now - m.LAST_EXPIRE >= EXPIRY_PERIOD || measured) };
  }

  private sizeCutoff(state: Record<string, string>, m: Counters, reduction: number, now: number): number | undefined {
    const histRef = Number(state['ref'] ?? 0);
    // Only a fresh histogram: the pass before this one, not the one of 12 hours ago.
    if (state['state'] !== 'done' || histRef === 0 || now - Number(state['ended'] ?? 0) > HISTOGRAM_FRESH_S) return undefined;
    // Bins hold tokens at least EXPIRY_PERIOD × 2^b older than the histogram's reference.
    const olderThan = (age: number): number => {
      let b = 0;
      while (b + 1 < EXPIRY_BINS && EXPIRY_PERIOD * 2 ** (b + 1) <= age) b++;
      return Number(state[`h${b}`] ?? 0);
    };
    const last = { lastExpire: m.LAST_EXPIRE, lastAtimeDelta: m.LAST_ATIME_DELTA, lastExpireReduce: m.LAST_EXPIRE_REDUCE };
    const delta = chooseAtimeDelta(olderThan, last, reduction, now);
    if (delta === undefined || Number(state['kept'] ?? 0) - olderThan(delta) < MIN_KEEP) return undefined;
    return histRef - delta;
  }

  private async start(state: Record<string, string>, plan: Plan): Promise<void> {
    const k = this.ctx.keys;
    await this.ctx.run(() => this.script().swShardExpireStart(1, k.magic('EXPIRY'), state['pass'] ?? '0', plan.cutoff, plan.ref, plan.sized ? '1' : '0'));
  }

  private async step(now: number): Promise<string> {
    const k = this.ctx.keys;
    const keys = ['EXPIRY', 'NTOKENS', 'OLDEST_TOKEN_AGE', 'LAST_EXPIRE', 'LAST_EXPIRE_REDUCE', 'LAST_ATIME_DELTA'].map((n) => k.magic(n));
    const r = await this.ctx.run(() => this.script().swShardExpireStep(keys.length, ...keys, k.shardPrefix(), this.shards, STEP_COUNT, now));
    this.steps++;
    return r;
  }

  private async state(): Promise<Record<string, string>> {
    return this.ctx.run(() => this.ctx.conn.client.hgetall(this.ctx.keys.magic('EXPIRY')));
  }

  private async counters(): Promise<Counters> {
    const values = await this.ctx.run(() => this.ctx.conn.client.mget(...MAGIC.map((n) => this.ctx.keys.magic(n))));
    return Object.fromEntries(MAGIC.map((n, i) => [n, Number(values[i]) || 0])) as Counters;
  }

  private script(): Scripted {
    return this.ctx.conn.client as unknown as Scripted;
  }
}
