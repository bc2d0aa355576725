/**
 * Value syntax of SpamAssassin settings (Conf/Parser.pm set_*_value): what
 * counts as a number, a boolean or a duration. Each parser returns the value
 * or `undefined` when the text is not acceptable.
 */

/** `^[+-]?\d+(\.\d*)?$`: SpamAssassin's numeric setting syntax (no exponent, no leading dot). */
export function parseNumeric(text: string): number | undefined {
  return /^[+-]?\d+(?:\.\d*)?$/.test(text) ? Number(text) : undefined;
}

/** 1/0/yes/no in any case. */
export function parseBool(text: string): boolean | undefined {
  const v = text.toLowerCase();
  if (v === 'yes' || v === '1') return true;
  if (v === 'no' || v === '0') return false;
  return undefined;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A number of seconds with an optional s/m/h/d/w suffix, e.g. `3w`, `1.5h`. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\+?\d+(?:\.\d*)?)(?:\s*([smhdw]))?$/i.exec(text);
  if (m === null) return undefined;
  const unit = m[2] === undefined ? 1 : (DURATION_UNITS[m[2].toLowerCase()] ?? 1);
  return Number(m[1]) * unit;
}

/** Splits a value at whitespace runs, as Perl's `split(/\s+/)` on a trimmed string. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/** Template lines: one pair of surrounding double quotes is removed (non-greedy, as SA's `^"(.*?)"$`). */
export function unquoteTemplate(text: string): string {
  const m = /^"([\s\S]*?)"$/.exec(text);
  return m === null ? text : (m[1] as string);
}

/** Rule names: `^[_a-zA-Z][_a-zA-Z0-9]{0,127}$`. */
export const RULE_NAME_RE = /^[_a-zA-Z][_a-zA-Z0-9]{0,127}$/;

export function isRuleName(name: string): boolean {
  return RULE_NAME_RE.test(name);
}
