/**
 * The settings file `spamward serve --config FILE` reads: one `key = value`
 * per line, `#` starts a comment line, keys are the long flag names (`-` or
 * `_` alike), a repeated key adds to a list setting (`cf`, `pre`,
 * `trusted-networks`, `allowed-ips`). Values are taken literally (no quotes).
 */
import { readFileSync } from 'node:fs';

export interface SettingTypes {
  known: ReadonlySet<string>;
  booleans: ReadonlySet<string>;
  numbers: ReadonlySet<string>;
  arrays: ReadonlySet<string>;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

export function readConfigFile(path: string, types: SettingTypes): Record<string, unknown> {
  return parseConfigText(readFileSync(path, 'utf8'), types, path);
}

export function parseConfigText(text: string, types: SettingTypes, origin = 'config'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${origin}:${i + 1}`;
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`${where}: expected "key = value"`);
    const key = line.slice(0, eq).trim().replace(/_/g, '-');
    const value = line.slice(eq + 1).trim();
    if (!types.known.has(key) || key === 'config') throw new Error(`${where}: unknown setting "${key}"`);
    const typed = convert(key, value, types, where);
    if (types.arrays.has(key)) out[key] = [...((out[key] as unknown[] | undefined) ?? []), typed];
    else out[key] = typed;
  });
  return out;
}

function convert(key: string, value: string, types: SettingTypes, where: string): unknown {
  if (types.booleans.has(key)) {
    const v = value.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new Error(`${where}: ${key} takes true or false, not "${value}"`);
  }
  if (types.numbers.has(key)) {
    const n = Number(value);
    if (value === '' || !Number.isFinite(n)) throw new Error(`${where}: ${key} takes a number, not "${value}"`);
    return n;
  }
  return value;
}
