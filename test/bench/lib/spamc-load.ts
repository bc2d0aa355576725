/** Sends messages over the SPAMC protocol with N requests in flight and records each one's latency. */
import { spamcRequest } from './real-spamd.js';

export interface LoadResult {
  seconds: number;
  latenciesMs: number[];
  failures: number;
}

export async function runLoad(port: number, messages: readonly Buffer[], inFlight: number, command = 'PROCESS'): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (let i = next++; i < messages.length; i = next++) {
      const t = process.hrtime.bigint();
      try {
        const reply = await spamcRequest(port, command, messages[i] as Buffer, { timeoutMs: 300_000 });
        if (!/ 0 EX_OK/.test(reply.status)) failures++;
      } catch {
        failures++;
      }
      latenciesMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs, failures };
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
