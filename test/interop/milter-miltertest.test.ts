/**
 * opendkim's miltertest (Debian package `miltertest`) plays the MTA against
 * `spamward milter` with the real engine and rules.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { miltertest } from '../helpers/miltertest.js';
import { requireProgram, startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { startTogether } from '../helpers/start-together.js';

let tagging: MilterProcess;
let rejecting: MilterProcess;
let dataDir: string;

before(async () => {
  requireProgram('miltertest', ['-h'], 'apt-get install miltertest');
  dataDir = mkdtempSync(join(tmpdir(), 'milter-interop-'));
  const common = ['--data-dir', dataDir, '--scan-timeout', '120', '--local'];
  [tagging, rejecting] = await startTogether([
    startMilterProcess(common),
    startMilterProcess([...common, '--reject-score', '-1', '--reject-text', 'Spam rejected by Spamward']),
  ]);
});

after(async () => {
  await Promise.all([tagging?.stop(), rejecting?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

test('accept: ham gets X-Spam-Status: No', () => miltertest('accept.lua', tagging.port));
test('tag: GTUBE is marked and forged verdict headers are deleted', () => miltertest('tag.lua', tagging.port));
test('reject: GTUBE gets 550 5.7.1 from a milter rejecting at the required_score (-1), ham is accepted', () => miltertest('reject.lua', rejecting.port));
test('multi-message connection', () => miltertest('multi.lua', tagging.port));
test('abort mid-message, then a fresh message', () => miltertest('abort.lua', tagging.port));
test('the milter logged one line per judged message and no errors', async () => {
  const deadline = Date.now() + 5000;
  while ((tagging.log().match(/score=/g) ?? []).length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const log = tagging.log();
  assert.ok((log.match(/score=/g) ?? []).length >= 6, log);
  assert.doesNotMatch(log, / error: /);
});
