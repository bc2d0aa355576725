/**
 * How far V8 lets a heap grow past its live objects before the next full
 * collection. A scanning worker keeps 20-25 MB of live objects (the compiled
 * rules), and its small young generation (pool-worker.ts) promotes much of a
 * scan's short-lived data, so most of what reaches the old space is garbage.
 * V8's own factor (up to 4x the live size, picked from GC and allocation
 * speeds) let each worker's heap reach 127 MB before collecting it: one full
 * collection in 600 corpus messages. With the limit at 1.5x the live size the
 * heap peaked at 72 MB; the full collections (7 instead of 1) added 0.19 ms of
 * pause per message, about 1% of a scan. 1.2x peaked at 61 MB for 0.64 ms;
 * 2x at 89 MB for 0.18 ms. Measured in-process with the worker's young
 * generation, over the corpus. The cost lands on large messages, whose scan
 * holds much live data and so meets more full collections: 10 MB of text
 * took 2.8-2.9 s of CPU against 2.5 (1 MB: 0.41-0.50 s against 0.37-0.39),
 * with the heap's peak at 101 MB against 149-203.
 *
 * The setting is a V8 flag, so it holds for every thread of the process (the
 * main thread's heap is small and barely notices); every worker sets the same
 * value before it builds its engine.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
