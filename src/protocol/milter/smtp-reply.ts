/**
 * The text of an SMFIR_REPLYCODE reply: `ddd x.y.z text`, multi-line with
 * `ddd-` continuations. Sendmail treats the text as a printf format, so `%`
 * is doubled (Postfix turns `%%` back into `%`).
 */
import { SpamwardError } from '../../util/errors.js';

export interface SmtpReplySpec {
  /** Three-digit reply code, first digit 4 or 5. */
  code: string;
  /** Enhanced status `x.y.z`, same class digit as the code; optional. */
  enhanced?: string;
  /** Reply text; line breaks make a multi-line reply. */
  text: string;
}

/** libmilter refuses longer reply lines. */
export const MAX_REPLY_LINE = 980;

export function escapePercent(text: string): string {
  return text.replace(/%/g, '%%');
}

/** Checks code and enhanced status the way Postfix does, throwing ERR_CONFIG on a mismatch. */
export function validateReplySpec(spec: SmtpReplySpec): void {
  if (!/^[45][0-9][0-9]$/.test(spec.code)) {
    throw new SpamwardError('ERR_CONFIG', `SMTP reply code ${JSON.stringify(spec.code)} must be 4xx or 5xx`);
  }
  if (spec.enhanced === undefined || spec.enhanced === '') return;
  if (!/^[45]\.[0-9]{1,3}\.[0-9]{1,3}$/.test(spec.enhanced)) {
    throw new SpamwardError('ERR_CONFIG', `enhanced status ${JSON.stringify(spec.enhanced)} must look like 5.7.1`);
  }
  if (spec.enhanced[0] !== spec.code[0]) {
    throw new SpamwardError('ERR_CONFIG', `enhanced status ${spec.enhanced} does not match reply code ${spec.code}`);
  }
}

/** Builds the REPLYCODE payload text (without the NUL). */
export function formatSmtpReply(spec: SmtpReplySpec): string {
  validateReplySpec(spec);
  const prefix = spec.enhanced ? ` ${spec.enhanced} ` : ' ';
  const room = MAX_REPLY_LINE - spec.code.length - prefix.length;
  // NUL would end the C string early and CR would break the MTA's line handling.
  const lines = spec.text
    .replace(/\0/g, '')
    .split(/\r?\n|\r/)
    .map((line) => truncateEscaped(line, room));
  return lines
    .map((line, i) => `${spec.code}${i === lines.length - 1 ? ' ' : '-'}${prefix.slice(1)}${line}`)
    .join('\r\n');
}

/** Escapes `%` and cuts to `room` characters without splitting a `%%` pair. */
function truncateEscaped(line: string, room: number): string {
  let out = escapePercent(line);
  if (out.length <= room) return out;
  out = out.slice(0, room);
  const trailing = /%+$/.exec(out)?.[0].length ?? 0;
  return trailing % 2 === 1 ? out.slice(0, -1) : out;
}
