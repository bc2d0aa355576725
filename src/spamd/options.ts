import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { DEFAULT_PORT } from '../protocol/spamd/constants.js';
import { MAX_MESSAGE_BYTES } from '../util/limits.js';
import { DEFAULT_ALLOWED_IPS } from './allowed-ips.js';
import { addSpamdCompatFlags } from './getopt-compat.js';

/**
 * spamd's own option names and short letters, so an existing spamd command
 * line (or /etc/default/spamd OPTIONS) works unchanged. Engine flags
 * (-L, -C, --cf, --pre, -x, --siteconfigpath) come from addEngineFlags.
 */
export function addDaemonFlags<T>(y: Argv<T>) {
  return addSpamdCompatFlags(y)
    .option('listen', { alias: ['i', 'listen-ip', 'ip-address'], type: 'string', array: true, default: [] as string[], describe: 'Listen on [ssl:][host][:port] or a Unix socket path (repeatable; bare -i: all interfaces)' })
    .option('port', { alias: 'p', type: 'number', default: DEFAULT_PORT, describe: 'TCP port' })
    .option('allowed-ips', { alias: 'A', type: 'string', array: true, default: [] as string[], describe: `Peers allowed to connect: addresses, CIDR ranges, "10." prefixes (default ${DEFAULT_ALLOWED_IPS.join(',')})` })
    .option('max-children', { alias: 'm', type: 'number', default: availableParallelism(), describe: 'Scanning worker threads, and concurrent scans (default: the number of cores)' })
    .option('max-connections', { type: 'number', default: 500, describe: 'Open connections at most (the oldest idle one is dropped first)' })
    .option('timeout-tcp', { alias: 'T', type: 'number', default: 30, describe: 'Seconds to receive the request line (0: none)' })
    .option('timeout-child', { alias: 't', type: 'number', default: 300, describe: 'Seconds for headers, body and scan (0: none)' })
    .option('max-message-size', { type: 'number', default: MAX_MESSAGE_BYTES, describe: 'Largest message accepted, in bytes' })
    .option('username', { alias: 'u', type: 'string', describe: 'Run as this user once the sockets are bound' })
    .option('groupname', { alias: 'g', type: 'string', describe: 'Run as this group (default: the primary group of -u)' })
    .option('helper-home-dir', { alias: 'H', type: 'string', describe: 'HOME for helper programs' })
    .option('virtual-config-dir', { type: 'string', describe: 'Per-user prefs directory pattern (%u, %l, %d, %x, %%)' })
    .option('allow-tell', { alias: 'l', type: 'boolean', default: false, describe: 'Enable TELL (learn/forget)' })
    .option('syslog', { alias: 's', type: 'string', default: 'mail', describe: 'Log to: a syslog facility, stderr, null, file, or a log file path' })
    .option('daemonize', { alias: 'd', type: 'boolean', default: false, describe: 'Detach and run in the background; returns once the daemon listens and its pidfile is written' })
    .option('pidfile', { alias: 'r', type: 'string', describe: 'Write the daemon PID here (removed on exit)' })
    .option('socketpath', { type: 'string', describe: 'Listen on this Unix socket (without --listen: no TCP)' })
    .option('socketowner', { type: 'string', describe: 'Owner of the Unix socket' })
    .option('socketgroup', { type: 'string', describe: 'Group of the Unix socket' })
    .option('socketmode', { type: 'string', default: '0666', describe: 'Permissions of the Unix socket (octal)' })
    .option('ssl', { type: 'boolean', default: false, describe: 'TLS on every TCP listener' })
    .option('ssl-port', { type: 'number', describe: 'TLS on every TCP socket, on this port unless the socket names one (as spamd 4.0.1 does)' })
    .option('ssl-verify', { type: 'boolean', default: false, describe: 'Require a client certificate and verify it (implies --ssl)' })
    .option('ssl-ca-file', { type: 'string', describe: 'CA certificates (PEM) that client certificates are verified against (implies --ssl-verify)' })
    .option('ssl-ca-path', { type: 'string', describe: 'Folder of CA certificate files (PEM) for client certificates (implies --ssl-verify)' })
    .option('server-key', { type: 'string', describe: 'TLS private key (PEM)' })
    .option('server-cert', { type: 'string', describe: 'TLS certificate (PEM)' })
    .option('create-prefs', { alias: 'c', type: 'boolean', default: false, describe: 'Accepted for compatibility; prefs files are never created' })
    .option('debug', { alias: 'D', type: 'string', describe: 'Accepted for compatibility' });
}

export interface DaemonFlagValues {
  listen: string[];
  port: number;
  'allowed-ips': string[];
  'max-children': number;
  'max-connections': number;
  'timeout-tcp': number;
  'timeout-child': number;
  'max-message-size': number;
  username?: string;
  groupname?: string;
  'helper-home-dir'?: string;
  'virtual-config-dir'?: string;
  'allow-tell': boolean;
  syslog: string;
  daemonize?: boolean;
  pidfile?: string;
  socketpath?: string;
  socketowner?: string;
  socketgroup?: string;
  socketmode: string;
  ssl: boolean;
  'ssl-port'?: number;
  'ssl-verify'?: boolean;
  'ssl-ca-file'?: string;
  'ssl-ca-path'?: string;
  'server-key'?: string;
  'server-cert'?: string;
  'nouser-config'?: boolean;
  /** `-q`: per-user preferences from SQL (user_scores_dsn). */
  'sql-config'?: boolean;
  'user-config'?: boolean;
  'syslog-socket'?: string;
  ipv4only?: boolean;
  ipv6only?: boolean;
}
