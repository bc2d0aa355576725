/**
 * `eval:fn(args)` parsing. The argument rules follow SpamAssassin's
 * pack_eval_args: each argument is a quoted string ('…' or "…", no escapes,
 * ended by the same quote) or a bare token of `[\d.:A-Za-z-]`, separated by
 * commas; anything left over makes the whole call invalid.
 */

const ARG = /^\s*(?:(['"])(.*?)\1|([\d.:A-Za-z-]+?))\s*(?:,\s*|$)/s;

/** The argument list, or `undefined` on a syntax error. */
export function packEvalArgs(text: string): string[] | undefined {
  if (/^\s+$/.test(text)) return [];
  const args: string[] = [];
  let rest = text;
  for (;;) {
    const m = ARG.exec(rest);
    // An empty match would loop forever; Perl's s/// stops the same way once nothing is consumed.
    if (m === null || m[0] === '') break;
    args.push(m[2] ?? m[3] ?? '');
    rest = rest.slice(m[0].length);
  }
  return rest === '' ? args : undefined;
}

export interface ParsedEval {
  fn: string;
  args: string[];
}

/** Splits `fn(args)` (the text after `eval:`); `undefined` when it is not a call or the args are invalid. */
export function parseEvalCall(text: string): ParsedEval | undefined {
  const m = /^(\w+)\((.*?)\)$/s.exec(text);
  if (m === null) return undefined;
  const args = packEvalArgs(m[2] as string);
  return args === undefined ? undefined : { fn: m[1] as string, args };
}
