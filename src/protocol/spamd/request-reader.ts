import { MAX_REQUEST_HEADERS } from './constants.js';
import { applyHeaderLine, type RequestHeaders } from './request-headers.js';
import { expectsHeaders, parseRequestLine, stripLineEnd, type RequestLine } from './request-line.js';
import { badHeader, unavailable } from './reply-error.js';

export interface ReaderLimits {
  /** Longest request or header line accepted (spamd has no limit; we need one). */
  maxLineBytes: number;
  /** Largest body accepted, declared or read. */
  maxBodyBytes: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { maxLineBytes: 8192, maxBodyBytes: 64 * 1024 * 1024 };

export type ReaderStep =
  | { kind: 'line'; line: RequestLine }
  | { kind: 'headers'; headers: RequestHeaders }
  /** The body as sent (still compressed with `Compress: zlib`). */
  | { kind: 'body'; body: Buffer };

type State = 'line' | 'headers' | 'body' | 'done';

/**
 * Incremental reader for one spamd request, fed with socket chunks of any
 * size. Pull steps with next(): it returns undefined when it needs more bytes
 * and throws SpamdReplyError with spamd's own status line on bad input.
 * Framing follows spamd: headers end at an exact CR LF line, the body ends at
 * the first line boundary at or past Content-length, or at EOF.
 */
export class RequestReader {
  private readonly limits: ReaderLimits;
  private buf: Buffer = Buffer.alloc(0);
  private eof = false;
  private state: State = 'line';
  private requestLine: RequestLine | undefined;
  private readonly headers: RequestHeaders = {};
  private headerCount = 0;
  /** Where to resume the newline search in the body (avoids rescanning). */
  private bodyScanFrom = 0;

  constructor(limits: Partial<ReaderLimits> = {}) {
    this.limits = { ...DEFAULT_READER_LIMITS, ...limits };
  }

  push(chunk: Buffer): void {
    if (this.state === 'done') return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.state === 'body' && this.buf.length > this.bodyCap()) {
      throw unavailable(`(message larger than ${this.limits.maxBodyBytes} bytes)`);
    }
  }

  /** The peer half-closed or closed. */
  end(): void {
    this.eof = true;
  }

  get done(): boolean {
    return this.state === 'done';
  }

  next(): ReaderStep | undefined {
    switch (this.state) {
      case 'line':
        return this.readRequestLine();
      case 'headers':
        return this.readHeaders();
      case 'body':
        return this.readBody();
      default:
        return undefined;
    }
  }

  /** Next line including its LF (or the unterminated rest at EOF); undefined when more bytes are needed. */
  private takeLine(): string | undefined {
    const nl = this.buf.indexOf(0x0a);
    if (nl < 0) {
      if (this.buf.length > this.limits.maxLineBytes) throw badHeader('(line too long)');
      if (!this.eof || this.buf.length === 0) return undefined;
      const rest = this.buf.toString('latin1');
      this.buf = Buffer.alloc(0);
      return rest;
    }
    if (nl + 1 > this.limits.maxLineBytes) throw badHeader('(line too long)');
    const line = this.buf.subarray(0, nl + 1).toString('latin1');
    this.buf = this.buf.subarray(nl + 1);
    return line;
  }

  private readRequestLine(): ReaderStep | undefined {
    const raw = this.takeLine();
    if (raw === undefined) {
      if (this.eof) throw badHeader('(closed before headers)');
      return undefined;
    }
    const line = parseRequestLine(stripLineEnd(raw));
    this.requestLine = line;
    // Protocol 1.0 requests (and PING/SKIP before 1.5) carry no header block.
    if (expectsHeaders(line)) this.state = 'headers';
    else this.finishHeaders();
    return { kind: 'line', line };
  }

  private readHeaders(): ReaderStep | undefined {
    for (;;) {
      const raw = this.takeLine();
      if (raw === undefined) {
        if (this.eof) throw badHeader('(EOF during headers)');
        return undefined;
      }
      // Only an exact CR LF ends a header line; a lone LF stays part of it.
      const line = raw.endsWith('\r\n') ? raw.slice(0, -2) : raw;
      if (line.length === 0) {
        this.finishHeaders();
        return { kind: 'headers', headers: this.headers };
      }
      if (++this.headerCount >= MAX_REQUEST_HEADERS) throw badHeader('(too many headers)');
      applyHeaderLine(this.headers, line);
    }
  }

  private finishHeaders(): void {
    const cmd = this.requestLine?.command;
    this.state = cmd === 'PING' || cmd === 'SKIP' ? 'done' : 'body';
    if (this.state === 'done') return;
    if (this.headers.compressZlib && this.headers.contentLength === undefined) {
      throw unavailable('Compress requires Content-length header');
    }
    const declared = this.headers.contentLength;
    if (declared !== undefined && declared > this.limits.maxBodyBytes) {
      throw unavailable(`(message larger than ${this.limits.maxBodyBytes} bytes)`);
    }
  }

  /** Bytes we may buffer for the body: spamd may read past Content-length up to the end of that line. */
  private bodyCap(): number {
    const framedByLength = !this.headers.compressZlib && this.headers.contentLength !== undefined;
    return this.limits.maxBodyBytes + (framedByLength ? this.limits.maxLineBytes : 0);
  }

  private readBody(): ReaderStep | undefined {
    if (this.buf.length > this.bodyCap()) throw unavailable(`(message larger than ${this.limits.maxBodyBytes} bytes)`);
    const expected = this.headers.contentLength;
    const end = expected === undefined ? undefined : this.headers.compressZlib ? this.compressedEnd(expected) : this.lineBoundaryAtOrAfter(expected);
    if (end === undefined && !this.eof) return undefined;
    const body = end === undefined ? this.buf : this.buf.subarray(0, end);
    this.buf = Buffer.alloc(0);
    this.state = 'done';
    if (!this.headers.compressZlib && expected !== undefined && body.length !== expected) {
      const text = this.headers.contentLengthText ?? String(expected);
      throw badHeader(`(Content-Length mismatch: Expected ${text} bytes, got ${body.length} bytes)`);
    }
    return { kind: 'body', body };
  }

  /**
   * spamd reads a compressed body to EOF and then drops what lies past
   * Content-length; we stop at Content-length at once, so clients that do not
   * half-close (spamc over TLS) are answered instead of timing out.
   */
  private compressedEnd(expected: number): number | undefined {
    return this.buf.length >= expected ? expected : undefined;
  }

  /**
   * spamd reads whole lines until it has at least `expected` bytes, so the
   * body ends after the LF of the line holding byte `expected`.
   */
  private lineBoundaryAtOrAfter(expected: number): number | undefined {
    if (this.buf.length < expected) return undefined;
    const from = Math.max(expected - 1, this.bodyScanFrom, 0);
    const nl = this.buf.indexOf(0x0a, from);
    if (nl < 0) {
      this.bodyScanFrom = this.buf.length;
      return undefined;
    }
    return nl + 1;
  }
}
