import { inflateSync } from 'node:zlib';
import type { RequestHeaders } from './request-headers.js';
import { unavailable } from './reply-error.js';

/**
 * The message a request carries: the body itself, or with `Compress: zlib`
 * the inflated stream. spamd reads compressed bodies to EOF and drops bytes
 * past Content-length before inflating; a stream without its end is refused.
 * Output is capped so a zlib bomb costs at most `maxBytes`.
 */
export function decodeBody(body: Buffer, headers: RequestHeaders, maxBytes: number): Buffer {
  if (!headers.compressZlib) return body;
  const declared = headers.contentLength ?? body.length;
  const input = body.length > declared ? body.subarray(0, declared) : body;
  try {
    return inflateSync(input, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw unavailable(`zlib: inflated message larger than ${maxBytes} bytes`);
    }
    throw unavailable('zlib: failed to find end of zlib stream');
  }
}
