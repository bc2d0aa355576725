/**
 * MTA → filter commands: one decoder per command byte (dispatch table) and
 * the matching encoders, which the fake MTA in the tests uses so both ends
 * of the protocol are exercised by the same code.
 */
import { ProtocolError } from '../../util/errors.js';
import { SMFIC } from './constants.js';
import { CStringCursor, cstrings, uint32 } from './cstrings.js';
import { encodeFrame, type Frame } from './frame.js';

export type ConnectFamily = 'inet' | 'inet6' | 'unix' | 'unknown';

export type MtaCommand =
  | { cmd: 'optneg'; version: number; actions: number; protocol: number }
  | { cmd: 'macro'; stage: string; macros: Array<[string, string]> }
  | { cmd: 'connect'; hostname: string; family: ConnectFamily; port: number; address: string }
  | { cmd: 'helo'; name: string }
  | { cmd: 'mail'; args: string[] }
  | { cmd: 'rcpt'; args: string[] }
  | { cmd: 'data' }
  | { cmd: 'header'; name: string; value: string }
  | { cmd: 'eoh' }
  | { cmd: 'body'; chunk: Buffer }
  | { cmd: 'eob'; chunk: Buffer }
  | { cmd: 'abort' }
  | { cmd: 'quit' }
  | { cmd: 'quitnc' }
  | { cmd: 'unknown'; line: string };

export type CommandName = MtaCommand['cmd'];

const FAMILY_BY_CHAR: Record<string, ConnectFamily> = { '4': 'inet', '6': 'inet6', L: 'unix', U: 'unknown' };
const CHAR_BY_FAMILY: Record<ConnectFamily, string> = { inet: '4', inet6: '6', unix: 'L', unknown: 'U' };

function noData(cmd: 'data' | 'eoh' | 'abort' | 'quit' | 'quitnc') {
  return (data: Buffer): MtaCommand => {
    if (data.length !== 0) throw new ProtocolError('milter', `${cmd}: unexpected ${data.length} data bytes`);
    return { cmd };
  };
}

function decodeOptneg(data: Buffer): MtaCommand {
  const c = new CStringCursor(data, 'optneg');
  const version = c.uint32();
  const actions = c.uint32();
  const protocol = c.uint32();
  // Newer MTAs could append fields; libmilter ignores them too.
  return { cmd: 'optneg', version, actions, protocol };
}

function decodeMacro(data: Buffer): MtaCommand {
  const c = new CStringCursor(data, 'macro');
  const stage = String.fromCharCode(c.byte());
  const list = c.rest();
  // An odd count means a name without value; libmilter drops the orphan, so do we.
  const macros: Array<[string, string]> = [];
  for (let i = 0; i + 1 < list.length; i += 2) macros.push([list[i] as string, list[i + 1] as string]);
  return { cmd: 'macro', stage, macros };
}

function decodeConnect(data: Buffer): MtaCommand {
  const c = new CStringCursor(data, 'connect');
  const hostname = c.string();
  const familyChar = String.fromCharCode(c.byte());
  const family = FAMILY_BY_CHAR[familyChar];
  if (family === undefined) throw new ProtocolError('milter', `connect: unknown address family ${JSON.stringify(familyChar)}`);
  if (family === 'unknown') {
    c.expectEnd();
    return { cmd: 'connect', hostname, family, port: 0, address: '' };
  }
  const port = c.uint16();
  const address = c.string();
  c.expectEnd();
  return { cmd: 'connect', hostname, family, port, address };
}

function oneString(cmd: 'helo' | 'unknown') {
  return (data: Buffer): MtaCommand => {
    const c = new CStringCursor(data, cmd);
    const s = c.string();
    c.expectEnd();
    return cmd === 'helo' ? { cmd, name: s } : { cmd, line: s };
  };
}

function stringList(cmd: 'mail' | 'rcpt') {
  return (data: Buffer): MtaCommand => {
    const args = new CStringCursor(data, cmd).rest();
    if (args.length === 0) throw new ProtocolError('milter', `${cmd}: no address`);
    return { cmd, args };
  };
}

