/**
 * spamd's client-certificate options, `--ssl-verify`, `--ssl-ca-file`,
 * `--ssl-ca-path` and `--ssl-port`, with Debian's spamc as the client,
 * against our spamd and Debian's spamd started the same way. What is
 * pinned (the real spamd decides):
 *  - `--ssl-port P` alone makes every TCP socket TLS, on P: no plain socket
 *    stays on `--port` (spamd 4.0.1's code; its manual says otherwise);
 *  - with a CA, a client certificate that chains to it is served, while no
 *    certificate or a self-signed one is refused at the handshake, so spamc
 *    falls back to `0/0` and exit 0;
 *  - `--ssl-ca-path` (a folder of CA files) verifies the same way.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { freePort } from '../helpers/spamd-peers.js';
import { OUR_SPAMD, requireProgram, run, type RunResult } from '../helpers/spamd-tools.js';

const spamc = requireProgram('spamc', 'spamc');
const debianSpamd = requireProgram('spamd', 'spamd');
requireProgram('openssl', 'openssl');
const dir = mkdtempSync(join(tmpdir(), 'spamd-ssl-verify-'));
const file = (name: string): string => join(dir, name);

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** A CA, a client certificate it signed, a self-signed "rogue" one, the server's own, and a CA folder. */
function makeCertificates(): void {
  const req = (key: string, out: string, cn: string, extra: string[] = []): void =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(key), '-out', file(out), '-days', '2', '-subj', `/CN=${cn}`, ...extra]);
  req('ca.key', 'ca.pem', 'Spamward test CA');
  req('rogue.key', 'rogue.pem', 'rogue');
  req('server.key', 'server.pem', 'localhost', ['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('client.key'), '-out', file('client.csr'), '-subj', '/CN=client']);
  openssl(['x509', '-req', '-in', file('client.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('client.pem'), '-days', '2']);
  mkdirSync(file('cas'));
  openssl(['x509', '-in', file('ca.pem'), '-out', join(file('cas'), 'test-ca.pem')]);
}

interface Started {
  port: number;
  plainPort: number;
  child: ChildProcess;
  log: () => string;
}

const CLIENTS = {
  verified: ['--ssl-cert', file('client.pem'), '--ssl-key', file('client.key')],
  none: [] as string[],
  rogue: ['--ssl-cert', file('rogue.pem'), '--ssl-key', file('rogue.key')],
};

function spamcTo(port: number, client: string[], extra: string[] = []): Promise<RunResult> {
  return run(spamc, ['-S', '-d', '127.0.0.1', '-p', String(port), '-t', '120', ...client, ...extra], SPAM_MESSAGE, 150_000);
}

/** Starts a daemon with TLS on `--ssl-port` and waits until the verified client gets a message scanned. */
async function startTls(cmd: string, args: (plainPort: number, sslPort: number) => string[]): Promise<Started> {
  const [plainPort, port] = [await freePort(), await freePort()];
  const child = spawn(cmd, args(plainPort, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20000)));
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20000)));
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`daemon exited: ${log}`);
    // Not `spamc -K`: Debian's spamc fails its PING over TLS (exit 74) against either daemon.
    const probe = await run(spamc, ['-S', '-d', '127.0.0.1', '-p', String(port), '-c', '-t', '300', ...CLIENTS.verified], 'Subject: probe\n\nhello\n', 310_000);
    if (/^-?\d+\.\d\/5\.0\n$/.test(probe.stdout.toString()) && probe.stdout.toString() !== '0/0\n') return { port, plainPort, child, log: () => log };
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`daemon did not answer over TLS: ${log}`);
}

const tlsFlags = (caFlag: string[]) => (plainPort: number, sslPort: number): string[] => [
  '-L', '-i', '127.0.0.1', '-p', String(plainPort), '--ssl-port', String(sslPort),
  '--server-key', file('server.key'), '--server-cert', file('server.pem'), '-s', 'stderr', '-m', '1', ...caFlag,
];

