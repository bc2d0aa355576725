import { defaultOptions, SPAMC_MAX_MESSAGE_LEN, type SpamcOptions } from './options.js';

type ArgKind = 'none' | 'required' | 'optional';
type Setter = (o: SpamcOptions, value: string | undefined, problems: string[]) => void;

interface OptionDef {
  short?: string;
  long?: string;
  arg: ArgKind;
  set: Setter;
}

/** C `atoi`: leading integer or 0, never an error. */
export function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m === null ? 0 : Math.trunc(Number(m[0])) | 0;
}

const flag = (fn: (o: SpamcOptions) => void): Setter => (o) => fn(o);

const OPTIONS: OptionDef[] = [
  { short: 'd', long: 'dest', arg: 'required', set: (o, v) => (o.hosts = (v ?? '').split(',')) },
  { short: 'H', long: 'randomize', arg: 'none', set: flag((o) => (o.randomize = true)) },
  { short: 'p', long: 'port', arg: 'required', set: (o, v) => (o.port = atoi(v ?? '') & 0xffff) },
  { short: 'S', arg: 'none', set: flag((o) => (o.ssl = true)) },
  { long: 'ssl', arg: 'optional', set: setSsl },
  { long: 'ssl-cert', arg: 'optional', set: (o, v) => (o.sslCert = v ?? '') },
  { long: 'ssl-key', arg: 'optional', set: (o, v) => (o.sslKey = v ?? '') },
  { long: 'ssl-ca-file', arg: 'optional', set: (o, v) => (o.sslCaFile = v ?? '') },
  { long: 'ssl-ca-path', arg: 'optional', set: (o, v) => (o.sslCaPath = v ?? '') },
  { short: 'U', long: 'socket', arg: 'required', set: (o, v) => (o.socketPath = v) },
  // -F is taken from argv before parsing (see config-file.ts); here it only consumes its word.
  { short: 'F', long: 'config', arg: 'required', set: () => {} },
  { short: 't', long: 'timeout', arg: 'required', set: setTimeoutOpt },
  { short: 'n', long: 'connect-timeout', arg: 'required', set: (o, v) => (o.connectTimeout = atoi(v ?? '')) },
  { long: 'filter-retries', arg: 'required', set: (o, v) => (o.filterRetries = atoi(v ?? '')) },
  { long: 'filter-retry-sleep', arg: 'required', set: (o, v) => (o.filterRetrySleep = atoi(v ?? '')) },
  { long: 'connect-retries', arg: 'required', set: (o, v) => (o.connectRetries = atoi(v ?? '')) },
  { long: 'retry-sleep', arg: 'required', set: (o, v) => (o.retrySleep = atoi(v ?? '')) },
  { short: 's', long: 'max-size', arg: 'required', set: (o, v) => (o.maxSize = atoi(v ?? '')) },
  { short: 'u', long: 'username', arg: 'required', set: (o, v) => (o.user = v) },
  { short: 'L', long: 'learntype', arg: 'required', set: setLearnType },
  { short: 'C', long: 'reporttype', arg: 'required', set: setReportType },
  { short: 'B', long: 'bsmtp', arg: 'none', set: flag((o) => (o.bsmtp = true)) },
  { short: 'c', long: 'check', arg: 'none', set: flag((o) => (o.check = true)) },
  { short: 'y', long: 'tests', arg: 'none', set: flag((o) => (o.symbols = true)) },
  { short: 'r', long: 'full-spam', arg: 'none', set: flag((o) => (o.reportIfSpam = true)) },
  { short: 'R', long: 'full', arg: 'none', set: flag((o) => (o.report = true)) },
  { long: 'headers', arg: 'none', set: flag((o) => (o.headers = true)) },
  { short: 'E', long: 'exitcode', arg: 'none', set: flag((o) => (o.exitCode = true)) },
  { short: 'x', long: 'no-safe-fallback', arg: 'none', set: flag((o) => (o.safeFallback = false)) },
  { short: 'X', long: 'unavailable-tempfail', arg: 'none', set: setTempfail },
  { short: 'l', long: 'log-to-stderr', arg: 'none', set: flag((o) => (o.logToStderr = true)) },
  { short: 'e', long: 'pipe-to', arg: 'required', set: () => {} },
  { short: 'h', long: 'help', arg: 'none', set: flag((o) => (o.help = true)) },
  { short: 'V', long: 'version', arg: 'none', set: flag((o) => (o.version = true)) },
  { short: 'K', arg: 'none', set: flag((o) => (o.ping = true)) },
  { short: 'f', arg: 'none', set: () => {} },
  { short: '4', arg: 'none', set: flag((o) => (o.family = 4)) },
  { short: '6', arg: 'none', set: flag((o) => (o.family = 6)) },
  { short: 'z', long: 'compress', arg: 'none', set: flag((o) => (o.compress = true)) },
];

