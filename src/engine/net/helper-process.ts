/**
 * HelperRunner over child processes: the program reads the message on
 * stdin; past its timeout it gets SIGTERM, then SIGKILL a second later
 * (Pyzor.pm kills a stale helper the same way), and the scan goes on
 * without waiting for it to exit.
 */
import { spawn } from 'node:child_process';
import type { HelperRequest, HelperResult, HelperRunner } from './helper-types.js';

/** Output beyond this is not kept: Pyzor prints one line per server, razor-check nothing. */
const MAX_OUTPUT = 256 * 1024;
const KILL_GRACE_MS = 1000;

export class ProcessHelperRunner implements HelperRunner {
  run(req: HelperRequest): Promise<HelperResult> {
    return new Promise<HelperResult>((resolve) => {
      let stdout = '';
      let settled = false;
      const finish = (r: HelperResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const child = spawn(req.program, [...req.args], { stdio: ['pipe', 'pipe', 'ignore'] });
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), KILL_GRACE_MS).unref();
        finish({ code: null, stdout, timedOut: true });
      }, req.timeoutMs);
      child.on('error', (err: NodeJS.ErrnoException) => finish({ code: null, stdout, timedOut: false, error: err.code ?? err.message }));
      child.stdout.on('data', (d: Buffer) => {
        if (stdout.length < MAX_OUTPUT) stdout += d.toString('latin1');
      });
      child.on('close', (code) => finish({ code, stdout, timedOut: false }));
      // A helper that exits without reading all of the message must not raise EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(req.input);
    });
  }
}
