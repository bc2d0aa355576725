/**
 * Exim and CommuniGate write `helo=` and `ident=` inside the client comment;
 * they are pulled out of that comment only, not the whole line.
 */
import { byteRe } from './byte-regex.js';
import type { ReceivedFields } from './received-fields.js';

const HELO_IN_SUB = byteRe('helo=(\\S+)');
const IDENT_IN_SUB = byteRe('ident=(\\S*)');

export function readHeloIdent(sub: string, f: ReceivedFields): void {
  let rest = sub;
  const helo = HELO_IN_SUB.exec(rest);
  if (helo) {
    f.helo = helo[1] ?? '';
    rest = rest.slice(0, helo.index) + rest.slice(helo.index + helo[0].length);
  }
  const ident = IDENT_IN_SUB.exec(rest);
  if (ident) f.ident = ident[1] ?? '';
}
