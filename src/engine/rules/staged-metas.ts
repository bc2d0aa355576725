/**
 * Metas evaluated as SpamAssassin evaluates them, priority by priority: at
 * the end of each priority every meta whose inputs have all run is
 * evaluated. Only a shortcircuit can tell this apart from evaluating every
 * meta at the end (runMetas), so it is used only when the Shortcircuit plugin
 * has something to act on: a meta that hits early can then end the scan
 * before the later priorities run, and a scan that ends leaves unevaluated
 * the metas whose inputs were not all in.
 *
 * A meta is ready after the last priority any rule it reads (through other
 * metas too) runs at. One that reads a rule that never runs in the loop (not
 * compiled in this score set, or a network rule, whose answer is joined at
 * the end) is ready only in the final pass, as SpamAssassin marks such rules
 * done only then.
 */
import type { ScanState } from '../scan/scan-state.js';
import type { CompiledRuleSet } from './compiled-types.js';
import { metaPlan, type MetaPlan } from './meta-evaluate.js';

const FINAL_PASS = Infinity;

interface Schedule {
  /** Meta positions (in the plan's `metas`) in evaluation order: by readiness, then pass, then position. */
  order: Int32Array;
  /** Per entry of `order`: the priority after which that meta is ready. */
  readyAt: Float64Array;
}

const schedules = new WeakMap<CompiledRuleSet, Schedule>();

function scheduleOf(ruleSet: CompiledRuleSet, plan: MetaPlan): Schedule {
  let s = schedules.get(ruleSet);
  if (s) return s;
  const ranAt = new Map<string, number>();
  for (const b of ruleSet.buckets) {
    for (const list of [b.header, b.headerEval, b.body, b.uri, b.bodyEval, b.rawbody, b.rawbodyEval, b.full, b.fullEval]) {
      for (const rule of list) ranAt.set(rule.name, rule.kind === 'eval' && rule.def.net ? FINAL_PASS : b.priority);
    }
  }
  const { metas } = plan;
  const position = new Map(metas.map((m, i) => [m.name, i]));
  const ready = new Float64Array(metas.length);
  // The pass within its priority: a meta reading another meta ready at the same time comes a pass later.
  const pass = new Int32Array(metas.length);
  // Metas come dependencies first, so each one's inputs are placed before it.
  metas.forEach((meta, i) => {
    let at = -Infinity;
    for (const dep of meta.deps) if (dep !== 'local_tests_only') at = Math.max(at, ranAt.get(dep) ?? FINAL_PASS);
    let p = 0;
    for (const dep of meta.deps) {
      const d = position.get(dep);
      if (d !== undefined && ready[d] === at) p = Math.max(p, pass[d]! + 1);
    }
    ready[i] = at;
    pass[i] = p;
    ranAt.set(meta.name, at);
  });
  const order = Int32Array.from(metas.keys()).sort((a, b) => ready[a]! - ready[b]! || pass[a]! - pass[b]! || a - b);
  s = { order, readyAt: Float64Array.from(order, (i) => ready[i]!) };
  schedules.set(ruleSet, s);
  return s;
}

/** One scan's progress through the schedule. */
export class StagedMetas {
  private readonly plan: MetaPlan;
  private readonly schedule: Schedule;
  private next = 0;
  /** Per meta: 1 when an input may differ from the empty message's (it must be evaluated). */
  private readonly dirty: Uint8Array;
  /** How many of the hit table's rules have had their readers marked. */
  private seenHits = 0;

  constructor(private readonly state: ScanState, ruleSet: CompiledRuleSet) {
    this.plan = metaPlan(ruleSet, state.scoreSet & 1 ? 0 : 1);
    this.schedule = scheduleOf(ruleSet, this.plan);
    this.dirty = new Uint8Array(this.plan.metas.length);
  }

  /**
   * Evaluates the metas ready once `priority` has run (Infinity: the final
   * pass), pass by pass as SpamAssassin does; a shortcircuit does not end the
   * passes. The order of hits matters to the shortcircuit score thresholds,
   * which act on the hit after the score crosses them.
   */
  runReadyAfter(priority: number): void {
    const { order, readyAt } = this.schedule;
    if (this.next >= order.length || readyAt[this.next]! > priority) return;
    const { metas, baseline } = this.plan;
    const hits = this.state.hits;
    const local = this.state.scoreSet & 1 ? 0 : 1;
    const value = (name: string): number => (name === 'local_tests_only' ? local : hits.value(name));
    this.markNewHits();
    for (; this.next < order.length && readyAt[this.next]! <= priority; this.next++) {
      const i = order[this.next]!;
      const meta = metas[i]!;
      let result = baseline[i]!;
      if (this.dirty[i]) {
        this.state.enterRule(meta);
        result = meta.evaluate(value);
        if (result !== baseline[i]) this.markReaders(meta.name);
      }
      if (result) hits.hit(meta.name, meta.score, '', meta.multiple, result);
      // The meta's own readers were marked above when it left its empty-message value; what else its
      // hit recorded (SHORTCIRCUIT) is new to the readers.
      this.markNewHits(meta.name);
    }
  }

  /** Marks the readers of the rules hit since the last look (the hit table keeps insertion order). */
  private markNewHits(except?: string): void {
    const values = this.state.hits.values;
    if (values.size === this.seenHits) return;
    let k = 0;
    for (const name of values.keys()) if (k++ >= this.seenHits && name !== except) this.markReaders(name);
    this.seenHits = values.size;
  }

  private markReaders(name: string): void {
    const readers = this.plan.readers.get(name);
    if (readers) for (const i of readers) this.dirty[i] = 1;
  }
}
