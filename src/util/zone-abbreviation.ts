/**
 * The local time zone's abbreviation at an instant as the C library's
 * strftime %Z gives it (CET, CEST, JST, -03), read from the same TZif file
 * the C library reads: $TZ under the zoneinfo folder, or /etc/localtime
 * when TZ is unset. Intl only knows abbreviations per locale (en-US says
 * GMT+1 where the C library says CET), so it is the last resort here.
 *
 * TZif (RFC 8536): a version-1 block of 32-bit transition times, and from
 * version 2 a second block of 64-bit times followed by a POSIX TZ string
 * that governs every instant after the last transition.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

interface LocalType {
  utcOffset: number;
  isDst: boolean;
  abbreviation: string;
}

interface ZoneData {
  /** Transition instants in seconds, ascending. */
  transitions: number[];
  /** The local type index in force from each transition on. */
  typeAt: number[];
  types: LocalType[];
  /** The footer's names (standard, summer) for instants after the last transition. */
  footer: { std: string; dst: string | undefined } | undefined;
}

const ZONEINFO = '/usr/share/zoneinfo';
const LOCALTIME = '/etc/localtime';

let cachedFor: string | undefined | null = null;
let cached: ZoneData | undefined;

/** The abbreviation, or undefined when the zone's data cannot be read (the caller falls back). */
export function zoneAbbreviation(d: Date): string | undefined {
  const tz = process.env['TZ'];
  if (cachedFor !== tz) {
    cachedFor = tz;
    cached = loadZone(tz);
  }
  return cached === undefined ? undefined : abbreviationAt(cached, Math.floor(d.getTime() / 1000), -d.getTimezoneOffset() * 60);
}

function loadZone(tz: string | undefined): ZoneData | undefined {
  const name = tz?.startsWith(':') ? tz.slice(1) : tz;
  if (name === '') return fromPosixString('UTC0');
  const path = name === undefined ? LOCALTIME : isAbsolute(name) ? name : join(process.env['TZDIR'] ?? ZONEINFO, name);
  try {
    return parseTzif(readFileSync(path));
  } catch {
    // Not a file: TZ may be a POSIX string of its own (`EST5EDT` also exists as a file, `ABC-3` does not).
    return name === undefined ? undefined : fromPosixString(name);
  }
}

function abbreviationAt(z: ZoneData, t: number, localOffset: number): string | undefined {
  const last = z.transitions.length - 1;
  if (z.footer !== undefined && (last < 0 || t >= (z.transitions[last] as number))) {
    // The footer's rules decide; the offset in force (the JS clock's, from the same rules) says which name.
    const std = z.types.find((ty) => !ty.isDst && ty.abbreviation === z.footer?.std);
    if (z.footer.dst === undefined || std === undefined || std.utcOffset === localOffset) return z.footer.std;
    return z.footer.dst;
  }
  if (last < 0 || t < (z.transitions[0] as number)) return z.types[0]?.abbreviation;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((z.transitions[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return z.types[z.typeAt[lo] as number]?.abbreviation;
}

const HEADER_BYTES = 44;

function parseTzif(buf: Buffer): ZoneData | undefined {
  if (buf.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const version = buf[4] ?? 0;
  const first = readBlock(buf, 0, 4);
  if (version < 0x32 /* '2' */ || first === undefined) return first?.data;
  const second = readBlock(buf, first.end, 8);
  if (second === undefined) return first.data;
  const footerText = buf.toString('latin1', second.end).split('\n')[1] ?? '';
  return { ...second.data, footer: posixNames(footerText) };
}

/** One header and data block; `timeBytes` is 4 (version 1) or 8. */
function readBlock(buf: Buffer, at: number, timeBytes: 4 | 8): { data: ZoneData; end: number } | undefined {
  if (buf.length < at + HEADER_BYTES) return undefined;
  const count = (i: number) => buf.readUInt32BE(at + 20 + 4 * i);
  const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = [0, 1, 2, 3, 4, 5].map(count) as [number, number, number, number, number, number];
  let p = at + HEADER_BYTES;
  const transitions: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeBytes) {
    transitions.push(timeBytes === 4 ? buf.readInt32BE(p) : Number(buf.readBigInt64BE(p)));
  }
  const typeAt = [...buf.subarray(p, p + timecnt)];
  p += timecnt;
  const typeStart = p;
  p += typecnt * 6;
  const chars = buf.toString('latin1', p, p + charcnt);
  const types: LocalType[] = [];
  for (let i = 0; i < typecnt; i++) {
    const o = typeStart + 6 * i;
    const from = buf[o + 5] ?? 0;
    const to = chars.indexOf('\0', from);
    types.push({ utcOffset: buf.readInt32BE(o), isDst: buf[o + 4] === 1, abbreviation: chars.slice(from, to < 0 ? undefined : to) });
  }
  p += charcnt + leapcnt * (timeBytes + 4) + isstdcnt + isutcnt;
  if (p > buf.length) return undefined;
  return { data: { transitions, typeAt, types, footer: undefined }, end: p };
}

/** A POSIX TZ string's zone names: `CET-1CEST,M3.5.0,M10.5.0/3`, `<-03>3`, `UTC0`. */
function posixNames(spec: string): { std: string; dst: string | undefined } | undefined {
  // A name without an offset (a TZ naming no file, `Foo/Bar`) is UTC under that name, as the C library reads it.
  const m = /^(<[^>]*>|[A-Za-z]{3,})(?:[-+]?\d{1,3}(?::\d{1,2}){0,2}(<[^>]*>|[A-Za-z]{3,})?)?/.exec(spec);
  if (!m) return undefined;
  const bare = (n: string | undefined) => n?.replace(/^<(.*)>$/, '$1');
  return { std: bare(m[1]) as string, dst: bare(m[2]) };
}

/** A zone given only as a POSIX string: its names, chosen by the offset in force. */
function fromPosixString(spec: string): ZoneData | undefined {
  const names = posixNames(spec);
  if (names === undefined) return undefined;
  // POSIX offsets count west of Greenwich: `ABC-3` is three hours east.
  const o = /^(?:<[^>]*>|[A-Za-z]{3,})([-+]?)(\d{1,3})(?::(\d{1,2}))?/.exec(spec);
  const stdOffset = (o?.[1] === '-' ? 1 : -1) * (Number(o?.[2] ?? 0) * 3600 + Number(o?.[3] ?? 0) * 60);
  return { transitions: [], typeAt: [], types: [{ utcOffset: stdOffset, isDst: false, abbreviation: names.std }], footer: names };
}