const daemons: Started[] = [];
let ours: Started;
let theirs: Started;
let oursCaPath: Started;

before(async () => {
  makeCertificates();
  const caFile = ['--ssl-ca-file', file('ca.pem')];
  [ours, theirs, oursCaPath] = await Promise.all([
    startTls(process.execPath, (p, s) => [OUR_SPAMD, 'spamd', ...tlsFlags(caFile)(p, s)]),
    startTls(debianSpamd, (p, s) => [...tlsFlags(caFile)(p, s), '-u', 'nobody']),
    startTls(process.execPath, (p, s) => [OUR_SPAMD, 'spamd', ...tlsFlags(['--ssl-ca-path', file('cas')])(p, s)]),
  ]);
  daemons.push(ours, theirs, oursCaPath);
});

after(async () => {
  for (const d of daemons) d.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('spamd --ssl-verify with Debian spamc', () => {
  /**
   * Debian's spamd over TLS loses about a third of its replies (it logs
   * the result, spamc prints 0/0; by hand, with -m 1 and -m 2 alike), so its
   * answer for a client is whether any of `tries` was served. A loaded CI
   * machine once saw eight in a row lost for the verified client, so that
   * one gets thirty.
   */
  async function debianAccepts(client: string[], tries: number): Promise<boolean> {
    for (let i = 0; i < tries; i++) {
      if ((await spamcTo(theirs.port, client, ['-c'])).stdout.toString() !== '0/0\n') return true;
      await new Promise((r) => setTimeout(r, 300));
    }
    return false;
  }

  it('serves a client certificate signed by the CA and refuses none or a self-signed one, as Debian spamd does', async () => {
    for (const [name, client] of Object.entries(CLIENTS)) {
      const o = await spamcTo(ours.port, client, ['-c']);
      const accepted = name === 'verified';
      if (accepted) assert.deepEqual([o.stdout.toString().replace(/\.\d/, ''), o.code], ['1000/5.0\n', 1], 'GTUBE scored');
      else assert.deepEqual([o.stdout.toString(), o.code], ['0/0\n', 0], `${name} client refused`);
      assert.equal(await debianAccepts(client, accepted ? 30 : 8), accepted, `Debian spamd ${accepted ? 'serves' : 'refuses'} the ${name} client too`);
    }
    assert.match(ours.log(), /refusing \[127\.0\.0\.1\]:\d+: TLS handshake failed or client certificate not verified/);
  });

  it('logs a TLS connection with its protocol and cipher, as Debian spamd does', () => {
    const tlsSuffix = (log: string): string | undefined => /info: spamd: connection from \S+ \[127\.0\.0\.1\]:\d+ to port \d+, fd \d+(, \S+)/.exec(log)?.[1];
    const theirsSuffix = tlsSuffix(theirs.log());
    assert.match(theirsSuffix ?? '', /^, TLSv1_[23]\/[A-Z0-9_-]+$/, theirs.log().slice(-3000));
    assert.equal(tlsSuffix(ours.log()), theirsSuffix);
  });

  it('--ssl-ca-path verifies against the folder\'s CA files', async () => {
    assert.match((await spamcTo(oursCaPath.port, CLIENTS.verified, ['-c'])).stdout.toString(), /^1000\.\d\/5\.0\n$/);
    assert.equal((await spamcTo(oursCaPath.port, CLIENTS.rogue, ['-c'])).stdout.toString(), '0/0\n');
  });

  it('--ssl-port leaves no plain socket on --port, in both daemons', async () => {
    for (const d of [ours, theirs]) {
      const plain = await run(spamc, ['-d', '127.0.0.1', '-p', String(d.plainPort), '-c', '-t', '10'], SPAM_MESSAGE, 30_000);
      assert.equal(plain.stdout.toString(), '0/0\n', 'nothing listens on the plain port');
    }
  });
});
