/**
 * One full garbage collection of this thread's heap, for a worker that has
 * just built its engine. Compiling the stock rules leaves about as much
 * garbage as it keeps (parse trees, translated sources, throwaway native
 * objects); an idle worker's V8 never collects it by itself, so without this
 * every worker sat on it for good (measured: 40-60 MB of heap per worker).
 * Node offers no GC call without --expose-gc, which a worker cannot be given
 * (a V8 flag, refused in its execArgv): the flag is set at run time and the
 * function taken from a fresh context, once, when the engine is ready.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
