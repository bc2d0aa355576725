/** Help and version text (our own wording; the option set is spamc 4.0.1's). */

const OPTION_HELP: ReadonlyArray<readonly [string, string]> = [
  ['-d, --dest host[,host2]', 'spamd host(s), tried in order [default: loopback]'],
  ['-H, --randomize', 'Start with a random host of the -d list'],
  ['-p, --port port', 'spamd TCP port [default: 783]'],
  ['-S, --ssl', 'Talk to spamd over TLS'],
  ['--ssl-cert cert', 'Client certificate (PEM), with --ssl-key'],
  ['--ssl-key key', 'Client key (PEM)'],
  ['--ssl-ca-file file', 'Verify spamd against this CA file'],
  ['--ssl-ca-path path', 'Directory of CA files'],
  ['-U, --socket path', 'Use a Unix-domain socket'],
  ['-F, --config path', 'Read options from this file first'],
  ['-t, --timeout timeout', 'Seconds of silence allowed from spamd [default: 600]'],
  ['-n, --connect-timeout timeout', 'Seconds allowed to connect'],
  ['--filter-retries retries', 'Repeat the whole exchange on I/O errors [default: 1]'],
  ['--filter-retry-sleep sleep', 'Seconds between those repeats [default: 1]'],
  ['--connect-retries retries', 'Connection rounds [default: 3]'],
  ['--retry-sleep sleep', 'Seconds between connection rounds [default: 1]'],
  ['-s, --max-size size', 'Largest message scanned, in bytes [default: 500k]'],
  ['-u, --username username', 'User whose preferences spamd applies [default: current user]'],
  ['-L, --learntype learntype', 'Learn as spam or ham, or forget'],
  ['-C, --reporttype reporttype', 'Report (spam) or revoke (ham)'],
  ['-B, --bsmtp', 'Input is one BSMTP transaction'],
  ['-c, --check', 'Print score/threshold; exit 1 for spam'],
  ['-y, --tests', 'Print the names of the rules that hit'],
  ['-r, --full-spam', 'Print the report for spam only'],
  ['-R, --full', 'Print the report'],
  ['--headers', 'Rewrite only the header section'],
  ['-E, --exitcode', 'Filter, and exit 1 for spam'],
  ['-x, --no-safe-fallback', 'On errors exit with the error code instead of passing the message through'],
  ['-X, --unavailable-tempfail', 'After -x: report "unavailable" as a temporary failure (75)'],
  ['-l, --log-to-stderr', 'Log to stderr instead of syslog'],
  ['-e, --pipe-to command [args]', 'Send the output to this command (must be last)'],
  ['-h, --help', 'This help'],
  ['-V, --version', 'Version'],
  ['-K', 'Ping spamd'],
  ['-f', 'Ignored (old default)'],
  ['-4', 'IPv4 only'],
  ['-6', 'IPv6 only'],
  ['-z, --compress', 'zlib-compress the message sent to spamd'],
];

export function versionText(): string {
  return `SpamAssassin Client version 4.0.1\n  compiled with SSL support (OpenSSL ${process.versions.openssl})\n`;
}

export function usageText(): string {
  const rows = OPTION_HELP.map(([opt, text]) => (opt.length < 28 ? `  ${opt.padEnd(28)}${text}` : `  ${opt}\n  ${''.padEnd(28)}${text}`));
  return `${versionText()}\nUsage: spamward-spamc [options] [-e command [args]] < message\n\nOptions:\n${rows.join('\n')}\n\n`;
}
