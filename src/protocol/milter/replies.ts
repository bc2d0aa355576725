/**
 * Filter → MTA replies: one encoder (each reply's payload described once,
 * in fieldsOf) for what the milter sends, and the decoders the fake MTA reads.
 */
import { ProtocolError } from '../../util/errors.js';
import { SMFIR } from './constants.js';
import { CStringCursor } from './cstrings.js';
import type { Frame } from './frame.js';

export type MilterReply =
  | { kind: 'continue' }
  | { kind: 'accept' }
  | { kind: 'reject' }
  | { kind: 'tempfail' }
  | { kind: 'discard' }
  | { kind: 'progress' }
  | { kind: 'skip' }
  | { kind: 'shutdown' }
  | { kind: 'replycode'; text: string }
  | { kind: 'addheader'; name: string; value: string }
  | { kind: 'insheader'; index: number; name: string; value: string }
  | { kind: 'chgheader'; index: number; name: string; value: string }
  | { kind: 'quarantine'; reason: string }
  | { kind: 'addrcpt'; rcpt: string }
  | { kind: 'delrcpt'; rcpt: string }
  | { kind: 'chgfrom'; sender: string; args: string | undefined }
  | { kind: 'replbody'; data: Buffer }
  | { kind: 'optneg'; version: number; actions: number; protocol: number; macros: Array<[number, string]> };

export type ReplyKind = MilterReply['kind'];

/** Replies that end the MTA's wait for an answer to a command (everything but modifications, `p` and `q`). */
export const FINAL_REPLY_KINDS: ReadonlySet<ReplyKind> = new Set<ReplyKind>([
  'continue',
  'accept',
  'reject',
  'tempfail',
  'discard',
  'skip',
  'shutdown',
  'replycode',
]);

/** The reply byte of each kind. */
const CODES: Record<ReplyKind, number> = {
  continue: SMFIR.CONTINUE,
  accept: SMFIR.ACCEPT,
  reject: SMFIR.REJECT,
  tempfail: SMFIR.TEMPFAIL,
  discard: SMFIR.DISCARD,
  progress: SMFIR.PROGRESS,
  skip: SMFIR.SKIP,
  shutdown: SMFIR.SHUTDOWN,
  replycode: SMFIR.REPLYCODE,
  addheader: SMFIR.ADDHEADER,
  insheader: SMFIR.INSHEADER,
  chgheader: SMFIR.CHGHEADER,
  quarantine: SMFIR.QUARANTINE,
  addrcpt: SMFIR.ADDRCPT,
  delrcpt: SMFIR.DELRCPT,
  chgfrom: SMFIR.CHGFROM,
  replbody: SMFIR.REPLBODY,
  optneg: SMFIR.OPTNEG,
};

/** Replies without payload. */
const SIMPLE: readonly ReplyKind[] = ['continue', 'accept', 'reject', 'tempfail', 'discard', 'progress', 'skip', 'shutdown'];

/** A payload field: a uint32, a NUL-terminated string, or raw bytes (REPLBODY). */
type Field = string | number | Buffer;

/** Each reply's payload, field by field in wire order (the one description of the layout). */
function fieldsOf(r: MilterReply): readonly Field[] {
  switch (r.kind) {
    case 'replycode':
      return [r.text];
    case 'addheader':
      return [r.name, r.value];
    case 'insheader':
    case 'chgheader':
      return [r.index, r.name, r.value];
    case 'quarantine':
      return [r.reason];
    case 'addrcpt':
    case 'delrcpt':
      return [r.rcpt];
    case 'chgfrom':
      return r.args === undefined ? [r.sender] : [r.sender, r.args];
    case 'replbody':
      return [r.data];
    case 'optneg':
      return [r.version, r.actions, r.protocol, ...r.macros.flatMap(([stage, list]) => [stage, list])];
    default:
      return [];
  }
}

// eslint-disable-next-line no-control-regex
const WIDE = /[^\u0000-\u00ff]/;

/** Octet strings stay byte-exact; wider characters go out as UTF-8. */
const encodingOf = (s: string): BufferEncoding => (WIDE.test(s) ? 'utf8' : 'latin1');

function fieldBytes(f: Field): number {
  if (typeof f === 'number') return 4;
  if (Buffer.isBuffer(f)) return f.length;
  if (f.includes('\0')) throw new ProtocolError('milter', 'a milter string cannot contain NUL');
  return Buffer.byteLength(f, encodingOf(f)) + 1;
}

