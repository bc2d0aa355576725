/**
 * spamd's line for an accepted connection, as log readers know it:
 * `connection from HOST [ADDR]:PORT to port LOCALPORT, fd N` (with
 * `, PROTOCOL/CIPHER` over TLS), `unauthorized …` as a warning for a
 * refused one, and `got connection over PATH` on a Unix socket.
 */
import type net from 'node:net';
import type tls from 'node:tls';

export function connectionLine(host: string, socket: net.Socket, tlsInfo = ''): string {
  return `connection from ${host} [${socket.remoteAddress ?? ''}]:${socket.remotePort ?? 0} to port ${socket.localPort ?? 0}, fd ${socketFd(socket)}${tlsInfo}`;
}

export function unixConnectionLine(path: string): string {
  return `got connection over ${path}`;
}

/** IO::Socket::SSL's names for the protocol versions (Node says `TLSv1.3`). */
const VERSION_NAMES: Readonly<Record<string, string>> = { 'TLSv1.3': 'TLSv1_3', 'TLSv1.2': 'TLSv1_2', 'TLSv1.1': 'TLSv1_1', TLSv1: 'TLSv1', SSLv3: 'SSLv3' };

/** `, TLSv1_3/TLS_AES_256_GCM_SHA384` once the handshake is done (OpenSSL's cipher name, as spamd logs it). */
export function tlsInfo(secure: tls.TLSSocket): string {
  const protocol = secure.getProtocol();
  const cipher = secure.getCipher()?.name;
  return protocol && cipher ? `, ${VERSION_NAMES[protocol] ?? protocol}/${cipher}` : '';
}

/** The descriptor number the kernel gave the connection (spamd logs it); -1 when Node does not say. */
function socketFd(socket: net.Socket): number {
  const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}
