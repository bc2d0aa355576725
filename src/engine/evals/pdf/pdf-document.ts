/**
 * What PDFInfo reads from one PDF attachment, line by line as SpamAssassin's
 * plugin does (no real PDF parser: the document's text lines, up to each
 * newline): the version, image sizes (`W 0 0 H 0 0 cm` or `/Width W/Height H`
 * after an `/Image`), encryption, the Info properties (Author, Creator,
 * Producer, Title, CreationDate, ModDate), up to 20 link targets, and three
 * digests: of the whole file, of its first lines up to the first stream (a
 * "fuzzy" one that ignores sizes) and of its /Names in order.
 */
import { createHash } from 'node:crypto';

export interface PdfImage {
  height: number;
  width: number;
}

export interface PdfDocument {
  version: string;
  images: PdfImage[];
  totalHeight: number;
  totalWidth: number;
  totalArea: number;
  encrypted: boolean;
  /** Property values in the order found, by lower-case property name. */
  details: Map<string, string[]>;
  uris: string[];
  md5: string;
  fuzzyMd5: string;
  tagsMd5: string;
}

const MAX_URIS = 20;
const FUZZY_LINES = 69;
/** Perl's \s on a byte string: JavaScript's also takes \xa0 and \x85, which a latin1 PDF line may hold. */
const SP = '[\\t\\n\\x0b\\f\\r ]';
const re = (source: string, flags = ''): RegExp => new RegExp(source.replaceAll('\\s', SP), flags);
const FUZZY_SKIP = re('^\\/(?:Height|Width|(?:(?:Media|Crop)Box))');
const CM_LINE = re('^\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+cm$');
const CM_SIZE = re('^(\\d+)\\s+\\d+\\s+\\d+\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+cm$');
const WIDTH = re('^\\/Width\\s(\\d+)');
const HEIGHT = re('^\\/Height\\s(\\d+)');
const WIDTH_HEIGHT = re('\\/Width\\s(\\d+)\\/Height\\s(\\d+)');
const TRAILING_SPACE = re('\\s+$');

/** Octets as a latin1 string; undefined when there is no `%PDF-x.y` in its first 1 KB or so. */
export function readPdf(bytes: Buffer): PdfDocument | undefined {
  let data = bytes.toString('latin1');
  if (data.startsWith('\xef\xbb\xbf')) data = data.slice(3);
  const magic = /^[\s\S]{0,1024}%PDF-(\d\.\d)/.exec(data);
  if (magic === null) return undefined;
  const doc: PdfDocument = {
    version: magic[1]!, images: [], totalHeight: 0, totalWidth: 0, totalArea: 0, encrypted: false,
    details: new Map(), uris: [], md5: '', fuzzyMd5: '', tagsMd5: '',
  };
  let fuzzy = '';
  let names = '';
  let lineCount = 0;
  let noMoreFuzzy = false;
  let gotImage = false;
  const seenUris = new Set<string>();
  for (const line of data.split('\n')) {
    if (line === '') continue;
    if (!noMoreFuzzy && ++lineCount <= FUZZY_LINES) {
      if (!line.startsWith('%') && !FUZZY_SKIP.test(line) && !CM_LINE.test(line)) fuzzy += line.replace(TRAILING_SPACE, '');
      if (line.includes('stream')) noMoreFuzzy = true;
    }
    if (line.includes('/Image')) gotImage = true;
    if (!doc.encrypted && line.startsWith('/Encrypt')) doc.encrypted = true;
    if (gotImage) {
      const size = imageSize(line);
      if (size) {
        noMoreFuzzy = true;
        doc.images.push(size);
        doc.totalHeight += size.height;
        doc.totalWidth += size.width;
        doc.totalArea += size.height * size.width;
        gotImage = false;
      }
    }
    if (!line.includes('/')) continue;
    const name = /^\/([A-Za-z]+)/.exec(line);
    if (name) names += name[1];
    if (seenUris.size < MAX_URIS && !readUri(line, seenUris, doc)) continue;
    readProperties(line, doc.details);
  }
  if (data !== '') doc.md5 = md5(data);
  if (fuzzy !== '') doc.fuzzyMd5 = md5(fuzzy);
  if (names !== '') doc.tagsMd5 = md5(names);
  return doc;
}

function md5(latin1: string): string {
  return createHash('md5').update(latin1, 'latin1').digest('hex').toUpperCase();
}

/** Both sizes from one line, or nothing (a size alone on its line is dropped, as in SpamAssassin). */
function imageSize(line: string): PdfImage | undefined {
  let width = 0;
  let height = 0;
  let m: RegExpExecArray | null;
  if ((m = CM_SIZE.exec(line))) [width, height] = [Number(m[1]), Number(m[2])];
  else if ((m = WIDTH.exec(line))) width = Number(m[1]);
  else if ((m = HEIGHT.exec(line))) height = Number(m[1]);
  else if ((m = WIDTH_HEIGHT.exec(line))) [width, height] = [Number(m[1]), Number(m[2])];
  return width && height ? { height, width } : undefined;
}