/**
 * Replies as frames in one buffer, each byte written once: the
 * end-of-message answer (header edits plus the final reply) goes out in one
 * write, without per-field buffers and concatenations.
 */
export function encodeReplies(replies: readonly MilterReply[]): Buffer {
  const payloads = replies.map(fieldsOf);
  let size = 0;
  for (const fields of payloads) size += 5 + fields.reduce((a: number, f) => a + fieldBytes(f), 0);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  replies.forEach((r, i) => {
    const start = pos;
    out[pos + 4] = CODES[r.kind];
    pos += 5;
    for (const f of payloads[i] as readonly Field[]) {
      if (typeof f === 'number') pos = out.writeUInt32BE(f >>> 0, pos);
      else if (Buffer.isBuffer(f)) pos += f.copy(out, pos);
      else {
        pos += out.write(f, pos, encodingOf(f));
        out[pos++] = 0;
      }
    }
    out.writeUInt32BE(pos - start - 4, start);
  });
  return out;
}

export function encodeReply(r: MilterReply): Buffer {
  return encodeReplies([r]);
}

function decodeOptnegReply(data: Buffer): MilterReply {
  const c = new CStringCursor(data, 'optneg reply');
  const version = c.uint32();
  const actions = c.uint32();
  const protocol = c.uint32();
  const macros: Array<[number, string]> = [];
  while (!c.atEnd) macros.push([c.uint32(), c.string()]);
  return { kind: 'optneg', version, actions, protocol, macros };
}

function withStrings(what: string, count: number, build: (s: string[]) => MilterReply) {
  return (data: Buffer): MilterReply => {
    const c = new CStringCursor(data, what);
    const s: string[] = [];
    for (let i = 0; i < count; i++) s.push(c.string());
    c.expectEnd();
    return build(s);
  };
}

function indexed(kind: 'insheader' | 'chgheader') {
  return (data: Buffer): MilterReply => {
    const c = new CStringCursor(data, kind);
    const index = c.uint32();
    const name = c.string();
    const value = c.string();
    c.expectEnd();
    return { kind, index, name, value };
  };
}

const DECODERS: Record<number, (data: Buffer) => MilterReply> = {
  [SMFIR.REPLYCODE]: withStrings('replycode', 1, ([text]) => ({ kind: 'replycode', text: text as string })),
  [SMFIR.ADDHEADER]: withStrings('addheader', 2, ([name, value]) => ({ kind: 'addheader', name: name as string, value: value as string })),
  [SMFIR.INSHEADER]: indexed('insheader'),
  [SMFIR.CHGHEADER]: indexed('chgheader'),
  [SMFIR.QUARANTINE]: withStrings('quarantine', 1, ([reason]) => ({ kind: 'quarantine', reason: reason as string })),
  [SMFIR.ADDRCPT]: withStrings('addrcpt', 1, ([rcpt]) => ({ kind: 'addrcpt', rcpt: rcpt as string })),
  [SMFIR.DELRCPT]: withStrings('delrcpt', 1, ([rcpt]) => ({ kind: 'delrcpt', rcpt: rcpt as string })),
  [SMFIR.CHGFROM]: (data) => {
    const c = new CStringCursor(data, 'chgfrom');
    const sender = c.string();
    const args = c.atEnd ? undefined : c.string();
    c.expectEnd();
    return { kind: 'chgfrom', sender, args };
  },
  [SMFIR.REPLBODY]: (data) => ({ kind: 'replbody', data }),
  [SMFIR.OPTNEG]: decodeOptnegReply,
};
for (const kind of SIMPLE) {
  DECODERS[CODES[kind]] = (data) => {
    if (data.length !== 0) throw new ProtocolError('milter', `${kind} reply followed by ${data.length} data bytes`);
    return { kind } as MilterReply;
  };
}

/** Decodes a reply frame as an MTA would (used by the fake MTA). */
export function decodeReply(frame: Frame): MilterReply {
  const decode = DECODERS[frame.code];
  if (decode === undefined) {
    throw new ProtocolError('milter', `unknown reply byte 0x${frame.code.toString(16).padStart(2, '0')}`);
  }
  return decode(frame.data);
}
