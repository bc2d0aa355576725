/**
 * Fuzz cases for the milter codec and session: random frames, mutations of
 * valid frames, truncations and hostile length fields (up to 2^32-1), fed
 * in random splits through FrameReader → decodeCommand → MilterSession.
 * Anything thrown other than a ProtocolError is a bug.
 */
import { encodeCommand, decodeCommand, type MtaCommand } from '../../src/protocol/milter/commands.js';
import { FrameReader } from '../../src/protocol/milter/frame.js';
import { ProtocolError } from '../../src/util/errors.js';
import { MilterSession } from '../../milter/session.js';
import { SMFIF, SMFIP } from '../../src/protocol/milter/constants.js';
import { SPAM_FILTER_MACROS } from '../../src/protocol/milter/negotiate.js';

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const VALID: MtaCommand[] = [
  { cmd: 'optneg', version: 6, actions: 0x1ff, protocol: 0x1fffff },
  { cmd: 'macro', stage: 'C', macros: [['j', 'mx'], ['{daemon_name}', 'd']] },
  { cmd: 'connect', hostname: 'c.example', family: 'inet', port: 25, address: '192.0.2.1' },
  { cmd: 'helo', name: 'c.example' },
  { cmd: 'mail', args: ['<a@b>', 'SIZE=1'] },
  { cmd: 'rcpt', args: ['<c@d>'] },
  { cmd: 'data' },
  { cmd: 'header', name: 'Subject', value: ' hi' },
  { cmd: 'eoh' },
  { cmd: 'body', chunk: Buffer.from('body\r\n') },
  { cmd: 'eob', chunk: Buffer.alloc(0) },
  { cmd: 'abort' },
  { cmd: 'unknown', line: 'X' },
  { cmd: 'quitnc' },
];
const VALID_BYTES = VALID.map(encodeCommand);

export interface FuzzStats {
  cases: number;
  frames: number;
  protocolErrors: number;
  maxPending: number;
}

const MAX_FRAME = 65536;

function mutate(rand: () => number, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const kind = Math.floor(rand() * 5);
  if (kind === 0 && out.length > 0) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  if (kind === 1) return out.subarray(0, Math.floor(rand() * out.length));
  if (kind === 2) out.writeUInt32BE(Math.floor(rand() * 2 ** 32), 0);
  if (kind === 3) out.writeUInt32BE(Math.max(1, out.length - 4 + Math.floor(rand() * 7) - 3), 0);
  if (kind === 4) return Buffer.concat([out, Buffer.from([Math.floor(rand() * 256)])]);
  return out;
}

function caseBytes(rand: () => number): Buffer {
  const parts: Buffer[] = [];
  const n = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const base = VALID_BYTES[Math.floor(rand() * VALID_BYTES.length)] as Buffer;
    if (r < 0.5) parts.push(base);
    else if (r < 0.85) parts.push(mutate(rand, base));
    else {
      const junk = Buffer.alloc(Math.floor(rand() * 24));
      for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(rand() * 256);
      parts.push(junk);
    }
  }
  return Buffer.concat(parts);
}

function newSession(): MilterSession {
  return new MilterSession({
    actions: SMFIF.ADDHDRS | SMFIF.CHGHDRS | SMFIF.QUARANTINE | SMFIF.SETSYMLIST,
    protocol: SMFIP.HDR_LEADSPC | SMFIP.SKIP,
    macros: SPAM_FILTER_MACROS,
    maxMessageBytes: 4096,
    hooks: { skipConnection: () => null, skipMessage: () => null },
  });
}

/** Runs `count` cases from `seed`; throws on the first non-protocol error. */
export function runMilterFuzz(count: number, seed = 1): FuzzStats {
  const rand = prng(seed);
  const stats: FuzzStats = { cases: 0, frames: 0, protocolErrors: 0, maxPending: 0 };
  for (let i = 0; i < count; i++) {
    const bytes = Buffer.concat([VALID_BYTES[0] as Buffer, caseBytes(rand)]);
    const reader = new FrameReader(MAX_FRAME);
    const session = newSession();
    try {
      let pos = 0;
      while (pos < bytes.length && !session.closed) {
        const step = 1 + Math.floor(rand() * 16);
        for (const f of reader.push(bytes.subarray(pos, pos + step))) {
          stats.frames++;
          session.handle(decodeCommand(f));
        }
        pos += step;
        stats.maxPending = Math.max(stats.maxPending, reader.pendingBytes);
      }
    } catch (err) {
      if (!(err instanceof ProtocolError)) {
        throw new Error(`fuzz case ${i} (seed ${seed}) threw ${String(err)} on ${bytes.toString('hex')}`, { cause: err });
      }
      stats.protocolErrors++;
    }
    if (stats.maxPending > MAX_FRAME + 4) throw new Error(`reader held ${stats.maxPending} bytes`);
    stats.cases++;
  }
  return stats;
}
