import { EX } from './constants.js';
import { libspamcFloat, scan } from './scanf.js';

/**
 * Client-side reading of a spamd reply, with libspamc 4.0.1's rules: which
 * faults are EX_PROTOCOL, EX_IOERR or "too big", which headers count, and
 * the Content-length sanity check. Pure: it works on the bytes received up
 * to EOF.
 */

/** libspamc's internal "too big" code; spamc never exits with it (it means pass-through). */
export const EX_TOOBIG = 866;

/** libspamc reads reply lines into an 8188-byte buffer, one byte kept for NUL. */
const MAX_REPLY_LINE = 8187;

/** How spamc reads the reply, by request kind. */
export type ReplyMode = 'check' | 'ping' | 'tell' | 'body';

export interface ParsedReply {
  versionText: string;
  code: number;
  /** Present when a well-formed `Spam:` header was seen. */
  spam?: { isSpam: boolean; score: number; threshold: number };
  contentLength?: number;
  didSet: { local: boolean; remote: boolean };
  didRemove: { local: boolean; remote: boolean };
  /** The body after the empty line ('body' mode only). */
  body: Buffer;
}

export type ReplyResult = { ok: true; reply: ParsedReply } | { ok: false; exit: number; reason: string };

/** Takes one line ending in LF (dropping a CR before it), as libspamc reads byte by byte. */
function takeLine(buf: Buffer, from: number): { line: string; next: number } | { fail: number } {
  const nl = buf.indexOf(0x0a, from);
  const limit = from + MAX_REPLY_LINE;
  if (nl < 0 || nl >= limit) return { fail: nl < 0 && buf.length < limit ? EX.IOERR : EX_TOOBIG };
  let end = nl;
  if (end > from && buf[end - 1] === 0x0d) end--;
  return { line: buf.subarray(from, end).toString('latin1'), next: nl + 1 };
}

/** `SPAMD/%18s %d %*s`, version read as a float and at least 1.0. */
function parseStatus(line: string): { versionText: string; code: number } | undefined {
  const f = scan(line, 'SPAMD/%18s %d');
  if (f.length !== 2) return undefined;
  const versionText = f[0] as string;
  if (libspamcFloat(versionText) < 1.0) return undefined;
  return { versionText, code: Number.parseInt(f[1] as string, 10) };
}

function clampScore(x: number): number {
  return Math.min(1e10, Math.max(-1e10, x));
}

/** Applies one reply header; returns an exit code on a fatal header. */
function applyHeader(r: ParsedReply, line: string): number | undefined {
  const spam = scan(line, 'Spam: %5s ; %20s / %20s');
  if (spam.length === 3) {
    const [flag, score, threshold] = spam as [string, string, string];
    r.spam = {
      isSpam: flag.toLowerCase() === 'true',
      score: clampScore(libspamcFloat(score)),
      threshold: clampScore(libspamcFloat(threshold)),
    };
    return undefined;
  }
  const len = scan(line, 'Content-length: %d');
  if (len.length === 1) {
    const n = Number.parseInt(len[0] as string, 10);
    if (n < 0) return EX.PROTOCOL;
    r.contentLength = n;
    return undefined;
  }
  for (const [name, target] of [['DidSet', r.didSet], ['DidRemove', r.didRemove]] as const) {
    const v = scan(line, `${name}: %14s`);
    if (v.length === 1) {
      if (v[0]?.includes('local')) target.local = true;
      if (v[0]?.includes('remote')) target.remote = true;
    }
  }
  return undefined;
}

/**
 * Interprets everything spamd sent. `maxBody` is libspamc's receive budget
 * for the body (`-s` size + 16384, minus what spamc itself printed first).
 */
export function parseReply(raw: Buffer, mode: ReplyMode, maxBody: number): ReplyResult {
  const first = takeLine(raw, 0);
  if ('fail' in first) return { ok: false, exit: first.fail, reason: 'no status line' };
  const status = parseStatus(first.line);
  if (status === undefined) return { ok: false, exit: EX.PROTOCOL, reason: `bad status line '${first.line}'` };
  const reply: ParsedReply = { ...status, didSet: { local: false, remote: false }, didRemove: { local: false, remote: false }, body: Buffer.alloc(0) };
  if (mode === 'ping') return { ok: true, reply };
  let pos = first.next;
  for (;;) {
    const l = takeLine(raw, pos);
    if ('fail' in l) return { ok: false, exit: l.fail, reason: 'reply ended inside the headers' };
    pos = l.next;
    if (l.line === '') break;
    const fatal = applyHeader(reply, l.line);
    if (fatal !== undefined) return { ok: false, exit: fatal, reason: `bad header '${l.line}'` };
  }
  if (mode === 'tell') return { ok: true, reply };
  if (mode === 'check') {
    return reply.spam === undefined ? { ok: false, exit: EX.PROTOCOL, reason: 'no Spam header' } : { ok: true, reply };
  }
  return readBody(raw.subarray(pos), reply, maxBody);
}

function readBody(body: Buffer, reply: ParsedReply, maxBody: number): ReplyResult {
  if (reply.contentLength === undefined) return { ok: false, exit: EX.PROTOCOL, reason: 'no Content-length' };
  if (body.length > maxBody) return { ok: false, exit: EX_TOOBIG, reason: 'reply larger than the receive buffer' };
  if (body.length !== reply.contentLength) {
    return { ok: false, exit: EX.PROTOCOL, reason: `failed sanity check, ${reply.contentLength} bytes claimed, ${body.length} bytes seen` };
  }
  reply.body = body;
  return { ok: true, reply };
}
