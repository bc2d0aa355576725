import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanOptions } from '../engine/api-types.js';
import { findDbEntry } from './system-ids.js';

/** How the `User:` header selects preferences (spamd's -x, --virtual-config-dir). */
export interface UserPrefsPolicy {
  /** `-x/--nouser-config`: never read ~user/.spamassassin/user_prefs. */
  noUserConfig: boolean;
  /** `-q/--sql-config`: the user's preferences from SQL too (user_scores_dsn). */
  sqlConfig?: boolean;
  /** `--virtual-config-dir` pattern with %u, %l, %d, %x, %%. */
  virtualConfigDir?: string;
  /** Where to look users up (getpwnam); /etc/passwd by default. */
  passwdFile?: string;
}

/**
 * Characters spamd keeps in a user name used in a path; all others become `_`.
 * We also refuse `.` and `..` as a whole name (spamd does not): they would
 * climb out of the virtual config tree.
 */
export function safeUserName(user: string): string {
  const safe = user.replace(/[^-A-Za-z0-9+_.,@=]/g, '_');
  return safe === '.' || safe === '..' ? safe.replace(/\./g, '_') : safe;
}

/**
 * The directory a --virtual-config-dir pattern names for a user. Like spamd,
 * `%x` means the full address's directory if it holds user_prefs, else the
 * domain's; the other escapes are replaced in the order %u, %l, %d, %%.
 */
export async function virtualConfigDir(pattern: string, user: string): Promise<string> {
  const safe = safeUserName(user);
  const at = /^(.*)@(.*)$/.exec(safe);
  const local = at?.[1] ?? '';
  const domain = at?.[2] ?? '';
  if (pattern.includes('%x')) {
    const full = pattern.replaceAll('%x', safe);
    return (await exists(join(full, 'user_prefs'))) ? full : pattern.replaceAll('%x', domain);
  }
  return pattern.replaceAll('%u', safe).replaceAll('%l', local).replaceAll('%d', domain).replaceAll('%%', '%');
}

/** Home directory of a local user, from the passwd file (no NSS modules). */
export async function homeOf(user: string, passwdFile = '/etc/passwd'): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(passwdFile, 'latin1');
  } catch {
    return undefined;
  }
  return findDbEntry(text, user)?.[5];
}

/**
 * The per-user preferences of a request, as spamd picks them: with `-q` the
 * user's SQL preferences (`nobody`'s without a User header; with `-x` the
 * SQL ones alone, a --virtual-config-dir then unused), else or besides them
 * the user_prefs file.
 */
export async function userPrefsFor(user: string | undefined, policy: UserPrefsPolicy): Promise<Pick<ScanOptions, 'userPrefsPath' | 'sqlPrefsUser'>> {
  if (policy.sqlConfig) {
    if (user === undefined) return { sqlPrefsUser: 'nobody' };
    if (policy.noUserConfig) return { sqlPrefsUser: user };
    return { ...(await userPrefsFile(user, policy)), sqlPrefsUser: user };
  }
  return userPrefsFile(user, policy);
}

/** ScanOptions.userPrefsPath for a request, or nothing when no per-user file applies. */
async function userPrefsFile(user: string | undefined, policy: UserPrefsPolicy): Promise<Pick<ScanOptions, 'userPrefsPath'>> {
  if (user === undefined || user === '') return {};
  let path: string | undefined;
  if (policy.virtualConfigDir !== undefined) {
    path = join(await virtualConfigDir(policy.virtualConfigDir, user), 'user_prefs');
  } else if (!policy.noUserConfig) {
    const home = await homeOf(user, policy.passwdFile);
    if (home !== undefined && home !== '') path = join(home, '.spamassassin', 'user_prefs');
  }
  return path !== undefined && (await exists(path)) ? { userPrefsPath: path } : {};
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