/** A PDF string: `(text)` with its escapes, or `<hex>`; a UTF-16 byte-order mark drops every NUL; at most 256 characters. */
export function pdfString(raw: string): string {
  let s: string;
  if (raw.startsWith('<')) {
    s = (raw.match(/[0-9A-Fa-f]{2}/g) ?? []).map((h) => String.fromCharCode(parseInt(h, 16))).join('');
    s = dropUtf16Nuls(s);
  } else {
    s = raw.replace(/^\(/, '').replace(/\)$/, '');
    s = s.replace(/(?<!\\)\\([0-3][0-7][0-7])/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
    s = dropUtf16Nuls(s).replace(/\\([()\\])/g, '$1');
  }
  return s.slice(0, 256);
}

function dropUtf16Nuls(s: string): string {
  return /^(?:\xfe\xff|\xff\xfe)/.test(s) ? s.slice(2).replace(/\x00/g, '') : s;
}

/**
 * The first `KEY (string)` or `KEY <hex>` on the line, as the plugin's
 * `KEY\s{0,2}( \( .*? (?<!\\) \) | < [^>]* > )` finds it: the leftmost key
 * whose value closes. Written out rather than as that regex, which V8 (like
 * Perl) retries from every later key when a value never closes, quadratic in
 * a line of repeated `/Author(`; here a value that cannot close stops the search.
 */
function firstValue(line: string, key: RegExp): { index: number; value: string } | undefined {
  key.lastIndex = 0;
  let parenOpen = true;
  let angleOpen = true;
  for (let m = key.exec(line); m !== null && (parenOpen || angleOpen); m = key.exec(line)) {
    const at = m.index + m[0].length;
    if (line[at] === '(') {
      if (!parenOpen) continue;
      const close = closingParen(line, at + 1);
      if (close >= 0) return { index: m.index, value: line.slice(at, close + 1) };
      parenOpen = false;
    } else if (line[at] === '<') {
      if (!angleOpen) continue;
      const close = line.indexOf('>', at + 1);
      if (close >= 0) return { index: m.index, value: line.slice(at, close + 1) };
      angleOpen = false;
    }
  }
  return undefined;
}

/** The first `)` from `from` on that no backslash precedes, or -1. */
function closingParen(line: string, from: number): number {
  for (let i = line.indexOf(')', from); i >= 0; i = line.indexOf(')', i + 1)) if (line[i - 1] !== '\\') return i;
  return -1;
}

/** `/S /URI /URI (target)` (or a line starting with `/URI`), the value part left to firstValue. */
const URI_KEY = re('(?:\\/S\\s{0,2}\\/URI\\s{0,2}|^\\s*)\\/URI\\s{0,2}(?=[(<])', 'g');
/** `(http://…)>>`, the plugin's other form of a link. */
const BARE_LINK = /\((https?:\/\/[^\n]{8,256})\)>>/;

/**
 * A link target on the line. False when SpamAssassin's loop moves on to the
 * next line here (a `/URI` entry without a usable target), which skips the
 * line's properties too.
 */
function readUri(line: string, seen: Set<string>, doc: PdfDocument): boolean {
  const keyed = firstValue(line, URI_KEY);
  const bare = BARE_LINK.exec(line);
  // One regex in the plugin: whichever form starts first (the keyed one on a tie).
  const useKeyed = keyed !== undefined && (bare === null || keyed.index <= bare.index);
  if (!useKeyed && bare === null) return true;
  let location: string | undefined;
  if (useKeyed && keyed.value.indexOf('.') > 0) location = pdfString(keyed.value);
  if (location === undefined || location.indexOf('.') <= 0) {
    if (useKeyed) return false;
    location = pdfString(bare![1]!);
  }
  if (location.indexOf('.') <= 0 || location.includes('\0')) return false;
  if (!seen.has(location)) {
    seen.add(location);
    doc.uris.push(location);
  }
  return true;
}

const STRING_PROPERTIES: readonly [string, RegExp][] = [
  ['author', re('\\/Author\\s{0,2}(?=[(<])', 'g')],
  ['creator', re('\\/Creator\\s{0,2}(?=[(<])', 'g')],
  ['producer', re('\\/Producer\\s{0,2}(?=[(<])', 'g')],
  ['title', re('\\/Title\\s{0,2}(?=[(<])', 'g')],
];
const DATE_PROPERTIES: readonly [string, RegExp][] = [
  ['created', re('\\/CreationDate\\s{0,2}\\(D:(\\d+)')],
  ['modified', re('\\/ModDate\\s{0,2}\\(D:(\\d+)')],
];

function readProperties(line: string, details: Map<string, string[]>): void {
  // The plugin's order: Author, Creator, CreationDate, ModDate, Producer, Title.
  const found: [string, string][] = [];
  const str = (i: number) => {
    const [key, keyRe] = STRING_PROPERTIES[i]!;
    const v = firstValue(line, keyRe);
    if (v) found.push([key, pdfString(v.value)]);
  };
  const date = (i: number) => {
    const [key, dateRe] = DATE_PROPERTIES[i]!;
    const m = dateRe.exec(line);
    if (m) found.push([key, pdfString(m[1]!)]);
  };
  str(0);
  str(1);
  date(0);
  date(1);
  str(2);
  str(3);
  for (const [key, value] of found) {
    const list = details.get(key);
    if (list === undefined) details.set(key, [value]);
    else list.push(value);
  }
}
