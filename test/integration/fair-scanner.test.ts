/**
 * With the real in-process engine, `spamward serve`'s scanner wrapper lets
 * the event loop turn between scans, so sockets are served while a backlog
 * of scans runs; and it reports that backlog as queued.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fairScanner } from '../../src/cli/serve/fair-scanner.js';
import { openScanner } from '../../src/cli/scanner.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('a timer set while 12 scans are pending fires before the last scan ends; the backlog shows as queued', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fair-scanner-'));
  const scanner = fairScanner(
    await openScanner({ engine: { configPath: join(ROOT, 'rules'), dataDir, localTestsOnly: true, preLines: [], cfLines: ['use_bayes 0'], noUserConfig: true } }),
  );
  try {
    const message = readFileSync(join(ROOT, 'samples', 'sample-spam.eml'));
    let finished = 0;
    const scans = Array.from({ length: 12 }, () => scanner.scan(message).then((v) => (finished++, v)));
    const queuedAtStart = scanner.stats().queued;
    const finishedWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(finished), 0));
    const verdicts = await Promise.all(scans);
    assert.ok(verdicts.every((v) => v.isSpam));
    assert.ok(queuedAtStart >= 12 - scanner.stats().workers, `queued ${queuedAtStart}`);
    assert.ok(finishedWhenTimerFired < 12, `the timer waited for all ${finishedWhenTimerFired} scans`);
    assert.equal(scanner.stats().queued, 0);
  } finally {
    await scanner.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
