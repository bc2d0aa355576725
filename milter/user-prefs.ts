/**
 * Per-recipient preferences. One scan serves all recipients of a message
 * (the MTA takes one decision for the whole DATA), so the rule is: the
 * preferences of the FIRST recipient that has a user_prefs file apply.
 * Recipients without a file fall back to the site configuration. SQL
 * preferences follow spamass-milter's -u instead (sqlUserFor): a database
 * answers for any user name (its @GLOBAL rows at least), so there is no
 * "first recipient that has some" to look for.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlPrefsChoice } from './options.js';

/** Splits `<Local@Domain>` into lower-cased parts, or null when it is not a plain address. */
export function addressParts(rcpt: string): { address: string; local: string; domain: string } | null {
  const address = rcpt.trim().replace(/^<(.*)>$/, '$1').toLowerCase();
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1);
  // Path characters in an address would let a sender pick any file on the host.
  if (address === '' || /[/\\\0]/.test(address) || local.startsWith('.') || domain.startsWith('.') || address.includes('..')) {
    return null;
  }
  return { address, local, domain };
}

/** Expands %u, %l, %d and %% in a virtual-config pattern. */
export function expandPattern(pattern: string, parts: { address: string; local: string; domain: string }): string {
  return pattern.replace(/%([%uld])/g, (_m, c: string) =>
    c === '%' ? '%' : c === 'u' ? parts.address : c === 'l' ? parts.local : parts.domain,
  );
}

export function userPrefsFor(
  recipients: readonly string[],
  pattern: string | undefined,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (pattern === undefined) return undefined;
  for (const rcpt of recipients) {
    const parts = addressParts(rcpt);
    if (parts === null) continue;
    const path = join(expandPattern(pattern, parts), 'user_prefs');
    if (exists(path)) return path;
  }
  return undefined;
}

/** The SQL preferences user: the only recipient (address or local part), else the default user. */
export function sqlUserFor(recipients: readonly string[], choice: SqlPrefsChoice): string {
  const parts = recipients.length === 1 ? addressParts(recipients[0] ?? '') : null;
  if (parts === null) return choice.defaultUser;
  return choice.user === 'local' ? parts.local : parts.address;
}
