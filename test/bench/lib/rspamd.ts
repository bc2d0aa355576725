/**
 * Debian's rspamd (package `rspamd`) on a free loopback port, for the
 * side-by-side benchmark (when installed) and the interop test of its
 * spamd client: its own stock rules, a private folder for its state, N normal
 * workers, and no network tests, as spamd's -L:
 *
 * - the modules that look things up over DNS or HTTP per message (RBLs,
 *   SURBL-style lists, SPF, DKIM, DMARC, ARC, ASN, fuzzy hashes, DCC, BIMI,
 *   phishtank, external services, hfilter's checks that resolve the HELO
 *   name, the client's host name and the sender's domain) and those that
 *   sign or need Redis are off;
 * - its resolver is a loopback responder that answers every query with
 *   NXDOMAIN at once, so a lookup left anywhere (once_received asks for the
 *   PTR of the sending IP when no host name came with the message) neither
 *   leaves the machine nor waits for a timeout;
 * - maps it would fetch from rspamd.com stay empty.
 *
 * Messages go over rspamd's own protocol, HTTP POST /checkv2 (what rspamc and
 * its proxy/milter use), one connection per message as spamc does. Its
 * legacy SPAMC support has CHECK but not PROCESS or PING.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNxdomainResolver } from './nxdomain-resolver.js';
import { freePort } from './real-spamd.js';
import type { SendMessage } from './spamc-load.js';

/** Modules that would reach the network per message (or sign, or need Redis), off as spamd -L has no network tests. */
const NETWORK_MODULES = [
  'rbl', 'surbl', 'emails', 'spf', 'dkim', 'dkim_signing', 'dmarc', 'arc', 'asn', 'fuzzy_check', 'dcc', 'bimi',
  'external_services', 'antivirus', 'reputation', 'url_redirector', 'replies', 'greylist', 'ratelimit', 'neural',
  'history_redis', 'rspamd_update', 'mx_check',
];

export interface Rspamd {
  port: number;
  /** The main process; its workers are its children. */
  pid: number;
  send: SendMessage;
  /** rspamd's whole answer to one message (`/checkv2` JSON). */
  check(message: Buffer): Promise<RspamdResult>;
  stop(): Promise<void>;
}

export interface RspamdResult {
  action: string;
  score: number;
  symbols: Record<string, { score: number; options?: string[] }>;
}

