import { isAbsolute } from 'node:path';
import { ConfigError } from '../util/errors.js';

export type ListenSpec =
  | { kind: 'tcp'; host: string; port: number; tls: boolean }
  | { kind: 'unix'; path: string };

/**
 * One `-i/--listen` value as spamd reads it: `[ssl:][host][:port]` or an
 * absolute path for a Unix socket. `*` or an empty host means all
 * interfaces; IPv6 hosts go in brackets (`[::1]:783`). A TLS socket
 * without a port of its own takes `sslPort` when given (spamd's
 * `--ssl-port`), else `defaultPort`.
 */
export function parseListenSpec(spec: string, defaultPort: number, sslByDefault: boolean, sslPort?: number, family?: 4 | 6): ListenSpec[] {
  if (isAbsolute(spec)) return [{ kind: 'unix', path: spec }];
  let rest = spec;
  let tls = sslByDefault;
  if (/^ssl:/i.test(rest)) {
    tls = true;
    rest = rest.slice(4);
  }
  const m = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d*))?$/.exec(rest) ?? /^()([^[\]]*:[^[\]]*)$/.exec(rest);
  if (m === null) throw new ConfigError('--listen', 0, `cannot parse listen address: ${spec}`);
  const host = m[1] ?? m[2] ?? '';
  const port = m[3] !== undefined && m[3] !== '' ? Number(m[3]) : tls && sslPort !== undefined ? sslPort : defaultPort;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('--listen', 0, `bad port in ${spec}`);
  if (host === '' || host === '*') return [{ kind: 'tcp', host: family === 4 ? '0.0.0.0' : '::', port, tls }];
  if (host === 'localhost') {
    const both: ListenSpec[] = [{ kind: 'tcp', host: '127.0.0.1', port, tls }, { kind: 'tcp', host: '::1', port, tls }];
    return family === undefined ? both : both.filter((s) => s.kind === 'tcp' && s.host.includes(':') === (family === 6));
  }
  return [{ kind: 'tcp', host, port, tls }];
}

/**
 * Every socket the daemon opens, from the spamd-style options. As in
 * spamd 4.0.1 (its manual says otherwise, its code does this), `--ssl-port`
 * makes every TCP socket TLS, on that port unless the spec names one:
 * there is no plain socket beside it. `family` (spamd's -4 / -6) keeps
 * `localhost` and `*` to that address family.
 */
export function listenSpecs(opts: { listen: string[]; port: number; ssl: boolean; sslPort?: number; socketpath?: string; family?: 4 | 6 }): ListenSpec[] {
  const ssl = opts.ssl || opts.sslPort !== undefined;
  const specs = opts.listen.flatMap((l) => parseListenSpec(l, opts.port, ssl, opts.sslPort, opts.family));
  if (opts.socketpath !== undefined) specs.push({ kind: 'unix', path: opts.socketpath });
  // spamd's default is loopback; --socketpath alone means no TCP at all.
  if (opts.listen.length === 0 && opts.socketpath === undefined) specs.push(...parseListenSpec('localhost', opts.port, ssl, opts.sslPort, opts.family));
  return specs;
}
