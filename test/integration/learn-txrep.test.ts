/**
 * `spamward learn` with TxRep on: the worker-thread learner (`--jobs 2`)
 * leaves the same TxRep entries as the serial one (`--jobs 0`) over a run
 * of learns, relearns of the other class and forgets, and `Engine.learn`
 * of the same messages in the same order agrees with both. Targets of
 * different classes in one run (`--spam a --ham b`) leave what two runs do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import { TXREP_NAMESPACE } from '../../src/engine/reputation/txrep-keys.js';
import { LmdbEnvironment } from '../../src/engine/storage/lmdb-environment.js';
import { LmdbReputationStore } from '../../src/engine/storage/lmdb-reputation-store.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const FLAGS = ['-L', '-x', '--pre=loadplugin Mail::SpamAssassin::Plugin::TxRep', '--cf=use_txrep 1'];

/** Ten senders over four relays, so identities are shared across messages. */
function message(i: number): string {
  return [
    `Received: from relay${i % 4}.example (relay${i % 4}.example [203.0.113.${(i % 4) + 1}]) by mx.example.net with ESMTP id Q${i}; Tue, 6 Jan 2026 09:00:01 +0000`,
    `From: Sender ${i % 10} <s${i % 10}@domain${i % 3}.example>`,
    'To: dave@example.net',
    `Subject: message ${i}`,
    'Date: Tue, 6 Jan 2026 09:00:00 +0000',
    `Message-ID: <m-${i}@example.org>`,
    '',
    `Body of message ${i}.`,
    '',
  ].join('\n');
}

function folder(dir: string, from: number, to: number): string {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) writeFileSync(join(dir, `${String(i).padStart(3, '0')}.eml`), message(i));
  return dir;
}

function txrepEntries(dataDir: string): string[] {
  const env = LmdbEnvironment.open(dataDir);
  try {
    return [...new LmdbReputationStore(env).entries()].filter(([k]) => k.startsWith(TXREP_NAMESPACE)).map(([k, e]) => `${k} ${e.count} ${e.total}`).sort();
  } finally {
    void env.close();
  }
}

describe('spamward learn with TxRep', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-learn-txrep-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  // Learn 0..99 as spam, relearn 0..69 as ham (Bayes relearns: TxRep forgets first), forget 50..79.
  const steps: [string, string][] = [['spam', folder(join(root, 'a'), 0, 100)], ['ham', folder(join(root, 'b'), 0, 70)], ['forget', folder(join(root, 'c'), 50, 80)]];

  it('workers, serial and Engine.learn end with the same entries', { timeout: 300_000 }, async () => {
    const byJobs = ['0', '2'].map((jobs) => {
      const dataDir = join(root, `jobs-${jobs}`);
      for (const [what, dir] of steps) {
        const r = spawnSync(process.execPath, [CLI, 'learn', `--${what}`, dir, '--jobs', jobs, '--data-dir', dataDir, ...FLAGS], { encoding: 'latin1', timeout: 120_000 });
        assert.equal(r.status, 0, r.stderr);
      }
      return txrepEntries(dataDir);
    });
    assert.deepEqual(byJobs[1], byJobs[0]);
    assert.ok((byJobs[0]?.length ?? 0) > 20, `entries: ${byJobs[0]?.length}`);

    const dataDir = join(root, 'engine');
    const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir, preLines: [FLAGS[2]?.slice(6) ?? ''], cfLines: ['use_txrep 1'] });
    try {
      for (const [what, dir] of steps) {
        for (const f of readdirSync(dir).sort()) await engine.learn(readFileSync(join(dir, f)), what as 'spam' | 'ham' | 'forget');
      }
    } finally {
      await engine.close();
    }
    assert.deepEqual(txrepEntries(dataDir), byJobs[0]);
  });

  it('learns each target of one run as its own class', { timeout: 300_000 }, () => {
    const spamDir = folder(join(root, 'mixed-spam'), 100, 130);
    const hamDir = folder(join(root, 'mixed-ham'), 130, 160);
    const learn = (dataDir: string, args: string[]): void => {
      const r = spawnSync(process.execPath, [CLI, 'learn', ...args, '--jobs', '0', '--data-dir', dataDir, ...FLAGS], { encoding: 'latin1', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
    };
    const oneRun = join(root, 'one-run');
    learn(oneRun, ['--spam', spamDir, '--ham', hamDir]);
    const twoRuns = join(root, 'two-runs');
    learn(twoRuns, ['--spam', spamDir]);
    learn(twoRuns, ['--ham', hamDir]);
    assert.deepEqual(txrepEntries(oneRun), txrepEntries(twoRuns));
  });
});
