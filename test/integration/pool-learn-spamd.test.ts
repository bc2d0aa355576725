/**
 * Learning through the scanning pool from Debian's spamc (`-L`, TELL): the
 * worker that learns and the one asked again share the store, and the learn
 * outlives the daemon (a second daemon on the same data folder knows it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, spamcRequest } from '../bench/lib/real-spamd.js';
import { OUR_SPAMD, requireProgram, run } from '../helpers/spamd-tools.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/rules/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'pool-learn-spamd-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const SPAM = 'From: a@example.org\nTo: b@example.com\nSubject: cheap widgets\nMessage-ID: <pool-tell-1@example.org>\n\nbuy cheap widgets now\n';

async function startSpamd(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [OUR_SPAMD, 'spamd', '-L', '-i', '127.0.0.1', '-p', String(port), '-s', 'stderr', '--allow-tell', '-m', '2',
    '-C', join(FIXTURES, 'types'), '--siteconfigpath', join(FIXTURES, 'empty-site'), '--data-dir', dataDir, '--cf=use_bayes 1', '--cf=bayes_auto_learn 0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`spamd exited: ${log}`);
    const pong = await spamcRequest(port, 'PING', Buffer.alloc(0), { noBody: true }).catch(() => undefined);
    if (pong?.status.includes('PONG')) break;
    if (Date.now() > until) throw new Error(`spamd did not answer: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}

it('spamc -L learns through the pool, and the learn is durable', async () => {
  const spamc = requireProgram('spamc', 'spamc');
  const first = await startSpamd();
  const learn = (port: number) => run(spamc, ['-p', String(port), '-L', 'spam'], SPAM);
  assert.equal((await learn(first.port)).stdout.toString(), 'Message successfully un/learned\n');
  const again = await Promise.all([learn(first.port), learn(first.port)]);
  assert.deepEqual(again.map((r) => r.stdout.toString()), ['Message was already un/learned\n', 'Message was already un/learned\n']);
  await first.stop();
  const second = await startSpamd();
  try {
    assert.equal((await learn(second.port)).stdout.toString(), 'Message was already un/learned\n');
  } finally {
    await second.stop();
  }
});
