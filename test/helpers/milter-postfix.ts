/**
 * A private Postfix instance built from postfix-examples/ (main.cf.milter +
 * test-instance/), loopback only, delivering to a Maildir. Not a test file.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { lookupUser } from '../../milter/privileges.js';

const run = promisify(execFile);
const EXAMPLES = fileURLToPath(new URL('../../../postfix-examples/', import.meta.url));
/** The SMTP listener fixed in postfix-examples/test-instance/master.cf. */
export const POSTFIX_TEST_PORT = 12525;

export interface PostfixOptions {
  /**
   * SMTP port instead of master.cf's 12525, so that several instances (tests
   * running side by side, benchmarks) do not collide; the only change made
   * to master.cf.
   */
  smtpPort?: number;
}

export class PostfixInstance {
  readonly etc: string;
  private running = false;

  private constructor(
    readonly root: string,
    readonly smtpPort: number,
  ) {
    this.etc = join(root, 'etc');
  }

  /** Builds the instance from the example files as they are; only root folder, milter address (and SMTP port) are set. */
  static async create(milterAddress: string, options: PostfixOptions = {}): Promise<PostfixInstance> {
    if (process.getuid?.() !== 0) throw new Error('the Postfix interop test must run as root (Postfix needs it)');
    const port = options.smtpPort ?? POSTFIX_TEST_PORT;
    if (await portOpen(port)) throw new Error(`127.0.0.1:${port} is busy; the test instance needs it`);
    const root = mkdtempSync(join(tmpdir(), 'spamward-postfix-'));
    // Postfix daemons run as the postfix user and must reach the queue below this folder.
    chmodSync(root, 0o755);
    const pf = new PostfixInstance(root, port);
    for (const d of ['etc', 'spool', 'data', 'mail']) mkdirSync(join(root, d));
    const postfix = lookupUser('postfix');
    const nobody = lookupUser('65534');
    chownSync(join(root, 'data'), postfix.uid, postfix.gid);
    chownSync(join(root, 'mail'), nobody.uid, nobody.gid);
    const mainCf = readFileSync(join(EXAMPLES, 'main.cf.milter'), 'utf8') + readFileSync(join(EXAMPLES, 'test-instance', 'main.cf'), 'utf8');
    writeFileSync(join(pf.etc, 'main.cf'), mainCf);
    const masterCf = readFileSync(join(EXAMPLES, 'test-instance', 'master.cf'), 'utf8');
    writeFileSync(join(pf.etc, 'master.cf'), masterCf.replace(`127.0.0.1:${POSTFIX_TEST_PORT} `, `127.0.0.1:${port} `));
    await pf.postconf(`spamward_test_root = ${root}`, `spamward_milter = ${milterAddress}`);
    await pf.postfix('check');
    return pf;
  }

  async postconf(...settings: string[]): Promise<void> {
    await run('postconf', ['-c', this.etc, '-e', ...settings]);
  }

  /** Postfix only reports errors to a terminal, so they are read back from the maillog on failure. */
  async postfix(command: 'check' | 'start' | 'stop'): Promise<void> {
    try {
      await run('postfix', ['-c', this.etc, command]);
    } catch (err) {
      throw new Error(`postfix ${command} failed: ${(err as Error).message}\n${this.maillog()}`);
    }
    if (command === 'start') {
      this.running = true;
      await waitFor(() => portOpen(this.smtpPort), 30_000, 'Postfix SMTP listener');
    }
    if (command === 'stop') this.running = false;
  }

  /** Changes the milter address; Postfix needs stop/start for smtpd to see it. */
  async useMilter(address: string): Promise<void> {
    await this.postfix('stop');
    await waitFor(async () => !(await portOpen(this.smtpPort)), 30_000, 'Postfix to stop');
    await this.postconf(`spamward_milter = ${address}`);
    await this.postfix('start');
  }

  /** Appends a master.cf fragment (an example file) to the instance's master.cf. */
  appendMasterCf(text: string): void {
    const path = join(this.etc, 'master.cf');
    writeFileSync(path, `${readFileSync(path, 'utf8')}${text}`);
  }

  maillog(): string {
    const p = join(this.root, 'maillog');
    return existsSync(p) ? readFileSync(p, 'utf8') : '(no maillog)';
  }

  /** Delivered messages (Maildir new/), as text. */
  delivered(): string[] {
    const dir = join(this.root, 'mail', 'inbox', 'new');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'latin1'));
  }

  async waitDelivered(marker: string, timeoutMs = 60_000): Promise<string> {
    let found: string | undefined;
    await waitFor(async () => (found = this.delivered().find((m) => m.includes(marker))) !== undefined, timeoutMs, `delivery of ${marker}`);
    return found as string;
  }

  /** Queue ids in the hold queue (`postqueue -p` marks them with `!`). */
  async held(): Promise<string[]> {
    const { stdout } = await run('postqueue', ['-c', this.etc, '-p']);
    return [...stdout.matchAll(/^([0-9A-F]+)!/gm)].map((m) => m[1] as string);
  }

  /** The queued message with that id, as `postcat -h -b` prints it. */
  async postcat(queueId: string): Promise<string> {
    const { stdout } = await run('postcat', ['-c', this.etc, '-h', '-b', '-q', queueId]);
    return stdout;
  }

  async destroy(): Promise<void> {
    if (this.running) await this.postfix('stop').catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
