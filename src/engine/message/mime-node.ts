/**
 * One node of the MIME tree. Header values are decoded lazily, per name, on
 * first use: most fields of most messages are never asked for.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import { decodeFieldValue } from './header-decode.js';
import { decodeTransfer } from './transfer-decoding.js';
import type { HeaderField, MimePart, Octets } from './types.js';

const EMPTY = Buffer.alloc(0);

export class MimeNode implements MimePart {
  readonly headers: HeaderField[] = [];
  type = 'text/plain';
  effectiveType = 'text/plain';
  charset = '';
  /** Whether a charset parameter was present (SA treats a missing one as us-ascii). */
  hasCharset = false;
  name: string | undefined = undefined;
  cte = '';
  readonly children: MimeNode[] = [];
  /** Multipart parsed or message/rfc822 sub-parsed: SA's `body_parts` exists. */
  hasBodyParts = false;
  /** Undecoded body lines as SA stores them (long lines already cut). */
  lines: string[] | undefined = undefined;
  private readonly byName = new Map<string, HeaderField[]>();
  private readonly decodedCache = new Map<string, Octets[]>();
  private rawBody: Buffer | undefined;
  private decodedBody: Buffer | undefined;

  get isLeaf(): boolean {
    return !this.hasBodyParts;
  }

  get body(): Buffer {
    if (this.rawBody === undefined) {
      this.rawBody = this.lines ? Buffer.from(this.lines.join(''), 'latin1') : EMPTY;
    }
    return this.rawBody;
  }

  /** Store a field; `rawValue` is the value as SA keeps it (line ending included). */
  addHeader(name: string, rawValue: Octets): void {
    const field: HeaderField = { name, raw: rawValue.endsWith('\n') ? rawValue.slice(0, -1) : rawValue, rawValue };
    this.headers.push(field);
    const key = name.toLowerCase();
    const list = this.byName.get(key);
    if (list) list.push(field);
    else this.byName.set(key, [field]);
  }

  /** Raw values (folding and final newline kept) of a field, in order. */
  rawHeader(lcName: string): Octets[] {
    return (this.byName.get(lcName.trim()) ?? []).map((f) => f.rawValue);
  }

  /** Decoded values (SA's `$node->header($name)` in list context). */
  header(lcName: string): Octets[] {
    const key = lcName.toLowerCase();
    let values = this.decodedCache.get(key);
    if (values === undefined) {
      values = (this.byName.get(key) ?? []).map((f) => decodeFieldValue(f.rawValue, key));
      this.decodedCache.set(key, values);
    }
    return values;
  }

  /** Last decoded value, or '' (SA's scalar `$node->header($name)`). */
  lastHeader(lcName: string): Octets {
    const v = this.header(lcName);
    return v.length > 0 ? v[v.length - 1]! : '';
  }

  /** Field names in order, lower-cased, first occurrence only. */
  fieldNames(): string[] {
    return [...this.byName.keys()];
  }

  decoded(): Buffer {
    if (this.decodedBody === undefined) {
      this.decodedBody = this.lines === undefined ? EMPTY : decodeTransfer(this.lines.join(''), this.cte, this.type);
    }
    return this.decodedBody;
  }

  /** Drop the undecoded lines once a message/rfc822 body was parsed into a child. */
  releaseBody(): void {
    this.lines = undefined;
    this.rawBody = undefined;
    this.decodedBody = undefined;
  }
}
