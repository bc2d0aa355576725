/**
 * The ids a learned message is remembered by in the seen database, and the
 * time its tokens are stamped with (SpamAssassin's generate_msgid, get_msgid
 * and Util::receive_date).
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import { parseRfc822Date } from '../evals/util/rfc822-date.js';
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

/** A first Received header written by the receiving host itself (qmail's local injection, a hop from localhost). */
const LOCAL_HOP = /qmail \d+ invoked by uid \d+|\bfrom (?:localhost[\t\n\x0b\f\r ]|(?:[^\t\n\x0b\f\r ]+ ){1,2}[^\t\n\x0b\f\r ]*\b127\.0\.0\.1\b)/;
/** fetchmail's hop: local too. */
const FETCHMAIL_HOP = /\bby localhost with \w+ \(fetchmail-[\d.]+/;
const HAS_ZONE = /[-+]\d{4}|\b[A-Z]{2,4}\b/;

/**
 * Unix seconds the message was received, as SpamAssassin's receive_date
 * finds it: the first Received header's date, unless that hop is fetchmail's
 * (or a local hop followed by fetchmail's), then the next one's; else those
 * local hops'; else the mbox `From ` line's (or X-From-Line's), read in this
 * machine's zone when it names none; else any Received date; else the first
 * Resent-Date, else the first Date; else `now`. A date more than a day in the
 * future is replaced by `now`, as sa-learn does.
 */
export function receiveTime(msg: ParsedMessage, now: number): number {
  const t = receiveDate(msg);
  return t === undefined || t > now + 86400 ? now : t;
}

function receiveDate(msg: ParsedMessage): number | undefined {
  const received = msg.root.header('received').map((v) => v.replace(/\n[ \t]+/g, ' '));
  const local: string[] = [];
  if (received.length > 0 && LOCAL_HOP.test(received[0] as string)) local.push(received.shift() as string);
  // A local hop only stays set aside when fetchmail's follows it; fetchmail's own is set aside either way.
  if (received.length > 0 && FETCHMAIL_HOP.test(received[0] as string)) local.push(received.shift() as string);
  else if (local.length > 0) received.unshift(local.shift() as string);
  return (
    (received.length > 0 ? firstDate(received.slice(0, 1)) : undefined) ??
    firstDate(local) ??
    envelopeLineDate(msg) ??
    firstDate(received.slice(1)) ??
    firstDate(msg.root.header('resent-date').slice(0, 1)) ??
    firstDate(msg.root.header('date').slice(0, 1))
  );
}

/** The first of the strings that holds a date SpamAssassin can read (0 counts as none). */
function firstDate(strings: readonly string[]): number | undefined {
  for (const s of strings) {
    const t = parseRfc822Date(s);
    if (t) return t;
  }
  return undefined;
}

/** The date of the mbox `From ` line, or of an X-From-Line header, in this machine's zone when it names none. */
function envelopeLineDate(msg: ParsedMessage): number | undefined {
  const line = /^From[\t\n\x0b\f\r ]+([^\n]+)/.exec(msg.mboxSeparator ?? '')?.[1] ?? msg.root.header('x-from-line')[0];
  if (line === undefined || line.trim() === '') return undefined;
  return firstDate([HAS_ZONE.test(line) ? line : `${line} ${localZone()}`]);
}

/** This machine's offset from UTC as `+HHMM`, as SpamAssassin's local_tz writes it. */
function localZone(): string {
  const minutes = -new Date().getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
