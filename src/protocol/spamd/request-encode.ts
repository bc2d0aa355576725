import type { SpamdCommand } from './constants.js';

/** What a client puts in the request head (spamc 4.0.1 field order). */
export interface RequestHead {
  command: SpamdCommand;
  /** Protocol version after `SPAMC/`; spamc always speaks 1.5. */
  version?: string;
  user?: string;
  /** TELL only. */
  messageClass?: 'spam' | 'ham';
  set?: { local?: boolean; remote?: boolean };
  remove?: { local?: boolean; remote?: boolean };
  compress?: boolean;
  /** Body length on the wire (the compressed length with `compress`). */
  contentLength?: number;
}

/**
 * Encodes the request line and headers, ending with the empty line. Order
 * is fixed as spamc writes it: Message-class, Set, Remove, User, Compress,
 * Content-length. PING carries no User or Content-length.
 */
export function encodeRequestHead(head: RequestHead): Buffer {
  const lines = [`${head.command} SPAMC/${head.version ?? '1.5'}`];
  if (head.command !== 'PING') {
    if (head.messageClass !== undefined) lines.push(`Message-class: ${head.messageClass}`);
    const set = flagList(head.set);
    if (set !== '') lines.push(`Set: ${set}`);
    const remove = flagList(head.remove);
    if (remove !== '') lines.push(`Remove: ${remove}`);
    if (head.user !== undefined) lines.push(`User: ${head.user}`);
    if (head.compress) lines.push('Compress: zlib');
    if (head.contentLength !== undefined) lines.push(`Content-length: ${head.contentLength}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** `local`, `remote` or `local,remote` (no space, as spamc writes it). */
function flagList(f: { local?: boolean; remote?: boolean } | undefined): string {
  if (f === undefined) return '';
  return [f.local ? 'local' : '', f.remote ? 'remote' : ''].filter((s) => s !== '').join(',');
}
