/**
 * AuthRes (not loaded by Debian's default .pre files): the results an MTA's
 * own filters (OpenDKIM, OpenDMARC, an SPF policy daemon) wrote into
 * Authentication-Results and ARC-Authentication-Results headers, for
 * `check_authres_result('method', 'result')` (or `'missing'`).
 *
 * Only the headers from the relays `authres_networks` names are read
 * (internal, the default; trusted; or all), and of those only the ones whose
 * authserv-id `authres_trusted_authserv` lists (when it lists any) and
 * `authres_ignored_authserv` does not. A method's result is the first one
 * found, unless a later one says pass.
 */
import type { ScanContext } from '../scan/context-types.js';
import { AUTHRES_METHODS, AuthResRejected, parseAuthResHeader, type AuthResOptions } from './auth-results/authres-header.js';
import { perConfig } from '../config/per-config.js';
import { HEAD, evalDef, type EvalTable } from './define.js';
import { memo } from './util/memo.js';

const PLUGIN = 'AuthRes';

const HEADERS_OF: Readonly<Record<string, string>> = { internal: 'ALL-INTERNAL', trusted: 'ALL-TRUSTED', all: 'ALL' };
// Perl's `.` stops at a newline only (JavaScript's also at \r).
const AUTHRES_LINE = /^((?:Arc-)?Authentication-Results):[ \t\n\r\f\x0b]*([^\n]+)/i;

interface AuthResSettings extends AuthResOptions {
  /** The pseudo-header holding the headers of the relays authres_networks names. */
  source: string;
}

const settingsOf = perConfig((conf): AuthResSettings => {
  const lowerWords = (setting: string) => new Set((conf.lists.get(setting) ?? []).flatMap((v) => v.toLowerCase().split(/\s+/)).filter((w) => w !== ''));
  const networks = (conf.other.get('authres_networks') ?? 'internal').toLowerCase();
  return { source: HEADERS_OF[networks] ?? 'ALL-INTERNAL', trusted: lowerWords('authres_trusted_authserv'), ignored: lowerWords('authres_ignored_authserv') };
});

/** Method -> result for the message, undefined when no header was found at all. */
function authResults(ctx: ScanContext): Map<string, string> | undefined {
  return memo(ctx, 'authres', () => {
    const settings = settingsOf(ctx.conf);
    const text = ctx.header(settings.source);
    const headers = text.split(/(?<=\n)/).flatMap((line) => {
      const m = AUTHRES_LINE.exec(line);
      return m ? [[m[1] as string, m[2] as string] as const] : [];
    });
    if (headers.length === 0) return undefined;
    const found = new Map<string, string[]>();
    for (const [name, value] of headers) {
      let methods;
      try {
        methods = parseAuthResHeader(name, value, settings);
      } catch (err) {
        if (err instanceof AuthResRejected) continue;
        throw err;
      }
      for (const { method, result } of methods) found.set(method, [...(found.get(method) ?? []), result]);
    }
    const results = new Map<string, string>();
    for (const method of AUTHRES_METHODS) {
      for (const result of found.get(method) ?? []) if (!results.has(method) || result === 'pass') results.set(method, result);
    }
    return results;
  });
}

function checkAuthresResult(ctx: ScanContext, args: readonly string[]): number {
  const result = authResults(ctx)?.get(args[0] ?? '');
  const wanted = (args[1] ?? '').toLowerCase();
  if (wanted === 'missing') return result === undefined ? 1 : 0;
  return result !== undefined && result === wanted ? 1 : 0;
}

export const authResEvals: EvalTable = {
  check_authres_result: evalDef(PLUGIN, HEAD, checkAuthresResult),
};
