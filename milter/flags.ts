/** The milter's command-line flags and their mapping onto MilterOptions. */
import type { Argv } from 'yargs';
import { formatSmtpReply } from '../src/protocol/milter/smtp-reply.js';
import { SpamwardError } from '../src/util/errors.js';
import { spamRecipientFrom } from './spam-recipient.js';
import { DEFAULT_REJECT_REPLY, defaultMilterOptions, parseListenSpec, type MilterOptions, type OnError } from './options.js';

export function addMilterFlags<T>(y: Argv<T>) {
  const d = defaultMilterOptions();
  return y
    .option('listen', { alias: 'l', type: 'string', default: 'inet:127.0.0.1:11332', describe: 'inet:HOST:PORT or unix:/path' })
    .option('socket-owner', { type: 'string', describe: 'Owner of the unix socket: user[:group]' })
    .option('socket-mode', { type: 'string', describe: 'Mode of the unix socket, octal (e.g. 660)' })
    .option('user', { alias: 'u', type: 'string', describe: 'Drop root to this user after binding' })
    .option('group', { alias: 'g', type: 'string', describe: 'Group to switch to with --user (default: the user\'s group)' })
    .option('on-error', { choices: ['tempfail', 'accept'] as const, default: 'tempfail' as OnError, describe: 'What the MTA is told when a scan fails or runs out of time' })
    .option('max-children', { alias: 'm', type: 'number', default: d.maxChildren, describe: 'Scanning worker threads (default: the number of cores)' })
    .option('max-requests-per-worker', { type: 'number', default: 0, describe: 'Replace a scanning worker by a fresh one after this many scans, bounding what a long-lived worker holds (0: never)' })
    .option('scan-timeout', { type: 'number', default: d.scanTimeoutMs / 1000, describe: 'Scan time budget in seconds' })
    .option('max-size', { type: 'number', default: d.maxMessageBytes, describe: 'Larger messages pass unscanned with a header saying so (bytes)' })
    .option('memory-threshold', { type: 'number', default: d.memoryThresholdBytes, describe: 'Body bytes kept in memory before spilling to a temp file' })
    .option('tmp-dir', { type: 'string', describe: 'Folder for spill files (default: OS temp folder)' })
    .option('tag', { type: 'boolean', default: true, describe: 'Add X-Spam-* headers and the Subject rewrite (--no-tag: only remove forged ones)' })
    .option('reject-score', { type: 'number', describe: 'Reject at or above this score (-1: the required_score, as spamass-milter -r -1)' })
    .option('quarantine-score', { type: 'number', describe: 'Quarantine (hold) at or above this score (-1: the required_score)' })
    .option('discard-score', { type: 'number', describe: 'Silently discard at or above this score (-1: the required_score)' })
    .option('never-reject', { type: 'boolean', default: false, describe: 'Never reject or discard (tag and quarantine still apply)' })
    .option('reject-code', { type: 'string', default: DEFAULT_REJECT_REPLY.code, describe: 'SMTP code for rejections' })
    .option('reject-status', { type: 'string', default: DEFAULT_REJECT_REPLY.enhanced, describe: 'Enhanced status for rejections' })
    .option('reject-text', { type: 'string', default: DEFAULT_REJECT_REPLY.text, describe: 'Rejection text; _SCORE_ _REQD_ _TESTS_ are expanded, % is escaped' })
    .option('skip-authenticated', { type: 'boolean', default: true, describe: 'Do not scan mail from SMTP-authenticated senders' })
    .option('trusted-networks', { type: 'string', array: true, default: [] as string[], describe: 'Client networks (CIDR) whose mail is not scanned' })
    .option('virtual-config-dir', { type: 'string', describe: 'Per-recipient config folder pattern (%u address, %l local part, %d domain); the first recipient with a user_prefs file wins' })
    .option('keep-body', { type: 'boolean', default: false, describe: 'Never replace the body or Content-Type of spam the configuration wraps (report_safe 1 or 2): tag only (spamass-milter -m)' })
    .option('redirect-spam', { type: 'string', describe: 'Send spam that is not rejected to this address instead of its recipients, each kept in an X-Spam-Orig-To header (spamass-milter -b)' })
    .option('copy-spam', { type: 'string', describe: 'Send spam that is not rejected to this address as well as to its recipients (spamass-milter -B)' })
    .option('sql-config', { type: 'boolean', default: false, describe: 'Per-recipient preferences from SQL (user_scores_dsn) too, after any user_prefs file, as spamd -q: the only recipient\'s, or --sql-default-user\'s for several recipients' })
    .option('sql-user', { choices: ['address', 'local'] as const, default: 'address' as const, describe: 'The SQL user of a single recipient: its full address or its local part (spamass-milter -u without -e)' })
    .option('sql-default-user', { type: 'string', default: 'nobody', describe: 'The SQL user of a message with several recipients (spamass-milter -u)' })
    // Declared as its positive so that yargs' boolean negation makes `--no-reply-flags` mean what it says
    // (an option whose own name starts with `no-` can never be set from the command line).
    .option('reply-flags', { type: 'boolean', default: false, describe: 'Make the MTA wait for a reply at every stage (default: SMFIP_NR_* negotiated where the answer is always CONTINUE, which saves the MTA and the milter most round trips)' })
    .option('request-macros', { type: 'boolean', default: true, describe: 'Ask the MTA for the macros the filter needs (SETSYMLIST)' })
    .option('idle-timeout', { type: 'number', default: d.idleTimeoutMs / 1000, describe: 'Seconds of MTA silence before its connection is closed' })
    .option('drain-timeout', { type: 'number', default: d.drainTimeoutMs / 1000, describe: 'Seconds to let in-flight messages finish on SIGTERM' })
    .option('log-level', { choices: ['debug', 'info', 'warn', 'error'] as const, default: 'info' as const });
}

