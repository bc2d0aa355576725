/**
 * End of message: build what the engine sees, scan within the time budget,
 * and turn the verdict into the MTA's modifications and final reply.
 */
import type { Engine, ScanOptions, Verdict } from '../src/engine/api-types.js';
import { SMFIF } from '../src/protocol/milter/constants.js';
import type { MilterReply } from '../src/protocol/milter/replies.js';
import { formatSmtpReply } from '../src/protocol/milter/smtp-reply.js';
import { TimeoutError } from '../src/util/errors.js';
import type { MessageCollector } from './collector.js';
import { forgedHeaderRemovals, isVerdictHeader, outgoingValue, verdictHeaderEdits } from './header-edits.js';
import type { MessageAction, MessageObserver, MessageRecord } from '../src/daemon/message-record.js';
import type { Logger } from './logger.js';
import type { MilterOptions } from './options.js';
import { chooseAction, quarantineReason, rejectReplyText, type PolicyAction } from './policy.js';
import { synthesizeReceived } from './received.js';
import { spamRecipientEdits, spamRecipientGranted } from './spam-recipient.js';
import { WRAPPER_ACTIONS, wrapperEdits } from './report-safe.js';
import type { Envelope } from './session-types.js';
import { sqlUserFor, userPrefsFor } from './user-prefs.js';

export interface AdapterDeps {
  engine: Engine;
  options: MilterOptions;
  logger: Logger;
  now?: () => Date;
  /** Told about every finished message; when set it replaces the per-message log line. */
  observer?: MessageObserver;
}

export interface FinishedMessage {
  envelope: Envelope;
  collector: MessageCollector;
  oversize: boolean;
  /** Negotiated SMFIF_* bits: edits the MTA did not grant are never sent. */
  actions: number;
  /** Whether SMFIP_HDR_LEADSPC was negotiated. */
  leadspc: boolean;
}

export const SCAN_FAILED_REPLY = '451 4.7.1 Spam scan failed, please try again later';

/** Replies for the end of one message: modifications first, the final reply last. */
export async function decideMessage(deps: AdapterDeps, msg: FinishedMessage): Promise<MilterReply[]> {
  const started = Date.now();
  const tag = describe(msg.envelope);
  const record = (action: MessageAction, extra: Partial<MessageRecordFields> = {}) =>
    deps.observer?.({ ...envelopeFields(msg.envelope), frontEnd: 'milter', action, ms: Date.now() - started, ...extra });
  if (msg.oversize) {
    const reason = `larger than ${deps.options.maxMessageBytes} bytes`;
    if (deps.observer) record('skip', { reason });
    else deps.logger.log('info', `${tag} not scanned: ${reason}`);
    return passUnscanned(deps, msg, `message larger than ${deps.options.maxMessageBytes} bytes; not scanned`);
  }
  let verdict: Verdict;
  try {
    verdict = await scanWithBudget(deps, msg);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.logger.log('error', `${tag} scan failed (${deps.options.onError}): ${reason}`);
    record(deps.options.onError === 'tempfail' ? 'tempfail' : 'error', { reason });
    if (deps.options.onError === 'tempfail') return [{ kind: 'replycode', text: SCAN_FAILED_REPLY }];
    return passUnscanned(deps, msg, `scan failed; not scanned`);
  }
  // The recipient's preferences were read for this message: their bad lines are logged with it.
  for (const problem of verdict.configProblems) deps.logger.log('warn', `${tag} config: ${problem}`);
  const { action, replies } = applyPolicy(deps, msg, verdict);
  if (deps.observer) {
    record(action === 'tag' && !verdict.isSpam ? 'accept' : action, {
      score: verdict.score,
      required: verdict.requiredScore,
      rules: verdict.testNames,
    });
    return replies;
  }
  deps.logger.log(
    'info',
    `${tag} score=${verdict.scoreText} required=${verdict.requiredText} action=${action} ` +
      `tests=${verdict.testNames.join(',') || 'none'} ms=${Date.now() - started}`,
  );
  return replies;
}

export type MessageRecordFields = Omit<MessageRecord, 'frontEnd' | 'action' | 'ms'>;

export function envelopeFields(env: Envelope): MessageRecordFields {
  const fields: MessageRecordFields = {
    client: env.connect?.address || env.connect?.hostname || '-',
    sender: env.sender || '<>',
    recipients: env.recipients,
  };
  const id = env.macros['i'];
  if (id !== undefined && id !== '') fields.queueId = id;
  return fields;
}

function describe(env: Envelope): string {
  const id = env.macros['i'] ?? '-';
  return `id=${id} client=${env.connect?.address || env.connect?.hostname || '-'} from=${env.sender || '<>'} rcpts=${env.recipients.length}`;
}

