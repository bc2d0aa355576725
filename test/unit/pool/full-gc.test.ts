import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectGarbage } from '../../../src/pool/full-gc.js';

function oldSpace(): { committed: number; live: number } {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'old_space');
  assert.ok(s, 'V8 reports an old space');
  return { committed: s.space_size, live: s.space_used_size };
}

test('the start-up collection gives back the pages that only garbage held (it compacts)', () => {
  // A heap like a worker's after its build: many objects promoted to old space, then most dropped,
  // so the survivors are spread thinly over every page.
  const all: { n: number; text: string }[][] = [];
  for (let i = 0; i < 400; i++) all.push(Array.from({ length: 1000 }, (_, n) => ({ n, text: `rule ${i}.${n}` })));
  collectGarbage();
  collectGarbage();
  const kept = all.map((chunk) => chunk.filter((_, n) => n % 8 === 0));
  all.length = 0;
  const before = oldSpace();
  collectGarbage();
  const after = oldSpace();
  assert.ok(kept.length === 400, 'the survivors stay reachable');
  const slackMb = (after.committed - after.live) / 1048576;
  assert.ok(after.live < before.live, 'the garbage was collected');
  assert.ok(slackMb < 4, `old space keeps ${slackMb.toFixed(1)} MB beyond its live objects`);
});
