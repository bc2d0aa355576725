/**
 * What the daemon knows about one finished message, whichever front end
 * took it: the structured log line and the metrics are both made from it.
 * It never carries message content (no subject, no body).
 */

/**
 * `accept` ham, `tag` spam marked (spamd: reported as spam), `reject`,
 * `quarantine`, `discard` by policy; `skip` passed unscanned (trusted,
 * authenticated, oversize); `tempfail` the MTA was told to retry;
 * `error` the scan failed and the answer was an error or an unscanned pass.
 */
export type MessageAction = 'accept' | 'tag' | 'reject' | 'quarantine' | 'discard' | 'skip' | 'tempfail' | 'error';

export const MESSAGE_ACTIONS: readonly MessageAction[] = ['accept', 'tag', 'reject', 'quarantine', 'discard', 'skip', 'tempfail', 'error'];

export type FrontEnd = 'milter' | 'spamd';

export interface MessageRecord {
  frontEnd: FrontEnd;
  action: MessageAction;
  /** The MTA's queue id (milter macro `i`), when it sent one. */
  queueId?: string;
  /** Client address (milter: the SMTP client; spamd: the spamc peer). */
  client: string;
  /** Envelope sender (milter) as the MTA sent it. */
  sender?: string;
  /** Envelope recipients (milter). */
  recipients?: string[];
  /** spamc's `User:` header (spamd). */
  user?: string;
  /** Absent when the message was not scored (skip, error). */
  score?: number;
  required?: number;
  rules?: string[];
  /** Why a message was skipped or failed. */
  reason?: string;
  bytes?: number;
  /** Time spent on the message in the filter, in milliseconds. */
  ms: number;
}

/** Told about every finished message; must not throw. */
export type MessageObserver = (record: MessageRecord) => void;
