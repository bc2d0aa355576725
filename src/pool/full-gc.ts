/**
 * One full, compacting garbage collection of this thread's heap, for a
 * worker that has just built its engine. Compiling the stock rules leaves
 * about as much garbage as it keeps (parse trees, translated sources,
 * throwaway native objects); an idle worker's V8 never collects it by itself,
 * so without this every worker sat on it for good (measured: 40-60 MB of heap
 * per worker). Node offers no GC call without --expose-gc, which a worker
 * cannot be given (a V8 flag, refused in its execArgv): the flag is set at run
 * time and the function taken from a fresh context, once, when the engine is
 * ready.
 *
 * The collection also compacts. A plain full GC frees the garbage but leaves
 * the survivors spread over half-empty pages, and V8 keeps those pages: after
 * the build, 34-45 MB of old space held 20-21 MB of live objects. Compacting
 * moves the survivors together and gives the emptied pages back (measured:
 * old space 21 MB for 20 MB live, per worker). V8 offers compaction on demand
 * only as a flag; it is raised for this one collection and lowered again, so
 * the collections V8 runs while scanning keep their own heuristics.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
