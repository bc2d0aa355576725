/**
 * Line wrapping as SpamAssassin's Util::wrap does it: split at break points
 * (keeping the separators), then greedily join pieces while the line stays
 * within `length` (tabs count 8). Header folding, report descriptions and the
 * content preview all depend on its exact choices.
 */
import { isPerlSpace, trimEndWhere } from '../message/octets.js';

export interface WrapOptions {
  prefix?: string;
  first?: string;
  length?: number;
  /** Allow a line to overflow instead of looking ahead at the next piece. */
  overflow?: boolean;
  /** Break points, as a regex with ONE capturing group around the separator. */
  breakAt?: RegExp;
}

const DEFAULT_BREAK = /([\t\n\x0B\f\r ])/;

export function wrap(text: string, opts: WrapOptions = {}): string {
  const prefix = opts.prefix ?? '';
  const length = opts.length ?? 77;
  const arr = text === '' ? [] : text.split(opts.breakAt ?? DEFAULT_BREAK);
  trimTrailingEmpty(arr);
  if (opts.first) arr.unshift(opts.first);
  let pos = 0;
  let joined = false;
  while (arr.length - 1 > pos) {
    let len = width(arr[pos] ?? '');
    if (joined && !opts.overflow) len += width(arr[pos + 1] ?? '');
    if (len <= length) {
      arr[pos] = (arr[pos] ?? '') + (arr.splice(pos + 1, 1)[0] ?? '');
      joined = true;
    } else {
      // Perl's /\s+$/ on octets (JS's trimEnd would also take \xA0, a byte inside UTF-8 characters),
      // without the regex's quadratic retries on long inner runs.
      arr[pos] = trimEndWhere(arr[pos] ?? '', isPerlSpace);
      pos++;
      joined = false;
      arr.splice(pos, 0, prefix);
    }
  }
  return arr.join('\n');
}

function width(s: string): number {
  let tabs = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 9) tabs++;
  return s.length + tabs * 7;
}

/** Perl's split drops trailing empty fields. */
function trimTrailingEmpty(arr: string[]): void {
  while (arr.length > 0 && arr[arr.length - 1] === '') arr.pop();
}
