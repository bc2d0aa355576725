/**
 * The rest of spamd 4.0.1's command line, so that an existing spamd command
 * line (init script, unit file, /etc/default/spamd OPTIONS) starts Spamward
 * unchanged or stops with a clear reason, never with yargs' bare "Unknown
 * argument":
 *  - Getopt::Long's unique abbreviations of long options (`--dae`,
 *    `--max-child=5`) are expanded before parsing;
 *  - options about spamd's prefork children, per-request setuid and its own
 *    logging details are accepted and have no effect here (scans run on
 *    worker threads of one process), each named once in the log;
 *  - options that would change whose preferences are read (SQL, LDAP,
 *    vpopmail) stop the start: ignoring them would silently score mail
 *    with the wrong preferences.
 */
import type { Argv } from 'yargs';

/** spamd's long option names (its GetOptions table), for abbreviation. */
const SPAMD_LONG_OPTIONS = [
  'allow-tell', 'allowed-ips', 'configpath', 'create-prefs', 'daemonize', 'debug', 'default-user', 'groupname',
  'helper-home-dir', 'help', 'ipv4only', 'ipv4-only', 'ipv4', 'ldap-config', 'listen', 'listen-ip', 'ip-address', 'local',
  'round-robin', 'min-children', 'max-children', 'min-spare', 'max-spare', 'max-conn-per-child', 'nouser-config',
  'paranoid', 'pidfile', 'port', 'server-cert', 'server-key', 'setuid-with-ldap', 'setuid-with-sql', 'siteconfigpath',
  'pre', 'cf', 'socketgroup', 'socketmode', 'socketowner', 'socketpath', 'sql-config', 'ssl', 'ssl-verify', 'ssl-ca-file',
  'ssl-ca-path', 'ssl-port', 'syslog-socket', 'syslog', 'log-timestamp-fmt', 'timeout-tcp', 'timeout-child', 'timing',
  'user-config', 'username', 'version', 'virtual-config-dir', 'vpopmail',
];

/** Negatable spamd booleans (`name!` in its table): `--noname` and `--no-name` are accepted too. */
const NEGATABLE = ['create-prefs', 'daemonize', 'ldap-config', 'local', 'round-robin', 'paranoid', 'sql-config', 'vpopmail'];

/** Accepted, without effect in Spamward, and why (logged once at start). */
const WITHOUT_EFFECT: Readonly<Record<string, string>> = {
  'min-children': 'scans run on --max-children worker threads, started at once',
  'min-spare': 'scans run on --max-children worker threads, started at once',
  'max-spare': 'scans run on --max-children worker threads, started at once',
  'round-robin': 'there are no child processes to schedule',
  'default-user': 'requests never switch user (give -u to run as one)',
  paranoid: 'requests never switch user',
  timing: 'the per-message log line already has the scan time',
};

/** Refused: preferences Spamward cannot read. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  'setuid-with-sql': 'a setuid per user with SQL preferences (-Q; -q reads them without)',
  'ldap-config': 'user preferences from LDAP',
  'setuid-with-ldap': 'user preferences from LDAP',
  vpopmail: 'vpopmail users (-v)',
};

/**
 * Expands each unique abbreviation of a spamd long option, as Getopt::Long
 * does (`--max-child=5` -> `--max-children=5`, `--nodae` -> `--no-daemonize`);
 * exact names, ambiguous prefixes and anything after `--` are left as given.
 */
export function expandAbbreviations(args: readonly string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of args) {
    if (rest || !arg.startsWith('--') || arg === '--') {
      rest ||= arg === '--';
      out.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const tail = eq < 0 ? '' : arg.slice(eq);
    out.push(`--${fullName(name)}${tail}`);
  }
  return out;
}

function fullName(name: string): string {
  if (SPAMD_LONG_OPTIONS.includes(name)) return name;
  const negated = /^no-?(.+)$/.exec(name);
  if (negated) {
    const base = uniquePrefix(negated[1] as string, NEGATABLE);
    if (base !== undefined) return `no-${base}`;
  }
  return uniquePrefix(name, SPAMD_LONG_OPTIONS) ?? name;
}

function uniquePrefix(prefix: string, names: readonly string[]): string | undefined {
  if (names.includes(prefix)) return prefix;
  const found = names.filter((n) => n.startsWith(prefix));
  return found.length === 1 ? found[0] : undefined;
}

/** The options of the tables above, and spamd's remaining short letters and aliases. */
export function addSpamdCompatFlags<T>(y: Argv<T>) {
  return y
    .option('min-children', { type: 'number', hidden: true })
    .option('min-spare', { type: 'number', hidden: true })
    .option('max-spare', { type: 'number', hidden: true })
    .option('max-conn-per-child', { type: 'number', hidden: true })
    .option('round-robin', { type: 'boolean', hidden: true })
    .option('default-user', { alias: 'U', type: 'string', hidden: true })
    .option('paranoid', { alias: 'P', type: 'boolean', hidden: true })
    .option('timing', { type: 'boolean', hidden: true })
    .option('log-timestamp-fmt', { type: 'string', describe: 'strftime(3) format of the timestamp on stderr and log-file lines ("" none, "default" spamd\'s)' })
    .option('user-config', { type: 'boolean', hidden: true, describe: 'Read per-user preferences (the default; undoes -x)' })
    .option('syslog-socket', { type: 'string', describe: 'spamd\'s syslog socket type; "none" logs to stderr like -s stderr, any other goes through logger(1)' })
    .option('ipv4only', { alias: ['4', 'ipv4-only', 'ipv4'], type: 'boolean', describe: 'Listen on IPv4 only (localhost is 127.0.0.1, * is 0.0.0.0)' })
    .option('ipv6only', { alias: '6', type: 'boolean', describe: 'Listen on IPv6 only (localhost is ::1, * is ::)' })
    .option('sql-config', { alias: 'q', type: 'boolean', describe: 'Read per-user preferences from SQL (user_scores_dsn), after any user_prefs file' })
    .option('setuid-with-sql', { alias: 'Q', type: 'boolean', hidden: true })
    .option('ldap-config', { type: 'boolean', hidden: true })
    .option('setuid-with-ldap', { type: 'boolean', hidden: true })
    .option('vpopmail', { alias: 'v', type: 'boolean', hidden: true });
}

/** Throws when the command line asks for preferences Spamward cannot read. */
export function refuseUnsupported(flags: Record<string, unknown>): void {
  for (const [name, what] of Object.entries(UNSUPPORTED)) {
    if (flags[name] === true) throw new Error(`--${name}: ${what} is not supported by Spamward; per-user preferences come from user_prefs files (--virtual-config-dir) or are off (-x)`);
  }
}

/** Log lines for the accepted options that have no effect, one each. */
export function withoutEffectNotes(flags: Record<string, unknown>): string[] {
  return Object.entries(WITHOUT_EFFECT)
    .filter(([name]) => flags[name] !== undefined && flags[name] !== false)
    .map(([name, why]) => `--${name} has no effect: ${why}`);
}