/** The rspamd binary, or undefined when the package is not installed (the benchmark then runs without it). */
export function rspamdBinary(): string | undefined {
  for (const dir of ['/usr/bin', '/usr/sbin', ...(process.env.PATH ?? '').split(':')]) {
    const path = join(dir, 'rspamd');
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export interface RspamdOptions {
  workers: number;
  /** Modules of NETWORK_MODULES to leave on (the interop test keeps external_services, its spamd client). */
  keep?: readonly string[];
  /** More files for local.d, by name (e.g. external_services.conf). */
  localD?: Readonly<Record<string, string>>;
  /** false: no Hyperscan; the regexes run through PCRE and rspamd starts in seconds instead of compiling its databases. */
  hyperscan?: boolean;
}

function configText(dir: string, port: number, workers: number): string {
  return [
    '.include "$CONFDIR/common.conf"',
    'options {',
    `  pidfile = "${join(dir, 'run', 'rspamd.pid')}";`,
    '  .include "$CONFDIR/options.inc"',
    // Merged into the stock options' dns block (a second block of the same name would be ignored).
    `  .include(priority=1,duplicate=merge) "${join(dir, 'local.d', 'options.inc')}"`,
    '}',
    `logging { type = "file"; filename = "${join(dir, 'rspamd.log')}"; level = "error"; }`,
    'worker "normal" {',
    `  bind_socket = "127.0.0.1:${port}";`,
    '  .include "$CONFDIR/worker-normal.inc"',
    `  count = ${workers};`,
    '}',
    '',
  ].join('\n');
}

/** Writes the private configuration: the stock one with the network modules off. */
function writeConfig(dir: string, port: number, opts: RspamdOptions, dnsPort: number): string {
  const localD = join(dir, 'local.d');
  for (const sub of ['local.d', 'db', 'run']) mkdirSync(join(dir, sub), { recursive: true });
  for (const m of NETWORK_MODULES) if (!opts.keep?.includes(m)) writeFileSync(join(localD, `${m}.conf`), 'enabled = false;\n');
  // The phishing heuristics stay; only their per-URL DNS list goes.
  writeFileSync(join(localD, 'phishing.conf'), 'phishtank_enabled = false;\n');
  // hfilter's URL and recipient checks stay; these three resolve names (HFILTER_FROMHOST_NORES_A_OR_MX and the like).
  writeFileSync(join(localD, 'hfilter.conf'), 'helo_enabled = false;\nhostname_enabled = false;\nfrom_enabled = false;\n');
  const conf = join(dir, 'rspamd.conf');
  const noHyperscan = opts.hyperscan === false ? 'disable_hyperscan = true;\n' : '';
  writeFileSync(join(localD, 'options.inc'), `dns { nameserver = ["127.0.0.1:${dnsPort}"]; }\n${noHyperscan}`);
  for (const [name, text] of Object.entries(opts.localD ?? {})) writeFileSync(join(localD, name), text);
  writeFileSync(conf, configText(dir, port, opts.workers));
  return conf;
}

/** rspamd refuses to run its workers as root: as root they run as the package's user, which must own the folder. */
function userArgs(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  try {
    const uid = Number(execFileSync('id', ['-u', '_rspamd'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', '_rspamd'], { encoding: 'utf8' }).trim());
    chownTree(dir, uid, gid);
    return ['-u', '_rspamd', '-g', '_rspamd'];
  } catch {
    return ['-i'];
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

/** One HTTP request to the normal worker; resolves with the status code and body. */
function httpRequest(port: number, method: string, path: string, body: Buffer | undefined, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: body ? { 'Content-Length': body.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('rspamd timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

async function check(port: number, message: Buffer): Promise<RspamdResult> {
  const r = await httpRequest(port, 'POST', '/checkv2', message, 300_000);
  if (r.status !== 200) throw new Error(`rspamd answered HTTP ${r.status}: ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body) as RspamdResult;
}

/** A scan that answered with a verdict: HTTP 200 and an action in the JSON. */
function checkSender(port: number): SendMessage {
  return async (message) => (await check(port, message)).action !== undefined;
}

async function waitForPong(child: ChildProcess, port: number, dir: string, startMs: number): Promise<void> {
  const deadline = Date.now() + startMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`rspamd exited early (${child.exitCode}); see ${join(dir, 'rspamd.log')}`);
    const pong = await httpRequest(port, 'GET', '/ping', undefined, 1000).catch(() => undefined);
    if (pong?.status === 200 && pong.body.trim() === 'pong') return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`rspamd did not answer within ${startMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts rspamd in the foreground with `workers` normal workers; resolves once /ping answers (its regex databases compile first). */
export async function startRspamd(opts: RspamdOptions): Promise<Rspamd> {
  const bin = rspamdBinary();
  if (!bin) throw new Error('rspamd is not installed: apt-get install -y rspamd');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-rspamd-'));
  const dns = await startNxdomainResolver();
  const conf = writeConfig(dir, port, opts, dns.port);
  const vars = ['LOCAL_CONFDIR', dir, 'DBDIR', join(dir, 'db'), 'RUNDIR', join(dir, 'run')];
  const varArgs: string[] = [];
  for (let i = 0; i < vars.length; i += 2) varArgs.push('--var', `${vars[i]}=${vars[i + 1]}`);
  const child = spawn(bin, ['-f', '-c', conf, ...varArgs, ...userArgs(dir)], { stdio: ['ignore', 'ignore', 'ignore'] });
  await waitForPong(child, port, dir, 300_000).catch((e: unknown) => {
    dns.close();
    throw e;
  });
  return {
    port,
    pid: child.pid ?? 0,
    send: checkSender(port),
    check: (message) => check(port, message),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      dns.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
