#!/usr/bin/env node
/**
 * spamward-spamc: a drop-in for SpamAssassin's spamc. Kept free of the
 * engine and of heavy libraries so it starts about as fast as bare Node.
 */
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { EX } from '../src/protocol/spamd/constants.js';
import { runSpamc, type SpamcIO } from './run.js';

/** stdin as a pull source: a prefix of n bytes, then the rest on request. */
function stdinReader() {
  // Created on first use: PING never touches stdin, so an open terminal must not keep us alive.
  let iterator: AsyncIterator<Buffer> | undefined;
  const next = () => (iterator ??= process.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>).next();
  let pending: Buffer = Buffer.alloc(0);
  let done = false;
  return {
    async readInput(n: number): Promise<Buffer> {
      const chunks: Buffer[] = [];
      let size = 0;
      while (size < n && !done) {
        const r = await next();
        if (r.done) {
          done = true;
          break;
        }
        chunks.push(r.value);
        size += r.value.length;
      }
      const all = Buffer.concat(chunks);
      pending = all.subarray(n);
      return all.subarray(0, n);
    },
    async copyRestOfInput(write: (b: Buffer) => Promise<void>): Promise<void> {
      if (pending.length > 0) await write(pending);
      pending = Buffer.alloc(0);
      while (!done) {
        const r = await next();
        if (r.done) break;
        await write(r.value);
      }
      done = true;
    },
  };
}

function writeStdout(b: Buffer): Promise<void> {
  return new Promise((res) => {
    if (b.length === 0) return res();
    process.stdout.write(b, () => res());
  });
}

/** `-e`: spamc execs the command (no PATH search), so its exit status becomes ours. */
function pipeTo(argv: string[], output: Buffer): Promise<number> {
  // Loaded here only: child_process is a noticeable part of start-up.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return new Promise((res) => {
    const [cmd, ...rest] = argv;
    const child = spawn(resolve(cmd ?? ''), rest, { stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', () => res(EX.OSERR));
    child.on('exit', (code, signal) => res(code ?? (signal !== null ? 128 : EX.OSERR)));
    child.stdin.on('error', () => {});
    child.stdin.end(output);
  });
}

const io: SpamcIO = {
  ...stdinReader(),
  writeStdout,
  writeStderr: (s) => {
    if (s !== '') process.stderr.write(s);
  },
  userName: () => {
    try {
      return userInfo().username;
    } catch {
      return 'nobody';
    }
  },
  pipeTo,
};

process.stdout.on('error', () => {});
runSpamc(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`spamc: ${String(err)}\n`);
    process.exitCode = EX.SOFTWARE;
  },
);
