/**
 * Keeps `spamward serve` answering its peers while scans run. An engine
 * that scans on the event loop never yields to I/O between its awaits, so
 * two hundred scans in flight would hold back every new MTA connection (and
 * Postfix tempfails after milter_command_timeout). Here at most one scan
 * per worker runs at a time, and the event loop turns before each one
 * starts; the others wait in a queue that stats() reports as queued.
 */
import type { Scanner } from '../scanner.js';

export function fairScanner(inner: Scanner): Scanner {
  let running = 0;
  const waiting: Array<() => void> = [];
  const limit = () => Math.max(1, inner.stats().workers);
  const acquire = async (): Promise<void> => {
    if (running < limit()) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    // A turn of the event loop: accepts, OPTNEG replies and body chunks go first.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async scan(message, options) {
      await acquire();
      try {
        return await inner.scan(message, options);
      } finally {
        release();
      }
    },
    learn: (message, as) => inner.learn(message, as),
    reload: () => inner.reload(),
    close: () => inner.close(),
    stats: () => {
      const s = inner.stats();
      return { ...s, queued: s.queued + waiting.length };
    },
  };
}
