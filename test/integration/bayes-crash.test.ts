/**
 * Durability of the LMDB Bayes store. A child process (this same file, run
 * with SPAMWARD_BAYES_CHILD set) learns messages and prints each one it got
 * acknowledged; the parent kills it with SIGKILL at random moments. After
 * every kill the database must open, and its spam count must be the number
 * of acknowledged learns (plus at most the one committed but not yet
 * printed when the signal landed). A second test runs two learners and a
 * reader on one database at once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { learnMessage } from '../../src/engine/bayes/learn.js';
import { LmdbBayesStore } from '../../src/engine/storage/lmdb-bayes-store.js';
import { LmdbEnvironment } from '../../src/engine/storage/lmdb-environment.js';

const SELF = fileURLToPath(import.meta.url);
const KEYS_PER_MESSAGE = 300;

/** Deterministic token keys for message `n` of learner `who`: some shared, some unique. */
function keysFor(who: string, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < KEYS_PER_MESSAGE; i++) {
    const seed = i % 3 === 0 ? `shared-${i}` : `${who}-${n}-${i}`;
    out.push(createHash('sha1').update(seed).digest().subarray(15));
  }
  return out;
}

async function childMain(dir: string, who: string, count: number, scan: boolean): Promise<void> {
  const store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
  writeSync(1, 'ready\n');
  for (let n = 0; n < count; n++) {
    if (scan) store.getTokens(keysFor('a', n));
    await learnMessage(store, { keys: keysFor(who, n), ids: [`${who}-${n}@test`], isSpam: true, atime: 1_700_000_000 + n });
    writeSync(1, `${n}\n`);
  }
  await store.close();
}

const childEnv = process.env['SPAMWARD_BAYES_CHILD'];
if (childEnv !== undefined) {
  const [dir, who, count, scan] = childEnv.split('|');
  await childMain(dir as string, who as string, Number(count), scan === 'scan');
} else {
  runTests();
}

function startChild(dir: string, who: string, count: number, scan = false): { proc: ChildProcess; ready: () => boolean; acks: () => number; done: Promise<number | null> } {
  const proc = spawn(process.execPath, [SELF], { env: { ...process.env, SPAMWARD_BAYES_CHILD: `${dir}|${who}|${count}|${scan ? 'scan' : ''}` }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number | null>((res) => proc.on('close', (code) => res(code)));
  return { proc, ready: () => out.startsWith('ready\n'), acks: () => out.split('\n').filter((l) => /^\d+$/.test(l)).length, done };
}

function runTests(): void {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'spamward-crash-'));
    dirs.push(d);
    return d;
  };

  describe('LMDB Bayes store under SIGKILL', () => {
    it('opens after every kill and holds exactly the acknowledged learns', { timeout: 240_000 }, async () => {
      const dir = tempDir();
      let acknowledged = 0;
      const started = Date.now();
      for (let round = 0; round < 50; round++) {
        const child = startChild(dir, `r${round}`, 1000);
        // Once the learner has opened the database, wait for a random number of acknowledgements, then kill mid-stream.
        const target = Math.floor(Math.random() * 4);
        const deadline = Date.now() + 15_000;
        while ((!child.ready() || child.acks() < target) && child.proc.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        await new Promise((r) => setTimeout(r, Math.random() * 15));
        child.proc.kill('SIGKILL');
        await child.done;
        const acks = child.acks();
        const store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
        const nspam = store.magic().nspam;
        // No half-applied learn: a token every message carries counts exactly the learned messages.
        const shared = store.getTokens([createHash('sha1').update('shared-0').digest().subarray(15)])[0]?.spam ?? 0;
        const seen = [...store.seenEntries()].length;
        await store.close();
        assert.equal(shared, nspam, `round ${round}: token count ${shared}, nspam ${nspam}`);
        assert.equal(seen, nspam, `round ${round}: seen ${seen}, nspam ${nspam}`);
        assert.ok(nspam >= acknowledged + acks && nspam <= acknowledged + acks + 1, `round ${round}: nspam ${nspam}, acknowledged ${acknowledged + acks}`);
        acknowledged = nspam;
      }
      assert.ok(acknowledged >= 25, `only ${acknowledged} learns in 50 rounds: the kills did not land mid-stream`);
      assert.ok(Date.now() - started < 230_000);
    });
  });

  describe('LMDB Bayes store with concurrent processes', () => {
    it('two learners and a scanning reader never lose an update', { timeout: 60_000 }, async () => {
      const dir = tempDir();
      const a = startChild(dir, 'a', 40, true);
      const b = startChild(dir, 'b', 40, true);
      assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
      const store = new LmdbBayesStore(LmdbEnvironment.open(dir), true);
      const m = store.magic();
      assert.equal(m.nspam, 80);
      // Shared keys were learned by all 80 messages; none lost an increment.
      const shared = createHash('sha1').update('shared-0').digest().subarray(15);
      assert.equal(store.getTokens([shared])[0]?.spam, 80);
      assert.equal([...store.seenEntries()].length, 80);
      await store.close();
    });
  });
}
