/**
 * `spamward milter` as a daemon with the real engine: unix socket owner and
 * mode, dropping root (-u), SIGHUP reload while serving, SIGTERM exit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMta } from '../helpers/fake-mta.js';
import { startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { hamMessage } from '../helpers/milter-harness.js';
import { lookupUser } from '../../milter/privileges.js';

let dir: string;
let milter: MilterProcess;
const nobody = lookupUser('nobody');

before(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test checks dropping root: run it as root');
  dir = mkdtempSync(join(tmpdir(), 'milter-cli-'));
  chmodSync(dir, 0o755);
  const sock = join(dir, 'milter.sock');
  milter = await startMilterProcess([
    '--listen', `unix:${sock}`, '--socket-owner', 'nobody', '--socket-mode', '660', '-u', 'nobody',
    '--data-dir', join(dir, 'data'), '--local', '--scan-timeout', '120',
  ]);
});

after(async () => {
  await milter?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the socket has the requested owner and mode, and the process runs as the user', () => {
  const st = statSync(join(dir, 'milter.sock'));
  assert.equal(st.mode & 0o777, 0o660);
  assert.equal(st.uid, nobody.uid);
  const status = readFileSync(`/proc/${milter.child.pid}/status`, 'utf8');
  assert.match(status, new RegExp(`^Uid:\\s+${nobody.uid}\\s+${nobody.uid}\\s+${nobody.uid}`, 'm'));
  assert.match(status, new RegExp(`^Gid:\\s+${nobody.gid}\\s`, 'm'));
});

test('SIGHUP reloads the rules while a connection is being served', async () => {
  const mta = await FakeMta.open({ path: join(dir, 'milter.sock') });
  // The engine reloads synchronously, so replies wait for the rule load; MTAs allow 30 s and more.
  mta.timeoutMs = 120_000;
  await mta.negotiate();
  await mta.hello({ client: { hostname: 'mail.sender.example', address: '93.184.216.34' } });
  milter.child.kill('SIGHUP');
  const r = await mta.message(hamMessage());
  assert.equal(r.final?.kind, 'accept');
  await mta.quit();
  const deadline = Date.now() + 120_000;
  while (!/reload done|reload failed/.test(milter.log()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  assert.match(milter.log(), /reload done/);
});

test('SIGTERM: clean exit after draining', async () => {
  assert.equal(await milter.stop(), 0);
  // The socket file may stay (after -u the user cannot unlink it from a root-owned folder); the next start replaces it.
  // The previous test's QUIT may still be in flight when SIGTERM arrives; what matters is no message in flight.
  assert.match(milter.log(), /SIGTERM received[\s\S]*shutting down: \d+ connections, 0 with a message in flight[\s\S]*stopped/);
});
