/**
 * Haraka (the npm SMTP server, a devDependency) on a free loopback port with
 * its spamassassin plugin pointed at a spamd, for the interop tests. Its own
 * config folder: recipients of the test domains accepted, the spamassassin
 * plugin, and queue/test, which saves each accepted message in the process's
 * temporary folder (here a private one) as mail_<uuid>.eml.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './spamd-peers.js';
import { stopChild, waitReady } from './wait-ready.js';

export interface Haraka {
  port: number;
  /** Every message queued so far, oldest first. */
  queued(): string[];
  log(): string;
  stop(): Promise<void>;
}

/** Haraka's package folder; fails with how to install it when the devDependency is missing. */
function harakaHome(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('Haraka/package.json'));
  } catch {
    throw new Error('Haraka is not installed: npm ci (it is a devDependency, with haraka-plugin-spamassassin)');
  }
}

/** `spamassassin.ini` lines beyond spamd_socket (e.g. reject_threshold=100). */
export async function startHaraka(spamdPort: number, spamassassinIni: readonly string[]): Promise<Haraka> {
  const home = harakaHome();
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'haraka-'));
  const config = join(root, 'config');
  const queue = join(root, 'queue');
  mkdirSync(config);
  mkdirSync(queue);
  const files: Record<string, string> = {
    'smtp.ini': `listen=127.0.0.1:${port}\n`,
    'log.ini': '[main]\nlevel=info\ntimestamps=false\n',
    me: 'haraka.test\n',
    host_list: 'example.org\nexample.net\n',
    plugins: 'rcpt_to.in_host_list\nspamassassin\nqueue/test\n',
    'spamassassin.ini': [`spamd_socket=127.0.0.1:${spamdPort}`, ...spamassassinIni, ''].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(config, name), text);
  // Haraka reads its connection settings (greeting, limits) from the config folder only: its own defaults.
  copyFileSync(join(home, 'config', 'connection.ini'), join(config, 'connection.ini'));
  const child = spawn(process.execPath, [join(home, 'bin', 'haraka'), '-c', root], { env: { ...process.env, TMPDIR: queue }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-40_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-40_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Haraka logs each address it listens on once the server is up.
  await waitReady(child, exited, () => out.includes(`Listening on 127.0.0.1:${port}`), () => out, 'Haraka', 60_000);
  return {
    port,
    queued: () =>
      readdirSync(queue)
        .filter((f) => f.startsWith('mail_') && f.endsWith('.eml'))
        .map((f) => join(queue, f))
        .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
        .map((p) => readFileSync(p, 'latin1')),
    log: () => out,
    stop: async () => {
      await stopChild(child, exited, 5000);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
