import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleWorkers } from '../../../src/pool/idle-workers.js';

test('scans one at a time go round every worker, not to the one freed last', () => {
  const idle = new IdleWorkers<string>();
  idle.reset(['w1', 'w2', 'w3']);
  const used: string[] = [];
  for (let i = 0; i < 6; i++) {
    const w = idle.take();
    assert.ok(w !== undefined);
    used.push(w);
    idle.give(w); // the scan finished before the next one came
  }
  assert.deepEqual(used, ['w1', 'w2', 'w3', 'w1', 'w2', 'w3']);
});

test('a worker removed while idle is never handed out; all busy gives undefined', () => {
  const idle = new IdleWorkers<string>();
  idle.reset(['w1', 'w2']);
  idle.remove('w1');
  assert.equal(idle.size, 1);
  assert.equal(idle.take(), 'w2');
  assert.equal(idle.take(), undefined);
  idle.give('w3');
  assert.equal(idle.take(), 'w3');
});