function setSsl(o: SpamcOptions, v: string | undefined, problems: string[]): void {
  o.ssl = true;
  // Version selection was removed from spamc; any explicit value is an error.
  if (v !== undefined) problems.push(`Explicit SSL/TLS version is no longer supported (${v})`);
}

function setTimeoutOpt(o: SpamcOptions, v: string | undefined): void {
  o.timeout = atoi(v ?? '');
  // -t also bounds connecting unless -n came first.
  o.connectTimeout ??= o.timeout;
}

function setLearnType(o: SpamcOptions, v: string | undefined, problems: string[]): void {
  if (v === 'spam' || v === 'ham' || v === 'forget') o.learnType = v;
  else problems.push('Please specify a legal learn type');
}

function setReportType(o: SpamcOptions, v: string | undefined, problems: string[]): void {
  if (v === 'report' || v === 'revoke') o.reportType = v;
  else problems.push('Please specify a legal report type');
}

function setTempfail(o: SpamcOptions, _v: string | undefined, problems: string[]): void {
  // spamc honours -X only once -x has switched the fallback off.
  if (!o.safeFallback) o.unavailableTempfail = true;
  else problems.push('-X is only valid after -x; ignored');
}

export type ParseResult =
  | { kind: 'ok'; options: SpamcOptions; warnings: string[] }
  | { kind: 'exit'; code: number; stderr: string; usage: boolean; options: SpamcOptions; warnings: string[] };

/**
 * spamc's own option parser (not GNU getopt): one option per word, only the
 * first letter of a bundle counts, arguments are always the next word and
 * may not start with `-`, long names must be complete, and parsing stops at
 * the first non-option word, a lone `-`, or `--`. `-e` takes the rest.
 */
export function parseSpamcArgs(args: readonly string[]): ParseResult {
  const o = defaultOptions();
  const warnings: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (!word.startsWith('-') || word === '-' || word === '--') break;
    const argNo = i + 1;
    const isLong = word.startsWith('--');
    const nameEq = isLong ? word.slice(2) : '';
    const eq = nameEq.indexOf('=');
    const name = isLong ? (eq >= 0 ? nameEq.slice(0, eq) : nameEq) : word.charAt(1);
    const def = OPTIONS.find((d) => (isLong ? d.long === name : d.short === name));
    const where = isLong ? `Error in argument ${argNo} :` : `Error in argument ${argNo}, char 2:`;
    const shown = isLong ? `--${name}` : name;
    if (def === undefined) return usageError(o, warnings, `${where} option not found ${shown}`);
    let value: string | undefined = isLong && eq >= 0 ? nameEq.slice(eq + 1) : undefined;
    const next = args[i + 1];
    const nextIsValue = next !== undefined && !next.startsWith('-');
    if (def.arg === 'required' && value === undefined) {
      if (!nextIsValue) return usageError(o, warnings, `${where} argument required for option ${shown}`);
      value = next;
      i++;
    } else if (def.arg === 'optional' && value === undefined && nextIsValue) {
      value = next;
      i++;
    }
    if (def.short === 'e') {
      o.pipeTo = args.slice(i);
      break;
    }
    const problems: string[] = [];
    def.set(o, def.arg === 'none' ? undefined : value, problems);
    if (def.short === 'X') warnings.push(...problems);
    else errors.push(...problems);
    if (o.help || o.version) return { kind: 'exit', code: 0, stderr: '', usage: o.help, options: o, warnings };
  }
  errors.push(...crossChecks(o));
  if (errors.length > 0) return { kind: 'exit', code: 64, stderr: '', usage: false, options: o, warnings: [...warnings, ...errors] };
  return { kind: 'ok', options: o, warnings };
}

function usageError(o: SpamcOptions, warnings: string[], message: string): ParseResult {
  return { kind: 'exit', code: 64, stderr: `${message}\n`, usage: true, options: o, warnings };
}

/** Combinations spamc refuses after parsing. */
function crossChecks(o: SpamcOptions): string[] {
  const problems: string[] = [];
  if (o.maxSize > SPAMC_MAX_MESSAGE_LEN) problems.push(`-s parameter is beyond max of ${SPAMC_MAX_MESSAGE_LEN}`);
  if ((o.sslCert === undefined) !== (o.sslKey === undefined)) problems.push('--ssl-cert and --ssl-key must be given together');
  if (o.learnType !== undefined) {
    const clash: Array<[boolean, string]> = [
      [o.check, 'check only'],
      [o.ping, 'ping'],
      [o.reportIfSpam, 'report if spam'],
      [o.report, 'report'],
      [o.symbols, 'symbols'],
      [o.reportType !== undefined, 'reporting to collaborative filtering databases'],
    ];
    for (const [on, what] of clash) if (on) problems.push(`Learning excludes ${what}`);
  }
  if (o.connectRetries === 0) o.connectRetries = 3;
  if (o.retrySleep < 0) o.retrySleep = 1;
  if (o.filterRetries === 0) o.filterRetries = 1;
  if (o.filterRetrySleep < 0) o.filterRetrySleep = 1;
  return problems;
}
