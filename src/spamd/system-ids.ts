import { readFileSync } from 'node:fs';
import { ConfigError } from '../util/errors.js';

/** A user or group name (or number) as a numeric id, from /etc/passwd or /etc/group. */
export function lookupId(name: string, file: '/etc/passwd' | '/etc/group'): { id: number; gid?: number } {
  if (/^\d+$/.test(name)) return { id: Number(name) };
  const text = readFileSync(file, 'latin1');
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined) {
      return f[3] !== undefined && file === '/etc/passwd' ? { id: Number(f[2]), gid: Number(f[3]) } : { id: Number(f[2]) };
    }
  }
  throw new ConfigError(file, 0, `no such ${file === '/etc/passwd' ? 'user' : 'group'}: ${name}`);
}
