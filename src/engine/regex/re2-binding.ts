/**
 * The optional native RE2 binding (npm `re2`), used for multi-pattern sets.
 * It is a compiled addon: where it could not be built the engine runs every
 * rule on its own JS RegExp instead, with the same results, only slower.
 */
import { createRequire } from 'node:module';

export interface Re2Set {
  /** Members matching somewhere in the subject; bytes are taken as UTF-8 as they are, a string is encoded first. */
  match(subject: string | Uint8Array): number[];
}

export interface Re2SetConstructor {
  new (patterns: string[], flags: string, options: { anchor?: 'unanchored'; maxMem?: number }): Re2Set;
}

interface Re2Module {
  new (pattern: string, flags: string): unknown;
  Set: Re2SetConstructor;
}

let loaded: Re2Module | null | undefined;

/** The binding, or undefined when it is not installed or not loadable in this process. */
export function re2Binding(): Re2Module | undefined {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('re2') as Re2Module;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/**
 * Turns the sets off (or back on) for rule sets compiled after the call, so
 * tests and benchmarks can compare both paths in one process.
 */
export function setRe2Enabled(enabled: boolean): void {
  loaded = enabled ? undefined : null;
}
