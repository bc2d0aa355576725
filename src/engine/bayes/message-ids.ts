/**
 * The ids a learned message is remembered by in the seen database, and the
 * time its tokens are stamped with (SpamAssassin's generate_msgid, get_msgid
 * and Util::receive_date, the latter simplified to the common cases).
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import type { ParsedMessage } from '../message/types.js';

/** `sha1hex(To\0Date\0sha1hex(body))@sa_generated`; To and Date carry SpamAssassin's trailing newline. */
export function generatedMessageId(msg: ParsedMessage): string {
  const to = lastHeader(msg, 'to');
  const date = lastHeader(msg, 'date');
  const body = msg.crlf ? Buffer.from(msg.pristineBody.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : msg.pristineBody;
  // One-shot digests: a Hash object per call costs more than the hashing of a short text.
  const bodyDigest = hash('sha1', body, 'hex');
  const text = Buffer.from(`${to}\0${date}\0${bodyDigest}`, 'latin1');
  return `${hash('sha1', text, 'hex')}@sa_generated`;
}

/** The Message-Id without its angle brackets, when it has them. */
export function headerMessageId(msg: ParsedMessage): string | undefined {
  const v = lastHeader(msg, 'message-id');
  const m = /^[\t\n\x0B\f\r ]*<([\s\S]+)>[\t\n\x0B\f\r ]*$/.exec(v);
  return m ? m[1] : undefined;
}

/** The ids to check in the seen database, in SpamAssassin's order of preference. */
export function learnIds(msg: ParsedMessage): string[] {
  const ids = [generatedMessageId(msg)];
  const hid = headerMessageId(msg);
  if (hid !== undefined) ids.push(hid);
  return ids;
}

function lastHeader(msg: ParsedMessage, lcName: string): string {
  const vals = msg.root.header(lcName);
  const last = vals[vals.length - 1];
  return last === undefined ? '' : `${last}\n`;
}

const LOCAL_RECEIVED = /(?:\binvoked by uid\b|\bfrom localhost\b|\bfrom 127\.0\.0\.1\b|\bby localhost\b)/i;

/**
 * Unix seconds the message was received: the date of the first Received
 * header that is not a local hop, else any Received date, else Date:, else
 * `now`. A date more than a day in the future is replaced by `now`.
 */
export function receiveTime(msg: ParsedMessage, now: number): number {
  const received = msg.root.header('received');
  const candidates = [...received.filter((r) => !LOCAL_RECEIVED.test(r)), ...received, ...msg.root.header('resent-date'), ...msg.root.header('date')];
  for (const c of candidates) {
    const t = dateOf(c);
    if (t === undefined) continue;
    return t > now + 86400 ? now : t;
  }
  return now;
}

function dateOf(value: string): number | undefined {
  const semi = value.lastIndexOf(';');
  const text = (semi >= 0 ? value.slice(semi + 1) : value).replace(/\([^)]*\)/g, ' ').trim();
  if (text === '') return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
