/**
 * Store writes a scan starts without waiting for them (Bayes atime touches
 * and expiry, AWL and TxRep updates): a failure is recorded, never thrown
 * into the scan, and flush() waits for every write still running, so an
 * engine closes only after its writes are on disk.
 */
export class BackgroundWrites {
  private readonly running = new Set<Promise<void>>();
  /** The writes that failed, in the order they failed. */
  readonly errors: unknown[] = [];

  /** Tracks `write`; the promise returned settles with it and never rejects. */
  track(write: Promise<unknown>): Promise<void> {
    const p = write.then(
      () => undefined,
      (e: unknown) => void this.errors.push(e),
    );
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
