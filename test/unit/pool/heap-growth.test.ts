import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { HEAP_GROWING_PERCENT } from '../../../src/pool/heap-growth.js';

const HEAP_GROWTH_URL = new URL('../../../src/pool/heap-growth.js', import.meta.url).href;
const FULL_GC_URL = new URL('../../../src/pool/full-gc.js', import.meta.url).href;

/**
 * A process shaped like a worker (small young generation, 30 MB of live
 * objects after a full collection, then objects that live long enough to be
 * promoted and die), printing how large its old space grew. Each run is its
 * own process: the setting is a V8 flag, process-wide.
 */
function peakOldSpaceMb(limited: boolean): { peak: number; live: number } {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { limitHeapGrowth } = await import(${JSON.stringify(HEAP_GROWTH_URL)});
    const { collectGarbage } = await import(${JSON.stringify(FULL_GC_URL)});
    if (${limited}) limitHeapGrowth();
    const old = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
    const live = Array.from({ length: 400 }, (_, i) => Array.from({ length: 1000 }, (_, n) => ({ i, n, text: 'rule ' + i + '.' + n })));
    collectGarbage();
    const liveMb = old().space_used_size / 1048576;
    let peak = 0;
    let held = [];
    for (let r = 0; r < 300; r++) {
      held.push(Array.from({ length: 20000 }, (_, n) => ({ n, text: 'line ' + r + '.' + n })));
      if (held.length > 4) held = held.slice(2);
      peak = Math.max(peak, old().space_size / 1048576);
    }
    console.log(JSON.stringify({ peak, live: liveMb, kept: live.length }));`;
  const out = execFileSync(process.execPath, ['--max-semi-space-size=2', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { peak: number; live: number };
}

test('a worker collects its old space before it grows far past the live objects', () => {
  const free = peakOldSpaceMb(false);
  const limited = peakOldSpaceMb(true);
  const note = `old space peaked at ${limited.peak.toFixed(0)} MB (V8's own limit: ${free.peak.toFixed(0)} MB) for ${limited.live.toFixed(0)} MB live`;
  assert.ok(limited.peak < free.peak * 0.8, note);
  // 1.5x the live objects, plus what is promoted while a collection runs.
  assert.ok(limited.peak < limited.live * (1 + HEAP_GROWING_PERCENT / 100) + 40, note);
});
