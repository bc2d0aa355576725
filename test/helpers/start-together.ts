/**
 * Starts several daemons at once for a test file's `before`. When one fails,
 * the others that did start are stopped before the error is passed on: a
 * `before` that failed never assigns them, so its `after` could not stop
 * them, and a live child keeps the test file from ever finishing.
 */
interface Stoppable {
  stop(): Promise<unknown>;
}

export async function startTogether<T extends readonly Stoppable[]>(starts: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts as readonly Promise<Stoppable>[]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed === undefined) return settled.map((s) => (s as PromiseFulfilledResult<Stoppable>).value) as unknown as T;
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  throw failed.reason;
}
