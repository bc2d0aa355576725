/** The milter's own settings (engine settings are EngineOptions, shared with spamd). */
import { availableParallelism } from 'node:os';
import { SpamwardError } from '../src/util/errors.js';
import type { SmtpReplySpec } from '../src/protocol/milter/smtp-reply.js';
import type { SpamRecipient } from './spam-recipient.js';

export type ListenSpec =
  | { kind: 'inet'; host: string; port: number }
  | { kind: 'unix'; path: string };

export type OnError = 'tempfail' | 'accept';

export interface ActionPolicy {
  /** Add the verdict's X-Spam-* headers and Subject rewrite. */
  tag: boolean;
  /** Score at or above which the message is rejected; undefined = never. */
  rejectScore: number | undefined;
  /** Score at or above which the message goes to the MTA's hold/quarantine queue. */
  quarantineScore: number | undefined;
  /** Score at or above which the message is accepted and silently dropped. */
  discardScore: number | undefined;
  /** Never reject or discard, whatever the thresholds say (tag and quarantine still apply). */
  neverReject: boolean;
  /** The SMTP reply for rejections; `_SCORE_`, `_REQD_` and `_TESTS_` in the text are expanded. */
  rejectReply: SmtpReplySpec;
}

/** Whose SQL preferences a message is scanned with (MilterOptions.sqlPrefs). */
export interface SqlPrefsChoice {
  /** The only recipient as its full address, or as its local part (spamass-milter without -e). */
  user: 'address' | 'local';
  /** The user for a message with several recipients (or one that is not a plain address). */
  defaultUser: string;
}

export interface MilterOptions {
  listen: ListenSpec;
  /** Unix socket owner (`user` or `user:group`) and mode (octal text). */
  socketOwner: string | undefined;
  socketMode: string | undefined;
  /** Drop to this user (and its group, or `group`) after binding. */
  user: string | undefined;
  group: string | undefined;
  policy: ActionPolicy;
  onError: OnError;
  /** Budget for one scan in milliseconds: a scan past it has its worker replaced and gets the --on-error answer. */
  scanTimeoutMs: number;
  /** Scanning worker threads (`--max-children`). */
  maxChildren: number;
  /** Requests a worker runs before a fresh one replaces it (`--max-requests-per-worker`); 0: never. */
  maxRequestsPerWorker: number;
  /** Larger messages pass unscanned with a header saying so. */
  maxMessageBytes: number;
  /** Message bytes held in memory before the body spills to a temp file. */
  memoryThresholdBytes: number;
  /** Folder for spill files (default: the OS temp folder). */
  tmpDir: string | undefined;
  /** Accept mail from SMTP-authenticated senders unscanned ({auth_authen} set). */
  skipAuthenticated: boolean;
  /** Client networks (CIDR) whose mail is accepted unscanned. */
  trustedNetworks: string[];
  /**
   * Per-recipient preferences folder pattern: %u = full address, %l = local
   * part, %d = domain, %% = percent. The file `user_prefs` inside is used.
   */
  virtualConfigDir: string | undefined;
  /**
   * Per-recipient preferences from SQL too (user_scores_dsn, after any
   * user_prefs file, as spamd -q reads them): undefined = off. The SQL user is
   * what spamass-milter -u (-e) hands spamc: the only recipient's address (or
   * its local part), or `defaultUser` for a message with several.
   */
  sqlPrefs: SqlPrefsChoice | undefined;
  /**
   * Never replace the body or Content-Type (spamass-milter -m): a spam
   * message the configuration wraps (report_safe 1 or 2) is tagged only.
   */
  keepBody: boolean;
  /** Spam let through goes to this address instead of (redirect) or beside (copy) its recipients: spamass-milter -b / -B. */
  spamRecipient: SpamRecipient | undefined;
  /** Ask for SMFIP_NR_* flags (no replies to HELO, RCPT, DATA, headers, EOH, body; CONNECT and MAIL when no skip can answer them) where the MTA offers them. */
  noReplyFlags: boolean;
  /** Request macro lists with SETSYMLIST. */
  requestMacros: boolean;
  /** Milliseconds to let in-flight messages finish on SIGTERM. */
  drainTimeoutMs: number;
  /** Milliseconds of silence from the MTA after which its connection is closed. */
  idleTimeoutMs: number;
  /** Header added to messages that pass without a scan. */
  skipHeaderName: string;
  /** Written with the process id once the socket is bound (before dropping root), removed on exit. */
  pidFile: string | undefined;
}

export const DEFAULT_REJECT_REPLY: SmtpReplySpec = {
  code: '550',
  enhanced: '5.7.1',
  text: 'Message rejected as spam (score _SCORE_, required _REQD_)',
};

export function defaultMilterOptions(): MilterOptions {
  return {
    listen: { kind: 'inet', host: '127.0.0.1', port: 11332 },
    socketOwner: undefined,
    socketMode: undefined,
    user: undefined,
    group: undefined,
    policy: {
      tag: true,
      rejectScore: undefined,
      quarantineScore: undefined,
      discardScore: undefined,
      neverReject: false,
      rejectReply: { ...DEFAULT_REJECT_REPLY },
    },
    onError: 'tempfail',
    scanTimeoutMs: 60_000,
    maxChildren: availableParallelism(),
    maxRequestsPerWorker: 0,
    maxMessageBytes: 10 * 1024 * 1024,
    memoryThresholdBytes: 1024 * 1024,
    tmpDir: undefined,
    skipAuthenticated: true,
    trustedNetworks: [],
    virtualConfigDir: undefined,
    sqlPrefs: undefined,
    spamRecipient: undefined,
    keepBody: false,
    noReplyFlags: true,
    requestMacros: true,
    drainTimeoutMs: 30_000,
    idleTimeoutMs: 600_000,
    skipHeaderName: 'X-Spamward-Skipped',
    pidFile: undefined,
  };
}

/** `inet:HOST:PORT`, `inet:PORT@HOST` (Sendmail order), `inet6:[::1]:PORT`, `unix:/path` or `local:/path`. */
export function parseListenSpec(text: string): ListenSpec {
  const unix = /^(?:unix|local):(.+)$/.exec(text);
  if (unix) return { kind: 'unix', path: unix[1] as string };
  const sendmailOrder = /^inet6?:(\d+)@(.+)$/.exec(text);
  if (sendmailOrder) return inet(sendmailOrder[2] as string, sendmailOrder[1] as string, text);
  const postfixOrder = /^inet6?:(.*):(\d+)$/.exec(text);
  if (postfixOrder) return inet((postfixOrder[1] as string).replace(/^\[(.*)\]$/, '$1'), postfixOrder[2] as string, text);
  throw new SpamwardError('ERR_CONFIG', `listen address ${JSON.stringify(text)}: use inet:HOST:PORT or unix:/path`);
}

function inet(host: string, portText: string, text: string): ListenSpec {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || host === '') {
    throw new SpamwardError('ERR_CONFIG', `listen address ${JSON.stringify(text)}: bad host or port`);
  }
  return { kind: 'inet', host, port };
}
