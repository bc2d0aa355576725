/** Running spamc-like programs and making TLS material for the spamd/spamc tests. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built spamward-spamc entry point (dist/spamc/main.js next to dist/test). */
export const OUR_SPAMC = fileURLToPath(new URL('../../spamc/main.js', import.meta.url));
/** Entry that runs `spamward spamd` from its command module. */
export const OUR_SPAMD = fileURLToPath(new URL('./spamd-main.js', import.meta.url));

export interface RunResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs a program with `input` on stdin (and `env`, when given, as its environment); kills it after `timeoutMs`. */
export function run(cmd: string, args: string[], input: Buffer | string, timeoutMs = 30_000, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal !== null ? -1 : -2), stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

export function ourSpamc(args: string[], input: Buffer | string, timeoutMs?: number): Promise<RunResult> {
  return run(process.execPath, [OUR_SPAMC, ...args], input, timeoutMs);
}

/** Fails loudly, with the install command, when a peer program is missing. */
export function requireProgram(name: string, pkg: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`]).toString().trim();
  } catch {
    throw new Error(`${name} is not installed: apt-get install ${pkg}`);
  }
}

/** A fresh self-signed certificate for 127.0.0.1/localhost. */
export function selfSignedCert(): { dir: string; key: string; cert: string } {
  requireProgram('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'spamd-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { dir, key, cert };
}