/** The `milter` command's process flags: where it logs, detaching, the pidfile (`serve` has its own). */
export function addMilterProcessFlags<T>(y: Argv<T>) {
  return y
    .option('syslog', { alias: 's', type: 'string', describe: 'Log to: stderr, null, file (spamward-milter.log), a path, or a syslog facility (default: stderr; mail with --daemonize)' })
    .option('daemonize', { alias: 'd', type: 'boolean', default: false, describe: 'Detach and run in the background; returns once the milter listens and its pidfile is written' })
    .option('pidfile', { alias: 'r', type: 'string', describe: 'Write the milter\'s PID here (removed on exit)' });
}

export interface MilterFlagValues {
  listen: string;
  'socket-owner'?: string;
  'socket-mode'?: string;
  user?: string;
  group?: string;
  'on-error': OnError;
  'scan-timeout': number;
  'max-children': number;
  'max-requests-per-worker': number;
  'max-size': number;
  'memory-threshold': number;
  'tmp-dir'?: string;
  tag: boolean;
  'reject-score'?: number;
  'quarantine-score'?: number;
  'discard-score'?: number;
  'never-reject': boolean;
  'reject-code': string;
  'reject-status': string;
  'reject-text': string;
  'skip-authenticated': boolean;
  'trusted-networks': string[];
  'virtual-config-dir'?: string;
  'keep-body'?: boolean;
  'redirect-spam'?: string;
  'copy-spam'?: string;
  'sql-config'?: boolean;
  'sql-user'?: 'address' | 'local';
  'sql-default-user'?: string;
  'reply-flags': boolean;
  'request-macros': boolean;
  'drain-timeout': number;
  'idle-timeout': number;
}

/** The flags of the `milter` command's own process (`serve` has its own logging and pidfile). */
export interface MilterProcessFlagValues {
  'log-level': 'debug' | 'info' | 'warn' | 'error';
  syslog?: string;
  daemonize: boolean;
  pidfile?: string;
}

/** Where the milter logs: --syslog, else stderr in the foreground and the mail facility when detached (its stderr is /dev/null). */
export function logTargetOf(a: MilterProcessFlagValues): string {
  return a.syslog ?? (a.daemonize ? 'mail' : 'stderr');
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new SpamwardError('ERR_CONFIG', `--${name} must be a positive number`);
  return v;
}

export function milterOptionsFrom(a: MilterFlagValues): MilterOptions {
  const d = defaultMilterOptions();
  // A bad reject reply is a start-up error, not a surprise at the first spam.
  formatSmtpReply({ code: a['reject-code'], enhanced: a['reject-status'], text: a['reject-text'] });
  return {
    ...d,
    listen: parseListenSpec(a.listen),
    socketOwner: a['socket-owner'],
    socketMode: a['socket-mode'],
    user: a.user,
    group: a.group,
    onError: a['on-error'],
    scanTimeoutMs: Math.round(positive('scan-timeout', a['scan-timeout']) * 1000),
    maxChildren: Math.round(positive('max-children', a['max-children'])),
    maxRequestsPerWorker: Math.max(0, Math.round(a['max-requests-per-worker'] ?? 0)),
    maxMessageBytes: positive('max-size', a['max-size']),
    memoryThresholdBytes: positive('memory-threshold', a['memory-threshold']),
    tmpDir: a['tmp-dir'],
    policy: {
      tag: a.tag,
      rejectScore: a['reject-score'],
      quarantineScore: a['quarantine-score'],
      discardScore: a['discard-score'],
      neverReject: a['never-reject'],
      rejectReply: { code: a['reject-code'], enhanced: a['reject-status'], text: a['reject-text'] },
    },
    skipAuthenticated: a['skip-authenticated'],
    trustedNetworks: a['trusted-networks'].flatMap((s) => s.split(/[\s,]+/)).filter(Boolean),
    virtualConfigDir: a['virtual-config-dir'],
    keepBody: a['keep-body'] ?? false,
    spamRecipient: spamRecipientFrom(a['redirect-spam'], a['copy-spam']),
    sqlPrefs: a['sql-config'] === true ? { user: a['sql-user'] ?? 'address', defaultUser: a['sql-default-user'] ?? 'nobody' } : undefined,
    noReplyFlags: !a['reply-flags'],
    requestMacros: a['request-macros'],
    drainTimeoutMs: Math.round(positive('drain-timeout', a['drain-timeout']) * 1000),
    idleTimeoutMs: Math.round(positive('idle-timeout', a['idle-timeout']) * 1000),
  };
}
