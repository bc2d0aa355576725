/** Dropping root after the listening socket is bound (`-u user`). */
import { readFileSync } from 'node:fs';
import { SpamwardError } from '../src/util/errors.js';

interface Account {
  uid: number;
  gid: number;
}

/** Looks a user up in the passwd file (by name or numeric id). */
export function lookupUser(user: string, passwd = '/etc/passwd'): Account {
  const lines = readFileSync(passwd, 'latin1').split('\n');
  for (const line of lines) {
    const f = line.split(':');
    if (f.length < 4) continue;
    if (f[0] === user || f[2] === user) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new SpamwardError('ERR_CONFIG', `unknown user ${JSON.stringify(user)}`);
}

/** Switches group first (it needs root), then drops supplementary groups, then the user. */
export function dropPrivileges(user: string, group: string | undefined): Account {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new SpamwardError('ERR_CONFIG', `--user ${user} needs the milter to start as root`);
  }
  const account = lookupUser(user);
  const gid: string | number = group ?? account.gid;
  process.setgroups?.([gid]);
  process.setgid?.(gid);
  process.setuid?.(account.uid);
  return { uid: process.getuid(), gid: process.getgid?.() ?? account.gid };
}

/** Resolves `user[:group]` to numeric ids for chown. */
export function ownerIds(owner: string): Account {
  const [user, group] = owner.split(':');
  const account = lookupUser(user as string);
  if (group === undefined || group === '') return account;
  if (/^\d+$/.test(group)) return { uid: account.uid, gid: Number(group) };
  for (const line of readFileSync('/etc/group', 'latin1').split('\n')) {
    const f = line.split(':');
    if (f[0] === group && f[2] !== undefined) return { uid: account.uid, gid: Number(f[2]) };
  }
  throw new SpamwardError('ERR_CONFIG', `unknown group ${JSON.stringify(group)}`);
}
