import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMilterFuzz } from '../../../helpers/milter-fuzz.js';

test('100,000 random, mutated and truncated inputs: only ProtocolErrors, bounded buffering, bounded time', () => {
  const started = Date.now();
  const stats = runMilterFuzz(100_000, 20261126);
  assert.equal(stats.cases, 100_000);
  assert.ok(stats.protocolErrors > 1000, 'the mutations do reach the error paths');
  assert.ok(stats.frames > stats.cases, 'valid frames reach the session');
  assert.ok(stats.maxPending <= 65540);
  assert.ok(Date.now() - started < 60_000, 'finished in bounded time');
});
