/**
 * `spamward learn` decides on worker threads from the cores idle now, not
 * from the one-minute load average: a thread kept busy since the learner
 * started shows up as a busy core at once.
 */
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { it } from 'node:test';
import { idleCores } from '../../../src/cli/learn/idle-cores.js';

it('counts this thread, busy since start, as a busy core', () => {
  const until = performance.now() + 300;
  let spins = 0;
  while (performance.now() < until) spins++;
  assert.ok(spins > 0);
  const idle = idleCores();
  const cores = cpus().length;
  assert.ok(idle >= 0 && idle <= cores - 0.5, `idle cores ${idle.toFixed(2)} of ${cores} while this thread spun`);
});
