/**
 * The AWL rule in a scan (SpamAssassin's check_from_in_auto_welcomelist): the
 * engine attaches the reputation store to each scan, the eval adds the AWL
 * hit with its dynamic score (the eval itself returns no hit, as in
 * SpamAssassin, which calls got_hit with the delta), and the store update
 * commits in the background; the engine waits for it before it closes.
 */
import { BackgroundWrites } from '../storage/background-writes.js';
import type { EngineConfig } from '../config/types.js';
import type { EvalFn } from '../scan/context-types.js';
import type { ScanState } from '../scan/scan-state.js';
import { awlEntryKeys, type AwlResult, type AwlSettings, awlScan, awlSettings } from './awl.js';
import type { ReputationEntry, ReputationStore } from './reputation-store.js';
import { perlFixed } from '../report/perl-format.js';

const SCRATCH_KEY = 'awl:tracker';
const UPDATE_KEY = 'awl:update';
const DUE_KEY = 'awl:due';
const READ_KEY = 'awl:read';

export class AwlTracker {
  private readonly background = new BackgroundWrites();
  private readonly settingsByConf = new WeakMap<EngineConfig, AwlSettings>();

  /** `remote`: the store is on a server (Redis), so each scan reads its entries with prefetch() before the rules run. */
  constructor(readonly store: ReputationStore, readonly remote = false) {}

  settings(conf: EngineConfig): AwlSettings {
    let s = this.settingsByConf.get(conf);
    if (!s) {
      s = awlSettings(conf);
      this.settingsByConf.set(conf, s);
    }
    return s;
  }

  /**
   * A shared store: read the scan's entries now (one round trip, the reads
   * in flight together), since the rules that use them run synchronously.
   * A failed read leaves the scan without AWL.
   */
  async prefetch(state: ScanState): Promise<void> {
    const settings = this.settings(state.conf);
    if (!this.remote || !settings.enabled) return;
    const keys = awlEntryKeys(fromOf(state), state.relays(), settings);
    try {
      const values = await Promise.all(keys.map((k) => this.store.get(k)));
      state.scratch.set(READ_KEY, new Map(keys.map((k, i) => [k, values[i]])));
    } catch (e) {
      this.updateErrors.push(e);
    }
  }

  /** Adjust one scan; returns the result for tags. */
  run(state: ScanState): AwlResult {
    const settings = this.settings(state.conf);
    const from = fromOf(state);
    const read = state.scratch.get(READ_KEY) as Map<string, ReputationEntry | undefined> | undefined;
    // A shared store that was not read (down, or a synchronous scan) gives no AWL rather than a wrong one.
    if (this.remote && !read) return { delta: 0, mean: undefined, count: 0, prescore: 0, skipped: 'reputation store not read' };
    const reader = read ? { get: (k: string) => read.get(k) } : undefined;
    const hits = state.hits.scored.map((h) => ({ name: h.name, score: h.score }));
    const { result, update } = awlScan(this.store, { conf: state.conf, from, relays: state.relays(), hits, update: true }, settings, reader);
    if (update) {
      state.scratch.set(UPDATE_KEY, this.background.track(update));
    }
    return result;
  }

  async flush(): Promise<void> {
    await this.background.flush();
  }

  /** Failed reads and background updates (a scan never fails on them). */
  get updateErrors(): unknown[] {
    return this.background.errors;
  }
}

function fromOf(state: ScanState): string {
  return (state.headerList('From:addr')[0] ?? '').toLowerCase();
}

/** Resolves once this scan's reputation update is committed (at once when there is none). */
export async function awlUpdateOf(state: ScanState): Promise<void> {
  await (state.scratch.get(UPDATE_KEY) as Promise<unknown> | undefined);
}

export function attachAwl(state: ScanState, tracker: AwlTracker): void {
  if (tracker.settings(state.conf).enabled) state.scratch.set(SCRATCH_KEY, tracker);
}

/**
 * check_from_in_auto_welcomelist(): marks the scan for AWL. The adjustment
 * itself waits for finishAwl, after the metas: AWL (priority 1000) must see
 * every other rule's score, and the evaluator decides metas last.
 */
export const checkAwlEval: EvalFn = (ctx) => {
  if (ctx.scratch.get(SCRATCH_KEY) instanceof AwlTracker) ctx.scratch.set(DUE_KEY, true);
  return false;
};

/**
 * Hit AWL with the delta as its dynamic score (when it is not 0), once per
 * scan. As in SpamAssassin the score is the delta printed with three
 * decimals, and that text is what `_TESTSSCORES_` shows (`AWL=1.500`); a
 * delta below half a thousandth still hits, as `AWL=0.000`.
 */
export function finishAwl(state: ScanState): void {
  const tracker = state.scratch.get(SCRATCH_KEY);
  if (!(tracker instanceof AwlTracker) || state.scratch.get(DUE_KEY) !== true) return;
  state.scratch.set(DUE_KEY, false);
  const r = tracker.run(state);
  if (r.mean !== undefined) {
    state.setTag('AWL', r.delta.toFixed(1));
    state.setTag('AWLMEAN', r.mean.toFixed(1));
    state.setTag('AWLCOUNT', r.count.toFixed(1));
    state.setTag('AWLPRESCORE', r.prescore.toFixed(1));
  }
  if (r.delta === 0) return;
  const text = perlFixed(r.delta, 3);
  if (state.hits.hit('AWL', Number(text), 'AWL: ', false)) (state.hits.scoreTexts ??= new Map()).set('AWL', text);
}
