/**
 * Milter protocol v6 codes and flags, named after libmilter's macros so a
 * reader can match them with mfdef.h and with packet captures.
 */

/** MTA → filter command bytes (SMFIC_*). */
export const SMFIC = {
  ABORT: 0x41, // 'A'
  BODY: 0x42, // 'B'
  CONNECT: 0x43, // 'C'
  MACRO: 0x44, // 'D'
  BODYEOB: 0x45, // 'E'
  HELO: 0x48, // 'H'
  QUIT_NC: 0x4b, // 'K'
  HEADER: 0x4c, // 'L'
  MAIL: 0x4d, // 'M'
  EOH: 0x4e, // 'N'
  OPTNEG: 0x4f, // 'O'
  QUIT: 0x51, // 'Q'
  RCPT: 0x52, // 'R'
  DATA: 0x54, // 'T'
  UNKNOWN: 0x55, // 'U'
} as const;

/** Filter → MTA reply bytes (SMFIR_*). */
export const SMFIR = {
  ADDRCPT: 0x2b, // '+'
  DELRCPT: 0x2d, // '-'
  ADDRCPT_PAR: 0x32, // '2'
  SHUTDOWN: 0x34, // '4'
  ACCEPT: 0x61, // 'a'
  REPLBODY: 0x62, // 'b'
  CONTINUE: 0x63, // 'c'
  DISCARD: 0x64, // 'd'
  CHGFROM: 0x65, // 'e'
  CONN_FAIL: 0x66, // 'f'
  ADDHEADER: 0x68, // 'h'
  INSHEADER: 0x69, // 'i'
  SETSYMLIST: 0x6c, // 'l'
  CHGHEADER: 0x6d, // 'm'
  PROGRESS: 0x70, // 'p'
  QUARANTINE: 0x71, // 'q'
  REJECT: 0x72, // 'r'
  SKIP: 0x73, // 's'
  TEMPFAIL: 0x74, // 't'
  REPLYCODE: 0x79, // 'y'
  OPTNEG: 0x4f, // 'O'
} as const;

/** Action bits (SMFIF_*): what the filter may modify. */
export const SMFIF = {
  ADDHDRS: 0x001,
  CHGBODY: 0x002,
  ADDRCPT: 0x004,
  DELRCPT: 0x008,
  CHGHDRS: 0x010,
  QUARANTINE: 0x020,
  CHGFROM: 0x040,
  ADDRCPT_PAR: 0x080,
  SETSYMLIST: 0x100,
} as const;

/** Protocol bits (SMFIP_*): events to leave out and replies to omit. */
export const SMFIP = {
  NOCONNECT: 0x00000001,
  NOHELO: 0x00000002,
  NOMAIL: 0x00000004,
  NORCPT: 0x00000008,
  NOBODY: 0x00000010,
  NOHDRS: 0x00000020,
  NOEOH: 0x00000040,
  NR_HDR: 0x00000080,
  NOUNKNOWN: 0x00000100,
  NODATA: 0x00000200,
  SKIP: 0x00000400,
  RCPT_REJ: 0x00000800,
  NR_CONN: 0x00001000,
  NR_HELO: 0x00002000,
  NR_MAIL: 0x00004000,
  NR_RCPT: 0x00008000,
  NR_DATA: 0x00010000,
  NR_UNKN: 0x00020000,
  NR_EOH: 0x00040000,
  NR_BODY: 0x00080000,
  HDR_LEADSPC: 0x00100000,
  MDS_256K: 0x10000000,
  MDS_1M: 0x20000000,
} as const;

/** Macro stages for SETSYMLIST (SMFIM_*). */
export const SMFIM = {
  CONNECT: 0,
  HELO: 1,
  ENVFROM: 2,
  ENVRCPT: 3,
  DATA: 4,
  EOM: 5,
  EOH: 6,
} as const;

/** The protocol version this codec speaks. */
export const MILTER_VERSION = 6;

/**
 * libmilter's MILTER_MAX_DATA_SIZE: the largest payload an MTA sends unless
 * SMFIP_MDS_* was negotiated (we never ask for it), so body chunks stay at 64 KiB.
 */
export const MAX_DATA_SIZE = 65535;

/** Largest `len` field accepted by default: command byte + MAX_DATA_SIZE. */
export const DEFAULT_MAX_FRAME_LENGTH = MAX_DATA_SIZE + 1;
