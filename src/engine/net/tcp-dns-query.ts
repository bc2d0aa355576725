/**
 * One DNS query over TCP (RFC 1035 §4.2.2: each message prefixed by its
 * two-byte length), for an answer that came back over UDP with the TC bit
 * set. SpamAssassin retries such answers over TCP (bug 8225) with a
 * 3-second TCP timeout; the caller's budget still caps the wait.
 */
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import type { DnsAnswer, RrType } from './dns-types.js';
import { decodeAnswer, encodeQuery } from './dns-wire.js';

/** Net::DNS tcp_timeout as SpamAssassin sets it. */
export const TCP_TIMEOUT_MS = 3000;

const FAILED: DnsAnswer = { code: 'ERROR', records: [] };

export function tcpQuery(host: string, port: number, name: string, type: RrType, timeoutMs = TCP_TIMEOUT_MS): Promise<DnsAnswer> {
  return new Promise<DnsAnswer>((resolve) => {
    const id = randomInt(0, 65536);
    const query = encodeQuery(id, name, type, 0);
    const framed = Buffer.concat([Buffer.from([query.length >> 8, query.length & 255]), query]);
    const sock = connect({ host, port });
    let got = Buffer.alloc(0);
    let settled = false;
    const finish = (a: DnsAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ code: 'TIMEOUT', records: [] }), timeoutMs);
    timer.unref();
    sock.on('connect', () => sock.write(framed));
    sock.on('error', () => finish(FAILED));
    sock.on('close', () => finish(FAILED));
    sock.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 2 || got.length < 2 + got.readUInt16BE(0)) return;
      finish(decodeFramed(got.subarray(2, 2 + got.readUInt16BE(0)), id, name, type));
    });
  });
}

function decodeFramed(msg: Buffer, id: number, name: string, type: RrType): DnsAnswer {
  try {
    const d = decodeAnswer(msg, type);
    if (d.id !== id || d.question.toLowerCase() !== name.replace(/\.+$/, '').toLowerCase()) return FAILED;
    return d.answer;
  } catch {
    return FAILED;
  }
}
