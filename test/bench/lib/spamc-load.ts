/** Sends messages to a daemon with N requests in flight and records each one's latency. */
import { spamcRequest } from './real-spamd.js';

export interface LoadResult {
  seconds: number;
  latenciesMs: number[];
  failures: number;
}

/** One message to the daemon under test; resolves true when it answered as it should (a failure counts, the run goes on). */
export type SendMessage = (message: Buffer) => Promise<boolean>;

/** A SPAMC request (PROCESS by default, spamc's own) on a fresh connection; EX_OK is success. */
export function spamcSender(port: number, command = 'PROCESS'): SendMessage {
  return async (message) => / 0 EX_OK/.test((await spamcRequest(port, command, message, { timeoutMs: 300_000 })).status);
}

/** Every message once, `inFlight` lanes each sending the next unsent message as soon as its last one was answered. */
export async function runRequests(messages: readonly Buffer[], inFlight: number, send: SendMessage): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (let i = next++; i < messages.length; i = next++) {
      const t = process.hrtime.bigint();
      try {
        if (!(await send(messages[i] as Buffer))) failures++;
      } catch {
        failures++;
      }
      latenciesMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs, failures };
}

/** Over the SPAMC protocol to a spamd on a loopback port. */
export async function runLoad(port: number, messages: readonly Buffer[], inFlight: number, command = 'PROCESS'): Promise<LoadResult> {
  return runRequests(messages, inFlight, spamcSender(port, command));
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