function decodeHeader(data: Buffer): MtaCommand {
  const c = new CStringCursor(data, 'header');
  const name = c.string();
  const value = c.string();
  c.expectEnd();
  return { cmd: 'header', name, value };
}

const DECODERS: Record<number, (data: Buffer) => MtaCommand> = {
  [SMFIC.OPTNEG]: decodeOptneg,
  [SMFIC.MACRO]: decodeMacro,
  [SMFIC.CONNECT]: decodeConnect,
  [SMFIC.HELO]: oneString('helo'),
  [SMFIC.MAIL]: stringList('mail'),
  [SMFIC.RCPT]: stringList('rcpt'),
  [SMFIC.DATA]: noData('data'),
  [SMFIC.HEADER]: decodeHeader,
  [SMFIC.EOH]: noData('eoh'),
  // FrameReader's frames are never overwritten (own buffer or a view of a socket read), so chunks can be kept without copying.
  [SMFIC.BODY]: (data) => ({ cmd: 'body', chunk: data }),
  [SMFIC.BODYEOB]: (data) => ({ cmd: 'eob', chunk: data }),
  [SMFIC.ABORT]: noData('abort'),
  [SMFIC.QUIT]: noData('quit'),
  [SMFIC.QUIT_NC]: noData('quitnc'),
  [SMFIC.UNKNOWN]: oneString('unknown'),
};

/** Decodes one MTA command frame; throws ProtocolError for unknown codes or malformed payloads. */
export function decodeCommand(frame: Frame): MtaCommand {
  const decode = DECODERS[frame.code];
  if (decode === undefined) {
    throw new ProtocolError('milter', `unknown command byte 0x${frame.code.toString(16).padStart(2, '0')}`);
  }
  return decode(frame.data);
}

const ENCODERS: { [K in CommandName]: (c: Extract<MtaCommand, { cmd: K }>) => Buffer } = {
  optneg: (c) => encodeFrame(SMFIC.OPTNEG, Buffer.concat([uint32(c.version), uint32(c.actions), uint32(c.protocol)])),
  macro: (c) =>
    encodeFrame(SMFIC.MACRO, Buffer.concat([Buffer.from(c.stage.slice(0, 1), 'latin1'), cstrings(...c.macros.flat())])),
  connect: (c) => {
    const head = Buffer.concat([cstrings(c.hostname), Buffer.from(CHAR_BY_FAMILY[c.family], 'latin1')]);
    if (c.family === 'unknown') return encodeFrame(SMFIC.CONNECT, head);
    const port = Buffer.alloc(2);
    port.writeUInt16BE(c.port & 0xffff, 0);
    return encodeFrame(SMFIC.CONNECT, Buffer.concat([head, port, cstrings(c.address)]));
  },
  helo: (c) => encodeFrame(SMFIC.HELO, cstrings(c.name)),
  mail: (c) => encodeFrame(SMFIC.MAIL, cstrings(...c.args)),
  rcpt: (c) => encodeFrame(SMFIC.RCPT, cstrings(...c.args)),
  data: () => encodeFrame(SMFIC.DATA),
  header: (c) => encodeFrame(SMFIC.HEADER, cstrings(c.name, c.value)),
  eoh: () => encodeFrame(SMFIC.EOH),
  body: (c) => encodeFrame(SMFIC.BODY, c.chunk),
  eob: (c) => encodeFrame(SMFIC.BODYEOB, c.chunk),
  abort: () => encodeFrame(SMFIC.ABORT),
  quit: () => encodeFrame(SMFIC.QUIT),
  quitnc: () => encodeFrame(SMFIC.QUIT_NC),
  unknown: (c) => encodeFrame(SMFIC.UNKNOWN, cstrings(c.line)),
};

/** Encodes a command as an MTA would send it (used by the fake MTA and the tests). */
export function encodeCommand(c: MtaCommand): Buffer {
  return (ENCODERS[c.cmd] as (c: MtaCommand) => Buffer)(c);
}
