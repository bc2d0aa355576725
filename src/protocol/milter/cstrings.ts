/**
 * NUL-terminated strings as milter payloads carry them. Text is kept as
 * octets (latin1), so any byte an MTA sends survives a decode/encode cycle.
 */
import { ProtocolError } from '../../util/errors.js';

/** Reads consecutive C strings from a payload. */
export class CStringCursor {
  private pos = 0;
  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.data.length;
  }

  get offset(): number {
    return this.pos;
  }

  string(): string {
    const end = this.data.indexOf(0, this.pos);
    if (end < 0) throw new ProtocolError('milter', `${this.what}: string without NUL terminator`);
    const s = this.data.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }

  byte(): number {
    if (this.pos >= this.data.length) throw new ProtocolError('milter', `${this.what}: payload too short`);
    return this.data[this.pos++] as number;
  }

  uint16(): number {
    if (this.pos + 2 > this.data.length) throw new ProtocolError('milter', `${this.what}: payload too short`);
    const v = this.data.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  uint32(): number {
    if (this.pos + 4 > this.data.length) throw new ProtocolError('milter', `${this.what}: payload too short`);
    const v = this.data.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Every remaining string (a "string list"). */
  rest(): string[] {
    const out: string[] = [];
    while (!this.atEnd) out.push(this.string());
    return out;
  }

  expectEnd(): void {
    if (!this.atEnd) throw new ProtocolError('milter', `${this.what}: ${this.data.length - this.pos} unexpected trailing bytes`);
  }
}

/** Text to bytes: octet strings stay byte-exact; wider characters go out as UTF-8. */
export function textBytes(s: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(s) ? Buffer.from(s, 'utf8') : Buffer.from(s, 'latin1');
}

/** Strings, each followed by NUL. A NUL inside a string would end it early, so it is refused. */
export function cstrings(...parts: string[]): Buffer {
  const bufs: Buffer[] = [];
  for (const p of parts) {
    if (p.includes('\0')) throw new ProtocolError('milter', 'a milter string cannot contain NUL');
    bufs.push(textBytes(p), Buffer.from([0]));
  }
  return Buffer.concat(bufs);
}

export function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}
