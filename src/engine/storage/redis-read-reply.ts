/**
 * The reply of a scan's read script (both layouts): "nspam nham", then for
 * each token of the request, in the order the script got them, a comma and
 * `spam ham atime` when the token is known, nothing when it is not. A scan
 * reads hundreds of tokens, so the reply is taken as the bytes Redis sent
 * (the scripts' Buffer variants) and its numbers are read in place: no reply
 * string, no split array, no string per number, only the counts the
 * classifier keeps.
 */
import type { Buffer } from 'node:buffer';
import type { TokenCounts } from '../bayes/store.js';
import type { LayoutRead } from './redis-layout.js';

const SPACE = 0x20;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;

/** Walks a reply's bytes; numbers are read as `Number(text) || 0` would read them. */
class ReplyCursor {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  at(byte: number): boolean {
    return this.buf[this.pos] === byte;
  }

  /** Step over `byte` when it is next (a malformed value then cannot shift the tokens after it). */
  skip(byte: number): void {
    if (this.buf[this.pos] === byte) this.pos++;
  }

  /** The number up to the next space or comma, or the end; stops on that delimiter. */
  number(): number {
    const b = this.buf;
    const end = b.length;
    const start = this.pos;
    let value = 0;
    let digitsOnly = true;
    let i = start;
    for (; i < end; i++) {
      const c = b[i] as number;
      if (c === SPACE || c === COMMA) break;
      if (c >= ZERO && c <= NINE) value = value * 10 + (c - ZERO);
      else digitsOnly = false;
    }
    this.pos = i;
    if (digitsOnly) return value;
    // Not what the scripts send (SpamAssassin writes integers), but a stored value is read as before.
    return Number(b.toString('latin1', start, i)) || 0;
  }
}

/**
 * Decode a read reply for `n` tokens; `order` maps the script's position (in
 * the blob it got) back to the caller's position.
 */
export function decodeReadReply(reply: Buffer, n: number, order?: ArrayLike<number>): LayoutRead {
  const counts = new Array<TokenCounts | undefined>(n).fill(undefined);
  const cur = new ReplyCursor(reply);
  const nspam = cur.number();
  cur.skip(SPACE);
  const nham = cur.number();
  for (let i = 0; i < n && cur.at(COMMA); i++) {
    cur.skip(COMMA);
    // Unknown: nothing before the next comma (or the end, which reads as 0 0 below).
    if (cur.at(COMMA)) continue;
    const spam = cur.number();
    cur.skip(SPACE);
    const ham = cur.number();
    cur.skip(SPACE);
    const atime = cur.number();
    if (spam > 0 || ham > 0) counts[order ? (order[i] as number) : i] = { spam, ham, atime };
  }
  return { nspam, nham, counts };
}
