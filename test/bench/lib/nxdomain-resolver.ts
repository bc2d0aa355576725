/**
 * A DNS responder on a loopback UDP port that answers NXDOMAIN to every
 * query at once: what a benchmark points a daemon's resolver at so that no
 * lookup leaves the machine and none waits for a timeout. The reply is the
 * query's header (id, opcode, RD) and first question, with QR and RA set and
 * no records.
 */
import { createSocket, type Socket } from 'node:dgram';

const HEADER_BYTES = 12;
const RCODE_NXDOMAIN = 3;

/** The reply to one query, or undefined for a datagram too short to be one. */
export function nxdomainReply(query: Buffer): Buffer | undefined {
  if (query.length < HEADER_BYTES) return undefined;
  let end = HEADER_BYTES;
  while (end < query.length && query[end] !== 0) end += (query[end] as number) + 1;
  end += 5; // the root label's zero, QTYPE, QCLASS
  if (end > query.length) return undefined;
  const reply = Buffer.from(query.subarray(0, end));
  reply[2] = 0x80 | ((query[2] as number) & 0x79); // QR, the query's opcode and RD
  reply[3] = 0x80 | RCODE_NXDOMAIN; // RA
  reply.writeUInt16BE(1, 4); // one question, no answer, authority or additional records
  reply.fill(0, 6, HEADER_BYTES);
  return reply;
}

export interface NxdomainResolver {
  port: number;
  close(): void;
}

export function startNxdomainResolver(): Promise<NxdomainResolver> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const reply = nxdomainReply(query);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve({ port: socket.address().port, close: () => socket.close() }));
  });
}
