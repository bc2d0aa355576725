/**
 * spamd's --max-conn-per-child, honoured: Debian's spamc asks our spamd
 * (one worker, replaced after every 2 requests) six times, and gets every
 * answer right while workers are retired and their successors take over;
 * the log names each retirement.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GTUBE_RULES, miniRules } from '../helpers/mini-rules.js';
import { GTUBE } from '../helpers/spamd-fake-engine.js';
import { type Daemon, freePort, startSpamdProcess } from '../helpers/spamd-peers.js';
import { OUR_SPAMD, requireProgram, run } from '../helpers/spamd-tools.js';

const spamc = requireProgram('spamc', 'spamc');
const dir = mkdtempSync(join(tmpdir(), 'spamd-max-conn-'));
const { rules, site, remove: removeRules } = miniRules([], GTUBE_RULES);

let daemon: Daemon | undefined;
after(async () => {
  await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
  removeRules();
});

const retirements = (log: string): number => log.split('\n').filter((l) => l.includes('worker retired after')).length;

async function waitForRetirements(d: Daemon, n: number): Promise<void> {
  const until = Date.now() + 60_000;
  while (retirements(d.log()) < n) {
    if (Date.now() > until) assert.fail(`expected ${n} retirement(s) in the log:\n${d.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('spamd --max-conn-per-child', () => {
  it('replaces the worker after that many requests without losing one', async () => {
    const port = await freePort();
    const args = [OUR_SPAMD, 'spamd', '-L', '-x', '-C', rules, '--siteconfigpath', site, '-i', '127.0.0.1', '-p', String(port), '-s', 'stderr', '-m', '1', '--max-conn-per-child', '2', '--data-dir', join(dir, 'data')];
    daemon = await startSpamdProcess(process.execPath, args, port, 120_000);
    const ask = async (body: string): Promise<string> => (await run(spamc, ['-d', '127.0.0.1', '-p', String(port), '-c'], `Subject: test\n\n${body}\n`, 60_000)).stdout.toString();
    for (let round = 1; round <= 3; round++) {
      assert.equal(await ask(GTUBE), '1000.0/5.0\n', `round ${round}, GTUBE:\n${daemon.log()}`);
      assert.equal(await ask('nothing to see'), '0.0/5.0\n', `round ${round}, ham:\n${daemon.log()}`);
      // The second request of a worker's two starts its successor; it takes over once its rules are built.
      await waitForRetirements(daemon, round);
    }
    assert.match(daemon.log(), /worker retired after 2 requests \(max 2\)/);
    assert.doesNotMatch(daemon.log(), /has no effect/);
  });
});
