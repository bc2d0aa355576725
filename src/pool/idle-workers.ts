/**
 * The pool's free workers, handed out longest idle first.
 *
 * Taking the worker freed last (a stack) kept one worker busy under light
 * traffic and left the others cold: their regexes' compiled code, RE2's DFA
 * states and V8's optimised functions were built only when a burst reached
 * them, so the burst paid for it. Round the free ones instead: at 2 in
 * flight after 640 messages sent mostly one at a time, daemon CPU per message
 * went from 7.9-8.2 to 6.5-6.7 ms and p99 latency from 47 to 31-38 ms
 * (docs/speed.md).
 */
export class IdleWorkers<W> {
  private queue: W[] = [];

  get size(): number {
    return this.queue.length;
  }

  /** The worker idle longest, or undefined when all are busy. */
  take(): W | undefined {
    return this.queue.shift();
  }

  /** A worker that just became free goes to the back. */
  give(worker: W): void {
    this.queue.push(worker);
  }

  /** Forget a worker (replaced or retired). */
  remove(worker: W): void {
    this.queue = this.queue.filter((w) => w !== worker);
  }

  /** Replace the whole set (a new generation of workers after a reload, or none at close). */
  reset(workers: readonly W[]): void {
    this.queue = [...workers];
  }
}
