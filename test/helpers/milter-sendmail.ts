/**
 * A private Sendmail 8.17 unpacked from Debian packages (it conflicts with
 * Postfix as the installed MTA), configured from postfix-examples/ and run
 * in the foreground under a private UTS namespace. Not a test file.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { portOpen, waitFor } from './milter-postfix.js';

const run = promisify(execFile);
const EXAMPLES = fileURLToPath(new URL('../../../postfix-examples/', import.meta.url));
export const SENDMAIL_TEST_PORT = 12526;
const PACKAGES = ['sendmail-bin', 'sendmail-cf', 'sendmail-base', 'm4', 'libwrap0'];

export class SendmailInstance {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly root: string,
    private readonly unpacked: string,
  ) {}

  /** Downloads and unpacks the packages, then builds test.cf from the example .mc files. */
  static async create(milterSocket: string): Promise<SendmailInstance> {
    if (process.getuid?.() !== 0) throw new Error('the Sendmail interop test must run as root');
    if (await portOpen(SENDMAIL_TEST_PORT)) throw new Error(`127.0.0.1:${SENDMAIL_TEST_PORT} is busy; the test instance needs it`);
    const root = mkdtempSync(join(tmpdir(), 'spamward-sendmail-'));
    chmodSync(root, 0o755);
    const debs = join(root, 'debs');
    const unpacked = join(root, 'unpacked');
    mkdirSync(debs);
    mkdirSync(unpacked);
    mkdirSync(join(root, 'queue'), { mode: 0o700 });
    try {
      await run('apt-get', ['download', ...PACKAGES], { cwd: debs });
    } catch (err) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`cannot get Sendmail: "apt-get download ${PACKAGES.join(' ')}" failed (needs apt sources and network): ${(err as Error).message}`);
    }
    for (const deb of readdirSync(debs)) await run('dpkg', ['-x', join(debs, deb), unpacked]);
    const sm = new SendmailInstance(root, unpacked);
    // dpkg -x keeps the setgid bit, which makes the loader ignore LD_LIBRARY_PATH.
    copyFileSync(join(unpacked, 'usr/libexec/sendmail/sendmail'), sm.binary);
    chmodSync(sm.binary, 0o755);
    await sm.buildConfig(milterSocket);
    return sm;
  }

  get binary(): string {
    return join(this.root, 'sendmail');
  }

  private async buildConfig(milterSocket: string): Promise<void> {
    const cfDir = join(this.unpacked, 'usr/share/sendmail/cf');
    const { stdout } = await run(join(this.unpacked, 'usr/bin/m4'), [
      `-D_CF_DIR_=${cfDir}/`,
      `-DSPAMWARD_TEST_ROOT=${this.root}`,
      `-DSPAMWARD_SOCKET=${milterSocket}`,
      join(cfDir, 'm4/cf.m4'),
      join(EXAMPLES, 'test-instance/sendmail.mc'),
      join(EXAMPLES, 'sendmail.mc'),
    ]);
    writeFileSync(join(this.root, 'test.cf'), stdout);
  }

  private libDir(): string {
    const lib = join(this.unpacked, 'usr/lib');
    const arch = readdirSync(lib).find((d) => existsSync(join(lib, d, 'libwrap.so.0')));
    if (arch === undefined) throw new Error('libwrap.so.0 not found in the unpacked packages');
    return join(lib, arch);
  }

  /**
   * Runs `sendmail -bD` in the foreground. Start-up stalls for a minute on a
   * host name without a dot, so it runs in its own UTS namespace with a
   * dotted name. (No -d tracing: in -bD mode it would go to the SMTP client.)
   */
  async start(): Promise<void> {
    const cmd = `hostname test.example && exec "$SM" -bD -C "$CF"`;
    this.child = spawn('unshare', ['--uts', 'sh', '-c', cmd], {
      env: { ...process.env, SM: this.binary, CF: join(this.root, 'test.cf'), LD_LIBRARY_PATH: this.libDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(() => portOpen(SENDMAIL_TEST_PORT), 90_000, `Sendmail SMTP listener:\n${this.output}`);
  }

  log(): string {
    return this.output;
  }

  /** Header lines (`H??Name: value`) of queued messages whose queue file mentions `marker`. */
  queuedHeaders(marker: string): string | undefined {
    const q = join(this.root, 'queue');
    for (const f of readdirSync(q).filter((n) => n.startsWith('qf'))) {
      const text = readFileSync(join(q, f), 'latin1');
      if (text.includes(marker)) return text;
    }
    return undefined;
  }

  /** The body (`df` file) of the queued message whose header file mentions `marker`. */
  queuedBody(marker: string): string | undefined {
    const q = join(this.root, 'queue');
    for (const f of readdirSync(q).filter((n) => n.startsWith('qf'))) {
      if (!readFileSync(join(q, f), 'latin1').includes(marker)) continue;
      const df = join(q, `d${f.slice(1)}`);
      return existsSync(df) ? readFileSync(df, 'latin1') : undefined;
    }
    return undefined;
  }

  async destroy(): Promise<void> {
    const c = this.child;
    if (c !== null && c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
