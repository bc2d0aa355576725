/**
 * `spamward spamd -d` as init scripts and `Type=forking` units start spamd:
 * the command returns 0 only once the detached daemon listens and its
 * pidfile names it; Debian's spamc then scans through it, and SIGTERM to the
 * pid in the file stops it and removes the file. When the daemon cannot
 * start (its port is taken) the command fails with the reason, as Debian's
 * `spamd -d` fails on the same port.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { freePort } from '../helpers/spamd-peers.js';
import { OUR_SPAMD, requireProgram, run } from '../helpers/spamd-tools.js';
import { processAlive as alive, waitUntil } from '../helpers/process-alive.js';

const spamc = requireProgram('spamc', 'spamc');
const debianSpamd = requireProgram('spamd', 'spamd');
const dir = mkdtempSync(join(tmpdir(), 'spamd-daemonize-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port something else already listens on. */
async function takenPort(): Promise<{ port: number; close: () => void }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  return { port: addr.port, close: () => server.close() };
}

describe('spamward spamd -d (daemonize)', () => {
  it('returns once the daemon serves, with its pid in the pidfile; SIGTERM stops it and removes the file', async () => {
    const port = await freePort();
    const pidfile = join(dir, 'spamd.pid');
    const started = await run(process.execPath, [OUR_SPAMD, 'spamd', '-d', '-L', '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-r', pidfile, '-s', 'stderr'], '', 120_000);
    assert.equal(started.code, 0, started.stderr.toString());
    assert.ok(existsSync(pidfile), 'the pidfile exists when the command returns');
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    try {
      assert.ok(pid > 0 && alive(pid), `the daemon (pid ${pid}) runs after the command returned`);
      // Served at once: the command only returned once the daemon listened.
      const checked = await run(spamc, ['-d', '127.0.0.1', '-p', String(port), '-c'], SPAM_MESSAGE, 60_000);
      assert.equal(checked.code, 1, checked.stdout.toString());
      assert.match(checked.stdout.toString(), /^1000\.\d\/5\.0\n$/);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGTERM');
    }
    assert.ok(await waitUntil(() => !alive(pid), 15_000), 'SIGTERM stops the daemon');
    assert.ok(!existsSync(pidfile), 'the pidfile is removed on exit');
  });

  it('fails with the reason when the daemon cannot start, as Debian\'s spamd -d does', async () => {
    const taken = await takenPort();
    try {
      const pidfile = join(dir, 'busy.pid');
      const ours = await run(process.execPath, [OUR_SPAMD, 'spamd', '-d', '-L', '-i', '127.0.0.1', '-p', String(taken.port), '-m', '1', '-r', pidfile], '', 120_000);
      assert.notEqual(ours.code, 0);
      assert.match(ours.stderr.toString(), /did not start: .*EADDRINUSE/);
      assert.ok(!existsSync(pidfile));
      const theirs = await run(debianSpamd, ['-d', '-L', '-i', '127.0.0.1', '-p', String(taken.port), '-r', join(dir, 'debian-busy.pid'), '-s', 'stderr'], '', 120_000);
      assert.notEqual(theirs.code, 0, 'Debian spamd -d fails too on a taken port');
    } finally {
      taken.close();
    }
  });
});
