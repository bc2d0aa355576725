/** Everything a spamc command line can say, with spamc 4.0.1's defaults. */

export type SpamcMode = 'process' | 'headers' | 'check' | 'symbols' | 'report' | 'report_ifspam' | 'ping' | 'learn' | 'report_msg';

export interface SpamcOptions {
  /** `-d`: host list (comma-separated in one argument); empty means loopback. */
  hosts: string[];
  port: number;
  socketPath?: string;
  randomize: boolean;
  family?: 4 | 6;
  user?: string;
  check: boolean;
  symbols: boolean;
  reportIfSpam: boolean;
  report: boolean;
  headers: boolean;
  ping: boolean;
  learnType?: 'spam' | 'ham' | 'forget';
  reportType?: 'report' | 'revoke';
  exitCode: boolean;
  safeFallback: boolean;
  unavailableTempfail: boolean;
  /** `-s`: largest message sent; bigger input passes through unscanned. */
  maxSize: number;
  /** `-t`: seconds (0: none). */
  timeout: number;
  /** `-n`: seconds; undefined: no connect timeout. */
  connectTimeout?: number;
  connectRetries: number;
  retrySleep: number;
  filterRetries: number;
  filterRetrySleep: number;
  compress: boolean;
  bsmtp: boolean;
  logToStderr: boolean;
  /** `-e`: command and arguments to pipe the output to. */
  pipeTo?: string[];
  ssl: boolean;
  sslCert?: string;
  sslKey?: string;
  sslCaFile?: string;
  sslCaPath?: string;
  help: boolean;
  version: boolean;
}

/** spamc's hard cap for `-s` (256 MiB). */
export const SPAMC_MAX_MESSAGE_LEN = 256 * 1024 * 1024;

export function defaultOptions(): SpamcOptions {
  return {
    hosts: [],
    port: 783,
    randomize: false,
    check: false,
    symbols: false,
    reportIfSpam: false,
    report: false,
    headers: false,
    ping: false,
    exitCode: false,
    safeFallback: true,
    unavailableTempfail: false,
    maxSize: 500 * 1024,
    timeout: 600,
    connectRetries: 3,
    retrySleep: 1,
    filterRetries: 1,
    filterRetrySleep: 1,
    compress: false,
    bsmtp: false,
    logToStderr: false,
    ssl: false,
    help: false,
    version: false,
  };
}

/** Which request a command line makes: TELL first, then spamc's fixed priority. */
export function modeOf(o: SpamcOptions): SpamcMode {
  if (o.learnType !== undefined) return 'learn';
  if (o.reportType !== undefined) return 'report_msg';
  if (o.check) return 'check';
  if (o.reportIfSpam) return 'report_ifspam';
  if (o.report) return 'report';
  if (o.symbols) return 'symbols';
  if (o.ping) return 'ping';
  if (o.headers) return 'headers';
  return 'process';
}
