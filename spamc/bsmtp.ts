/**
 * `-B`: the input is one BSMTP transaction. Everything through the first
 * `DATA` line is envelope, the dot-unstuffed text up to the lone `.` line is
 * the message, and the rest is kept to be written back after it.
 */
export interface BsmtpParts {
  pre: Buffer;
  message: Buffer;
  post: Buffer;
}

/** Splits a BSMTP input; undefined when there is no DATA line or no end-of-data dot (spamc: EX_DATAERR). */
export function splitBsmtp(raw: Buffer): BsmtpParts | undefined {
  const text = raw.toString('latin1');
  const data = /\n[Dd][Aa][Tt][Aa]\r?\n/.exec(text);
  if (data === null) return undefined;
  const start = data.index + data[0].length;
  const out: string[] = [];
  let i = start;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const line = nl < 0 ? text.slice(i) : text.slice(i, nl + 1);
    if (line === '.' || line === '.\n' || line === '.\r\n') {
      return { pre: raw.subarray(0, start), message: Buffer.from(out.join(''), 'latin1'), post: raw.subarray(i) };
    }
    out.push(line.startsWith('..') ? line.slice(1) : line);
    if (nl < 0) break;
    i = nl + 1;
  }
  return undefined;
}

/** Re-wraps a result: envelope, dot-stuffed text, then the original end of data. */
export function joinBsmtp(parts: BsmtpParts, body: Buffer): Buffer {
  const stuffed = body.toString('latin1').replace(/\n\./g, '\n..');
  return Buffer.concat([parts.pre, Buffer.from(stuffed, 'latin1'), parts.post]);
}
