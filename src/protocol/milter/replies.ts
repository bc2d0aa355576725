/**
 * Filter → MTA replies: encoders (what the milter sends) and decoders (what
 * the fake MTA reads), one table entry per reply byte.
 */
import { ProtocolError } from '../../util/errors.js';
import { SMFIR } from './constants.js';
import { CStringCursor, cstrings, uint32 } from './cstrings.js';
import { encodeFrame, type Frame } from './frame.js';

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

const SIMPLE: Array<[ReplyKind, number]> = [
  ['continue', SMFIR.CONTINUE],
  ['accept', SMFIR.ACCEPT],
  ['reject', SMFIR.REJECT],
  ['tempfail', SMFIR.TEMPFAIL],
  ['discard', SMFIR.DISCARD],
  ['progress', SMFIR.PROGRESS],
  ['skip', SMFIR.SKIP],
  ['shutdown', SMFIR.SHUTDOWN],
];

type Encoders = { [K in ReplyKind]: (r: Extract<MilterReply, { kind: K }>) => Buffer };

const ENCODERS: Encoders = {
  continue: () => encodeFrame(SMFIR.CONTINUE),
  accept: () => encodeFrame(SMFIR.ACCEPT),
  reject: () => encodeFrame(SMFIR.REJECT),
  tempfail: () => encodeFrame(SMFIR.TEMPFAIL),
  discard: () => encodeFrame(SMFIR.DISCARD),
  progress: () => encodeFrame(SMFIR.PROGRESS),
  skip: () => encodeFrame(SMFIR.SKIP),
  shutdown: () => encodeFrame(SMFIR.SHUTDOWN),
  replycode: (r) => encodeFrame(SMFIR.REPLYCODE, cstrings(r.text)),
  addheader: (r) => encodeFrame(SMFIR.ADDHEADER, cstrings(r.name, r.value)),
  insheader: (r) => encodeFrame(SMFIR.INSHEADER, Buffer.concat([uint32(r.index), cstrings(r.name, r.value)])),
  chgheader: (r) => encodeFrame(SMFIR.CHGHEADER, Buffer.concat([uint32(r.index), cstrings(r.name, r.value)])),
  quarantine: (r) => encodeFrame(SMFIR.QUARANTINE, cstrings(r.reason)),
  addrcpt: (r) => encodeFrame(SMFIR.ADDRCPT, cstrings(r.rcpt)),
  delrcpt: (r) => encodeFrame(SMFIR.DELRCPT, cstrings(r.rcpt)),
  chgfrom: (r) => encodeFrame(SMFIR.CHGFROM, r.args === undefined ? cstrings(r.sender) : cstrings(r.sender, r.args)),
  replbody: (r) => encodeFrame(SMFIR.REPLBODY, r.data),
  optneg: (r) =>
    encodeFrame(
      SMFIR.OPTNEG,
      Buffer.concat([
        uint32(r.version),
        uint32(r.actions),
        uint32(r.protocol),
        ...r.macros.flatMap(([stage, list]) => [uint32(stage), cstrings(list)]),
      ]),
    ),
};

export function encodeReply(r: MilterReply): Buffer {
  return (ENCODERS[r.kind] as (r: MilterReply) => Buffer)(r);
}

/**
 * Fields of the replies a filter sends during a message, in wire order
 * (a number is a uint32); null for the two (REPLBODY, OPTNEG) that take the
 * general encoder.
 */
function fieldsOf(r: MilterReply): Array<string | number> | null {
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
    case 'optneg':
      return null;
    default:
      return [];
  }
}

// eslint-disable-next-line no-control-regex
const WIDE = /[^\u0000-\u00ff]/;

function fieldBytes(f: string | number): number {
  if (typeof f === 'number') return 4;
  if (f.includes('\0')) throw new ProtocolError('milter', 'a milter string cannot contain NUL');
  return (WIDE.test(f) ? Buffer.byteLength(f, 'utf8') : f.length) + 1;
}

/**
 * Several replies in one buffer, each byte written once: the end-of-message
 * answer (header edits plus the final reply) goes out in one write without
 * the per-field buffers and concatenations of encodeReply. Same bytes as
 * concatenating encodeReply's (strings latin1, or UTF-8 when wider).
 */
export function encodeReplies(replies: readonly MilterReply[]): Buffer {
  const plan = replies.map((r) => fieldsOf(r) ?? encodeReply(r));
  let size = 0;
  for (const p of plan) size += Buffer.isBuffer(p) ? p.length : 5 + p.reduce((a: number, f) => a + fieldBytes(f), 0);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  plan.forEach((p, i) => {
    if (Buffer.isBuffer(p)) {
      pos += p.copy(out, pos);
      return;
    }
    const start = pos;
    out[pos + 4] = SMFIR_CODE[(replies[i] as MilterReply).kind];
    pos += 5;
    for (const f of p) {
      if (typeof f === 'number') pos = out.writeUInt32BE(f >>> 0, pos);
      else {
        pos += out.write(f, pos, WIDE.test(f) ? 'utf8' : 'latin1');
        out[pos++] = 0;
      }
    }
    out.writeUInt32BE(pos - start - 4, start);
  });
  return out;
}

const SMFIR_CODE: Record<ReplyKind, number> = {
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
for (const [kind, code] of SIMPLE) {
  DECODERS[code] = (data) => {
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
