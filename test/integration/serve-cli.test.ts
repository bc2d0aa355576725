/**
 * `spamward serve` settings, without loading any rules: the privileged-port
 * check runs first, and its message shows which value won (flag, then
 * SPAMWARD_* environment, then the --config file, then the default).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPAMWARD_CLI } from '../helpers/serve-process.js';

const NOBODY = 65534;

/** Runs the CLI as an unprivileged user (the tests run as root for Postfix), with a clean SPAMWARD_* environment. */
function serveAsNobody(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SPAMWARD_')));
  const asRoot = process.getuid?.() === 0;
  return spawnSync(process.execPath, [SPAMWARD_CLI, 'serve', ...args], {
    encoding: 'utf8',
    env: { ...clean, ...env },
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    timeout: 60_000,
  });
}

test('as a non-root user, the privileged default port is refused with how to pick another', () => {
  const r = serveAsNobody([]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /port 783 \(--spamd-listen\) is privileged and this process is not root/);
  assert.match(r.stderr, /npm start -- --spamd-listen 127\.0\.0\.1:7830/);
  assert.match(r.stderr, /SPAMWARD_SPAMD_LISTEN/);
});

test('a flag beats SPAMWARD_* which beats the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-cli-'));
  chmodSync(dir, 0o755);
  try {
    const conf = join(dir, 'spamward.conf');
    writeFileSync(conf, '# test\nspamd-listen = 127.0.0.1:700\nmetrics-listen = off\n');
    chmodSync(conf, 0o644);
    assert.match(serveAsNobody(['--config', conf]).stderr, /port 700 \(--spamd-listen\)/);
    assert.match(serveAsNobody(['--config', conf], { SPAMWARD_SPAMD_LISTEN: '127.0.0.1:701' }).stderr, /port 701 \(--spamd-listen\)/);
    const flag = serveAsNobody(['--config', conf, '--spamd-listen', '127.0.0.1:702'], { SPAMWARD_SPAMD_LISTEN: '127.0.0.1:701' });
    assert.match(flag.stderr, /port 702 \(--spamd-listen\)/);
    assert.match(serveAsNobody([], { SPAMWARD_CONFIG: conf }).stderr, /port 700 \(--spamd-listen\)/, 'SPAMWARD_CONFIG names the file');
    writeFileSync(conf, 'spamd-lisen = 127.0.0.1:7830\n');
    const typo = serveAsNobody(['--config', conf]);
    assert.notEqual(typo.status, 0);
    assert.match(typo.stderr, /spamward\.conf:1: unknown setting "spamd-lisen"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help lists every serve setting with its default', () => {
  const r = spawnSync(process.execPath, [SPAMWARD_CLI, 'serve', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const expected of [
    /--milter-listen[\s\S]*?\[default: "inet:127\.0\.0\.1:11332"\]/,
    /--spamd-listen[\s\S]*?\[default: "127\.0\.0\.1:783"\]/,
    /--metrics-listen[\s\S]*?\[default: "127\.0\.0\.1:9783"\]/,
    /--data-dir[\s\S]*?\[default: "data"\]/,
    /--log-level[\s\S]*?\[default: "info"\]/,
    /--config/,
    /SPAMWARD_<NAME>/,
  ]) {
    assert.match(r.stdout, expected);
  }
});