async function scanWithBudget(deps: AdapterDeps, msg: FinishedMessage): Promise<Verdict> {
  const now = deps.now?.() ?? new Date();
  const received = { name: 'Received', raw: synthesizeReceived(msg.envelope, now) };
  // Forged verdict headers are deleted from the delivered message, so the
  // verdict is computed on the message without them.
  const message = await msg.collector.build([received], isVerdictHeader);
  const budget = deps.options.scanTimeoutMs;
  // The milter edits headers from the verdict's fields; it reads the rewritten message only to replace the body of wrapped spam.
  const options: ScanOptions = { timeoutMs: budget, render: deps.options.keepBody ? 'none' : 'wrapped', handOver: true };
  // Only the fields that have a value (the engine's options are exact optional properties).
  const host = msg.envelope.connect?.hostname;
  const addr = msg.envelope.connect?.address;
  const prefs = userPrefsFor(msg.envelope.recipients, deps.options.virtualConfigDir);
  if (host !== undefined) options.remoteHost = host;
  if (addr !== undefined) options.remoteAddr = addr;
  if (prefs !== undefined) options.userPrefsPath = prefs;
  if (deps.options.sqlPrefs !== undefined) options.sqlPrefsUser = sqlUserFor(msg.envelope.recipients, deps.options.sqlPrefs);
  let timer: NodeJS.Timeout | undefined;
  // The engine gets the budget too (a pooled scanner terminates a scan that overruns it);
  // this race answers the MTA on time whatever the engine does.
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('milter-scan', `scan exceeded ${budget} ms`)), budget);
  });
  try {
    return await Promise.race([deps.engine.scan(message, options), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function applyPolicy(deps: AdapterDeps, msg: FinishedMessage, verdict: Verdict): { action: PolicyAction; replies: MilterReply[] } {
  const policy = deps.options.policy;
  let action = chooseAction(verdict.score, policy, verdict.requiredScore);
  if (action === 'discard') return { action, replies: [{ kind: 'discard' }] };
  if (action === 'reject') return { action, replies: [{ kind: 'replycode', text: rejectReplyText(policy, verdict) }] };
  if (action === 'quarantine' && !(msg.actions & SMFIF.QUARANTINE)) {
    deps.logger.log('warn', 'quarantine wanted but the MTA did not grant SMFIF_QUARANTINE; tagging only');
    action = 'tag';
  }
  const wrapper = wrapperReplies(deps, msg, verdict);
  const edits = policy.tag
    ? verdictHeaderEdits(msg.collector.headers, verdict, msg.leadspc, wrapper.length > 0)
    : forgedHeaderRemovals(msg.collector.headers);
  const replies = [...granted(edits, msg.actions), ...wrapper, ...spamRecipientReplies(deps, msg, verdict)];
  if (action === 'quarantine') replies.push({ kind: 'quarantine', reason: quarantineReason(verdict) });
  replies.push({ kind: 'accept' });
  return { action, replies };
}

/** For spam the configuration wraps (report_safe 1 or 2): the wrapper's Content-Type and body, unless --keep-body or the MTA did not grant the edits. */
function wrapperReplies(deps: AdapterDeps, msg: FinishedMessage, verdict: Verdict): MilterReply[] {
  if (!verdict.encapsulated || deps.options.keepBody || !deps.options.policy.tag) return [];
  if ((msg.actions & WRAPPER_ACTIONS) !== WRAPPER_ACTIONS) {
    deps.logger.log('warn', 'report_safe wants the body replaced but the MTA did not grant SMFIF_CHGBODY; tagging only');
    return [];
  }
  const wrapped = verdict.rewrittenMessage();
  return wrapperEdits(msg.collector.headers, wrapped, verdict.rewrittenHeaderSection().length, msg.leadspc);
}

/** The envelope edits of --redirect-spam / --copy-spam for a spam verdict (none when the MTA did not grant them, with a warning). */
function spamRecipientReplies(deps: AdapterDeps, msg: FinishedMessage, verdict: Verdict): MilterReply[] {
  const s = deps.options.spamRecipient;
  if (s === undefined || !verdict.isSpam) return [];
  if (!spamRecipientGranted(s, msg.actions)) {
    deps.logger.log('warn', `${s.mode} of spam to ${s.address} wanted but the MTA did not grant the recipient edits; tagging only`);
    return [];
  }
  return spamRecipientEdits(s, msg.envelope.recipients, msg.leadspc);
}

/** Accepts a message without a verdict, still removing forged verdict headers and saying why. */
function passUnscanned(deps: AdapterDeps, msg: FinishedMessage, why: string): MilterReply[] {
  const edits: MilterReply[] = [
    ...forgedHeaderRemovals(msg.collector.headers),
    { kind: 'addheader', name: deps.options.skipHeaderName, value: outgoingValue(why, msg.leadspc) },
  ];
  return [...granted(edits, msg.actions), { kind: 'accept' }];
}

/** Drops header edits whose action bit was not negotiated (libmilter refuses to send them too). */
function granted(edits: MilterReply[], actions: number): MilterReply[] {
  return edits.filter((e) => {
    if (e.kind === 'addheader' || e.kind === 'insheader') return (actions & SMFIF.ADDHDRS) !== 0;
    if (e.kind === 'chgheader') return (actions & SMFIF.CHGHDRS) !== 0;
    return true;
  });
}

/** Validates the configured reject reply at start-up rather than at the first spam. */
export function checkRejectReply(options: MilterOptions): void {
  formatSmtpReply(options.policy.rejectReply);
}
