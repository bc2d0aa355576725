import { readFileSync } from 'node:fs';
import { ConfigError } from '../util/errors.js';

/** The fields of a named entry in an /etc/passwd- or /etc/group-style file, or undefined. */
export function findDbEntry(text: string, name: string): string[] | undefined {
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name) return fields;
  }
  return undefined;
}

/** A user or group name (or number) as a numeric id, from /etc/passwd or /etc/group. */
export function lookupId(name: string, file: '/etc/passwd' | '/etc/group'): { id: number; gid?: number } {
  if (/^\d+$/.test(name)) return { id: Number(name) };
  const f = findDbEntry(readFileSync(file, 'latin1'), name);
  if (f?.[2] === undefined) throw new ConfigError(file, 0, `no such ${file === '/etc/passwd' ? 'user' : 'group'}: ${name}`);
  return f[3] !== undefined && file === '/etc/passwd' ? { id: Number(f[2]), gid: Number(f[3]) } : { id: Number(f[2]) };
}
