/**
 * Just enough of C `sscanf` to read spamd reply lines the way libspamc does:
 * a space in the pattern skips any whitespace (even none), `%Ns` takes up to
 * N non-space characters, `%d` a signed decimal, other characters must match.
 * Returns the converted fields in order; matching stops at the first failure,
 * so callers compare the count as C code does.
 */
export function scan(input: string, pattern: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (let p = 0; p < pattern.length; p++) {
    const c = pattern[p] as string;
    if (c === ' ') {
      while (i < input.length && /\s/.test(input[i] as string)) i++;
    } else if (c === '%') {
      const m = /^(\d*)([sd])/.exec(pattern.slice(p + 1));
      if (m === null) return out;
      p += m[0].length;
      while (i < input.length && /\s/.test(input[i] as string)) i++;
      const width = m[1] === '' ? Infinity : Number(m[1]);
      const re = m[2] === 's' ? /^\S+/ : /^[+-]?\d+/;
      const got = re.exec(input.slice(i));
      if (got === null) return out;
      const field = got[0].slice(0, width);
      if (m[2] === 'd' && !/\d/.test(field)) return out;
      out.push(field);
      i += field.length;
    } else {
      if (input[i] !== c) return out;
      i++;
    }
  }
  return out;
}

/**
 * libspamc's locale-independent float reader, which spamc uses for scores:
 * integer part, then the digits after the dot divided by 10^(characters
 * after the dot), all in single precision. "-0.0" therefore reads as +0.
 */
export function libspamcFloat(text: string): number {
  const s = text.slice(0, 19);
  const isNeg = s.startsWith('-');
  const intMatch = /^\s*[+-]?\d*/.exec(s)?.[0] ?? '';
  let ret = Math.fround(parseIntOrZero(intMatch));
  const rest = s.slice(intMatch.length);
  if (!rest.startsWith('.')) return ret;
  const after = rest.slice(1);
  const postdot = Math.fround(parseIntOrZero(/^\s*[+-]?\d*/.exec(after)?.[0] ?? ''));
  if (Math.abs(postdot) <= 0.00001) return ret;
  const divider = Math.fround(10 ** after.length);
  const frac = Math.fround(postdot / divider);
  ret = Math.fround(isNeg ? ret - frac : ret + frac);
  return ret;
}

function parseIntOrZero(s: string): number {
  const n = Number.parseInt(s, 10);
  return Number.isNaN(n) ? 0 : n === 0 ? 0 : n;
}
