/**
 * The byte markers OLEVBMacro looks for in an attachment (or a member of a
 * zipped one): an OLE2 compound file with VBA attributes or an embedded OLE
 * object, RTF object markers, Office XML macro markers, encrypted packages,
 * auto-run macro names, the Excel CSV command exploit, and links that
 * download an executable. Data are latin1 strings (one char per byte).
 */
import { byteClass } from '../util/byte-class.js';

const OLE_FILE = '\xd0\xcf\x11\xe0';
const VBA_ATTRIBUTE = '\x00Attribut\x00';
const OLE10_NATIVE = '\x01\x00O\x00l\x00e\x001\x000\x00N\x00a\x00';
const RTF_OBJECT_MARKERS = ['\\objemb', '\\objdat', '\\ objdat'];
const ENCRYPTED_PACKAGE = utf16('EncryptedPackage');
const WORKBOOK = utf16('Workbook');

function utf16(text: string): string {
  return [...text].join('\x00');
}

export function isOfficeDoc(data: string): boolean {
  return data.startsWith(OLE_FILE);
}

export function isZipFile(name: string, data: string): boolean {
  return data.startsWith('PK') || /\.zip$/i.test(name);
}

/** The plugin's test, quirks kept: it turns `\0` written as two characters (not NULs) into spaces before looking for spaced text. */
export function isEncryptedDoc(data: string): boolean {
  if (!isOfficeDoc(data)) return false;
  if (/<encryption xmlns/i.test(data)) return true;
  let head = data.slice(0, 2000);
  if (head.includes(ENCRYPTED_PACKAGE)) return true;
  head = head.replace(/\\0/g, ' ');
  if (head.includes('E n c r y p t e d P a c k a g e')) return true;
  if (head.includes(WORKBOOK)) return false;
  return data[0x208] === '\xfe' || data[0x214] === '\x2f' || data[0x20b] === '\x13';
}

/** A macro (or an embedded object) in an OLE2, RTF or Office XML file. */
export function hasMacroMarkers(data: string): boolean {
  if (data.startsWith(OLE_FILE)) return data.includes(VBA_ATTRIBUTE) || data.includes(OLE10_NATIVE);
  return RTF_OBJECT_MARKERS.some((m) => data.includes(m)) || data.includes('w:macrosPresent="yes"') || data.includes('vbaProject.bin.rels');
}

/** Code that runs itself when the document opens. */
export function hasAutoOpen(data: string): boolean {
  return /(?:document|auto|workbook)_?open/i.test(data);
}

/** [Content_Types].xml naming a VBA project, a macro-enabled type or an Excel macro sheet. */
export function contentTypesNameMacros(xml: string): boolean {
  return /ContentType=["']application\/vnd\.ms-office\.vbaProject["']/i.test(xml) || /macroEnabled/i.test(xml) || /application\/vnd\.ms-excel\.(?:intl)?macrosheet/i.test(xml);
}

/** The Excel CSV exploit: a DDE formula starting cmd.exe. */
export function isCsvExploit(data: string): boolean {
  return data.includes('cmd.exe') && /MSEXCEL\|[^\n]{1,20}Windows\\System32\\cmd\.exe/.test(data);
}

/*
 * The plugin's executable-download pattern, compiled from a double-quoted Perl
 * string: `\x00(https?://A{5,1000}B{5,1000}.(?:exe|cmd|bat))[\x06|\x00]`,
 * case-insensitive, its `\.` become a plain `.` (any byte but a newline).
 * As a backtracking regex two adjacent bounded runs cost up to a million
 * steps per `\x00http`. Here the runs are measured once: a candidate ending
 * (`.exe|`, ...) matches when all of the `T` bytes between a URL start and it
 * are URL bytes (A), its last `k` are B for some 5 <= k <= 1000 with
 * 5 <= T - k <= 1000, that is 10 <= T <= 1000 + min(1000, B-run).
 */
const URL_BYTES = byteClass(/[-a-z0-9+&@#/%?=~_|!:,.;]/i);
const URL_TAIL_BYTES = byteClass(/[-a-z0-9+&@#/%=~_|]/i);
const EXE_END = /[^\n](?:exe|cmd|bat)[\x06|\x00]/gi;
const URL_START = /\x00https?:\/\//gi;

/** Whether the data link an executable download the way the plugin's marker describes. */
export function hasExecutableDownloadLink(data: string): boolean {
  const starts: number[] = [];
  for (const m of data.matchAll(URL_START)) starts.push(m.index + m[0].length);
  if (starts.length === 0) return false;
  // runStart[i]: where the run of URL bytes ending just before i starts; tail[i]: the B bytes just before i.
  const runStart = new Int32Array(data.length + 1);
  const tail = new Int32Array(data.length + 1);
  for (let i = 1; i <= data.length; i++) {
    // A code above 0xff (none in latin1 data) reads as undefined: in no class.
    const b = data.charCodeAt(i - 1);
    runStart[i] = URL_BYTES[b] ? (runStart[i - 1] as number) : i;
    tail[i] = URL_TAIL_BYTES[b] ? (tail[i - 1] as number) + 1 : 0;
  }
  // Every candidate ending, overlapping ones included.
  EXE_END.lastIndex = 0;
  for (let m = EXE_END.exec(data); m; m = EXE_END.exec(data)) {
    const end = m.index;
    const k = Math.min(1000, tail[end] as number);
    if (k >= 5 && startWithin(starts, Math.max(runStart[end] as number, end - 1000 - k), end - 10)) return true;
    EXE_END.lastIndex = end + 1;
  }
  return false;
}

/** Whether a sorted list holds a value in [low, high]. */
function startWithin(sorted: readonly number[], low: number, high: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < low) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as number) <= high;
}

/** The plugin's other download marker (`olemacro_download_marker`, its pattern case-sensitive as the plugin applies it). */
export function hasDownloadMarker(data: string, marker: RegExp): boolean {
  return hasExecutableDownloadLink(data) || marker.test(data);
}
