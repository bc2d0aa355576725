/**
 * The daemon's log: one JSON object per line, to stderr or to syslog. Every
 * finished message is one `message` event; start-up, reload and shutdown are
 * events too. Message content (subject, body) is never logged.
 */
import type { MessageRecord } from './message-record.js';
import { syslogSink } from './syslog-sink.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Start-up, reload and shutdown are always logged, whatever the level. */
const LIFECYCLE = new Set(['starting', 'ready', 'reload', 'reload-done', 'shutdown', 'stopped']);

export type LogFields = Record<string, string | number | boolean | string[] | undefined>;

/** Where finished lines go; `level` lets syslog set the priority. */
export interface LogSink {
  write(level: LogLevel, line: string): void;
  close(): void;
}

export interface StructuredLog {
  event(level: LogLevel, event: string, fields?: LogFields): void;
  /** Whether an ordinary (non-lifecycle) event of `level` is written; lets callers skip building its fields. */
  enabled?(level: LogLevel): boolean;
  message(record: MessageRecord): void;
  close(): void;
}

export interface LogSettings {
  minLevel: LogLevel;
  /** `stderr`, or `syslog` (with `facility`). */
  target: 'stderr' | 'syslog';
  facility?: string;
}

export function stderrSink(): LogSink {
  return { write: (_level, line) => process.stderr.write(`${line}\n`), close: () => {} };
}

export function openLog(settings: LogSettings, sink?: LogSink): StructuredLog {
  const out = sink ?? (settings.target === 'syslog' ? syslogSink(settings.facility ?? 'mail', 'spamward') : stderrSink());
  // syslog stamps its own time; stderr lines carry theirs.
  const stamp = settings.target === 'stderr';
  const event = (level: LogLevel, name: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[settings.minLevel] && !LIFECYCLE.has(name)) return;
    const head: LogFields = stamp ? { time: new Date().toISOString(), level, event: name } : { level, event: name };
    out.write(level, JSON.stringify({ ...head, ...fields }));
  };
  return {
    event,
    enabled: (level) => RANK[level] >= RANK[settings.minLevel],
    message: (r) => event(r.action === 'tempfail' || r.action === 'error' ? 'warn' : 'info', 'message', messageFields(r)),
    close: () => out.close(),
  };
}

/** The message line's fields, in a fixed order, with snake_case names. */
export function messageFields(r: MessageRecord): LogFields {
  return {
    frontend: r.frontEnd,
    queue_id: r.queueId,
    client: r.client,
    sender: r.sender,
    recipients: r.recipients,
    user: r.user,
    score: r.score,
    required: r.required,
    action: r.action,
    rules: r.rules,
    reason: r.reason,
    bytes: r.bytes,
    ms: r.ms,
  };
}
