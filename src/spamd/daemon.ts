import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/api-types.js';
import { ConfigError } from '../util/errors.js';
import { DEFAULT_ALLOWED_IPS } from './allowed-ips.js';
import { listenSpecs } from './listen-spec.js';
import { createLogger, type DaemonLogger } from './logger.js';
import type { DaemonFlagValues } from './options.js';
import { SpamdServer, type BoundAddress, type ServerOptions } from './server.js';
import { lookupId } from './system-ids.js';

/** Turns the command-line values into server options (reads key and certificate files). */
export function serverOptionsFrom(f: DaemonFlagValues): ServerOptions {
  const clientCas = clientCertificateAuthorities(f);
  const mode = Number.parseInt(f.socketmode, 8);
  if (Number.isNaN(mode)) throw new ConfigError('--socketmode', 0, `not an octal mode: ${f.socketmode}`);
  const opts: ServerOptions = {
    listen: listenSpecs({
      listen: f.listen,
      port: f.port,
      // --ssl-verify (and the CA options, which imply it) implies --ssl, as in spamd.
      ssl: f.ssl || clientCas !== undefined,
      ...(f['ssl-port'] !== undefined ? { sslPort: f['ssl-port'] } : {}),
      ...(f.ipv4only ? { family: 4 as const } : f.ipv6only ? { family: 6 as const } : {}),
      ...(f.socketpath !== undefined ? { socketpath: f.socketpath } : {}),
    }),
    allowedIps: f['allowed-ips'].length > 0 ? f['allowed-ips'] : DEFAULT_ALLOWED_IPS,
    maxChildren: Math.max(1, f['max-children']),
    maxConnections: Math.max(2, f['max-connections']),
    allowTell: f['allow-tell'],
    timeoutTcp: f['timeout-tcp'],
    timeoutChild: f['timeout-child'],
    maxMessageBytes: f['max-message-size'],
    maxLineBytes: 8192,
    userPrefs: {
      noUserConfig: f['nouser-config'] ?? false,
      sqlConfig: f['sql-config'] ?? false,
      ...(f['virtual-config-dir'] !== undefined ? { virtualConfigDir: f['virtual-config-dir'] } : {}),
    },
    unixSocket: {
      mode,
      ...(f.socketowner !== undefined ? { uid: lookupId(f.socketowner, '/etc/passwd').id } : {}),
      ...(f.socketgroup !== undefined ? { gid: lookupId(f.socketgroup, '/etc/group').id } : {}),
    },
  };
  if (f['server-key'] !== undefined && f['server-cert'] !== undefined) {
    opts.tls = { key: readFileSync(f['server-key']), cert: readFileSync(f['server-cert']), ...(clientCas !== undefined ? { clientCas } : {}) };
  } else if (f.ssl || opts.listen.some((l) => l.kind === 'tcp' && l.tls)) {
    throw new ConfigError('--ssl', 0, 'TLS needs --server-key and --server-cert');
  }
  return opts;
}

/**
 * With --ssl-verify (or --ssl-ca-file / --ssl-ca-path, which imply it) the
 * CA certificates client certificates must chain to: the file's, and every
 * certificate file in the folder (OpenSSL's hashed names or any other).
 * Undefined when clients are not verified. Missing paths stop the start,
 * as in spamd.
 */
function clientCertificateAuthorities(f: DaemonFlagValues): Buffer[] | undefined {
  const file = f['ssl-ca-file'];
  const folder = f['ssl-ca-path'];
  if (!f['ssl-verify'] && file === undefined && folder === undefined) return undefined;
  for (const [flag, path] of [['--ssl-ca-file', file], ['--ssl-ca-path', folder]] as const) {
    if (path !== undefined && !existsSync(path)) throw new ConfigError(flag, 0, `${path} does not exist`);
  }
  const cas: Buffer[] = [];
  if (file !== undefined) cas.push(readFileSync(file));
  if (folder !== undefined) cas.push(...certificateFilesIn(folder));
  return cas;
}

function certificateFilesIn(folder: string): Buffer[] {
  const out: Buffer[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    const data = readFileSync(path);
    if (data.includes('-----BEGIN CERTIFICATE-----')) out.push(data);
  }
  return out;
}

/** Gives up root after the sockets are bound (`-u`, `-g`), as spamd does. */
export function dropPrivileges(f: DaemonFlagValues, log: DaemonLogger): void {
  if (f.username === undefined) {
    if (process.getuid?.() === 0) log.warn('spamd: running as root without -u: pass -u to run as an unprivileged user');
    return;
  }
  const user = lookupId(f.username, '/etc/passwd');
  if (user.id === 0) throw new ConfigError('--username', 0, 'refusing to run as root');
  const gid = f.groupname !== undefined ? lookupId(f.groupname, '/etc/group').id : user.gid;
  if (process.getuid?.() !== 0) return;
  if (gid !== undefined) {
    process.setgroups?.([gid]);
    process.setgid?.(gid);
  }
  process.setuid?.(user.id);
  log.info(`spamd: now running as uid ${user.id}`);
}

export interface RunningDaemon {
  server: SpamdServer;
  addresses: BoundAddress[];
  stop(): Promise<void>;
}

/**
 * Starts the daemon in the foreground: listeners, pidfile, privilege drop,
 * signals (TERM/INT stop, HUP reloads the rules).
 */
export async function runDaemon(f: DaemonFlagValues, engine: Engine, logger?: DaemonLogger): Promise<RunningDaemon> {
  const log = logger ?? createLogger(f.syslog);
  if (f['helper-home-dir'] !== undefined && f['helper-home-dir'] !== '') process.env.HOME = f['helper-home-dir'];
  const server = new SpamdServer(engine, serverOptionsFrom(f), log);
  const addresses = await server.start();
  if (f.pidfile !== undefined) writeFileSync(f.pidfile, `${process.pid}\n`);
  dropPrivileges(f, log);
  let stopping: Promise<void> | undefined;
  const stop = (signal?: NodeJS.Signals) => {
    stopping ??= (async () => {
      log.info(`spamd: server killed${signal ? ` by ${signal}` : ''}, shutting down`);
      await server.close();
      await engine.close();
      if (f.pidfile !== undefined) tryUnlink(f.pidfile);
      log.close();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void stop(signal).then(() => process.exit(0));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.on('SIGHUP', () => {
    log.info('spamd: server hit by SIGHUP, reloading rules');
    engine.reload().catch((err: unknown) => log.warn(`spamd: reload failed: ${String(err)}`));
  });
  return { server, addresses, stop };
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
