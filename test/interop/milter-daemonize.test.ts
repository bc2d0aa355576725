/**
 * `spamward milter -d -r PIDFILE -s LOG` as an init script or a
 * `Type=forking` unit starts a milter (spamass-milter's -f and -P): the
 * command returns 0 only once the detached milter listens and its pidfile
 * names it; opendkim's miltertest then has GTUBE tagged through it; SIGTERM
 * to the pid in the file stops it and removes the file; its log lines went
 * to the file given, since a detached milter has no stderr. When it cannot
 * start (its port is taken) the command fails with the reason.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { miltertest } from '../helpers/miltertest.js';
import { freePort, requireProgram } from '../helpers/milter-process.js';
import { run } from '../helpers/spamd-tools.js';
import { processAlive as alive, waitUntil } from '../helpers/process-alive.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

requireProgram('miltertest', ['-h'], 'apt-get install miltertest');
const dir = mkdtempSync(join(tmpdir(), 'milter-daemonize-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const milter = (port: number, extra: string[]) =>
  run(process.execPath, [CLI, 'milter', '-d', '--listen', `inet:127.0.0.1:${port}`, '-L', '--data-dir', join(dir, 'data'), '--scan-timeout', '120', ...extra], '', 180_000);

describe('spamward milter -d (daemonize)', () => {
  it('returns once the milter serves, with its pid in the pidfile and its log in the file; SIGTERM stops it', async () => {
    const port = await freePort();
    const pidfile = join(dir, 'milter.pid');
    const logfile = join(dir, 'milter.log');
    const started = await milter(port, ['-r', pidfile, '-s', logfile]);
    assert.equal(started.code, 0, started.stderr.toString());
    assert.equal(started.stdout.length + started.stderr.length, 0, 'the starting process prints nothing on success');
    assert.ok(existsSync(pidfile), 'the pidfile exists when the command returns');
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    try {
      assert.ok(pid > 0 && pid !== process.pid && alive(pid), `the milter (pid ${pid}) runs after the command returned`);
      // Served at once: the command only returned once the milter listened.
      await miltertest('tag.lua', port);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGTERM');
    }
    assert.ok(await waitUntil(() => !alive(pid), 30_000), 'SIGTERM stops the milter');
    assert.ok(!existsSync(pidfile), 'the pidfile is removed on exit');
    const log = readFileSync(logfile, 'utf8');
    assert.match(log, new RegExp(`spamward-milter\\[${pid}\\] info: listening on inet:127\\.0\\.0\\.1:${port}`));
    assert.match(log, /info: .*score=/, 'the judged message is logged to the file');
    assert.match(log, /info: stopped/);
  });

  it('fails with the reason and leaves no pidfile when the milter cannot start', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const pidfile = join(dir, 'busy.pid');
      const r = await milter(port, ['-r', pidfile]);
      assert.equal(r.code, 1);
      assert.match(r.stderr.toString(), /spamward milter: the daemon did not start: .*EADDRINUSE/);
      assert.ok(!existsSync(pidfile));
    } finally {
      server.close();
    }
  });

  it('refuses a bad option on the terminal before detaching', async () => {
    const r = await milter(await freePort(), ['--reject-code', '250']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.toString(), /^spamward milter: /);
  });
});
