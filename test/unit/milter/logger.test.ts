/**
 * The milter's log targets (`-s`, named as spamd's): a file gets one
 * timestamped line per event at or above --log-level, `null` nothing; the
 * spamd front end's logger, which shares the delivery, writes spamd's lines.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { logTargetOf } from '../../../milter/flags.js';
import { targetLogger } from '../../../milter/logger.js';
import { createLogger } from '../../../src/spamd/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'milter-logger-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('milter log targets', () => {
  it('writes lines at or above the level to a file, each with its time, name and pid', () => {
    const path = join(dir, 'milter.log');
    const log = targetLogger(path, 'info');
    log.log('debug', 'not wanted');
    log.log('info', 'listening on inet:127.0.0.1:1');
    log.log('error', 'scan failed (tempfail): timeout');
    log.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z spamward-milter\\[${process.pid}\\] info: listening on inet:127\\.0\\.0\\.1:1$`));
    assert.match(lines[1]!, / error: scan failed \(tempfail\): timeout$/);
    assert.equal(log.enabled?.('debug'), false);
  });

  it('drops everything with null', () => {
    const log = targetLogger('null', 'debug');
    log.log('error', 'gone');
    log.close();
    assert.ok(!existsSync(join(process.cwd(), 'spamward-milter.log')));
  });

  it('logs to stderr in the foreground and to the mail facility when detached, unless -s says otherwise', () => {
    assert.equal(logTargetOf({ daemonize: false, 'log-level': 'info' }), 'stderr');
    assert.equal(logTargetOf({ daemonize: true, 'log-level': 'info' }), 'mail');
    assert.equal(logTargetOf({ daemonize: true, 'log-level': 'info', syslog: '/var/log/x.log' }), '/var/log/x.log');
  });

  it('gives spamd\'s logger, which shares the delivery, spamd\'s own file lines', () => {
    const path = join(dir, 'spamd.log');
    const log = createLogger(path);
    log.info('spamd: server started');
    log.warn('spamd: reload failed');
    log.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d [\\d:]{8} \\d{4} \\[${process.pid}\\] info: spamd: server started$`));
    assert.match(lines[1]!, new RegExp(`\\[${process.pid}\\] warn: spamd: reload failed$`));
  });

  it('hands spamd\'s syslog messages to logger escaped, with the --log-timestamp-fmt time when one is given', async () => {
    // A logger of this test's own on PATH, which keeps what it is given; the delivery spawns it by name.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const got = join(dir, 'logger-input');
    writeFileSync(join(bin, 'logger'), `#!/bin/sh\necho "$*" >> '${got}'\ncat >> '${got}'\n`);
    chmodSync(join(bin, 'logger'), 0o755);
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path ?? ''}`;
    try {
      for (const format of [undefined, '%Y']) {
        const log = createLogger('mail', 'spamd', format);
        log.info('spamd: clean message (1.0/5.0) for tab\there\\ caf\u00e9');
        log.close();
        await waitFor(() => (existsSync(got) ? readFileSync(got, 'utf8').split('\n').length : 0) >= (format === undefined ? 3 : 5));
      }
    } finally {
      process.env['PATH'] = path;
    }
    const lines = readFileSync(got, 'utf8').trimEnd().split('\n');
    const year = new Date().getFullYear();
    assert.deepEqual(lines, [
      `--prio-prefix -t spamd[${process.pid}]`,
      '<22>spamd: clean message (1.0/5.0) for tab\\there\\\\ caf\\x{C3}\\x{A9}',
      `--prio-prefix -t spamd[${process.pid}]`,
      `<22>${year} spamd: clean message (1.0/5.0) for tab\\there\\\\ caf\\x{C3}\\x{A9}`,
    ]);
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
}
