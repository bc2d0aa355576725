/**
 * PDFInfo (not loaded by Debian's .pre files; its rules are in
 * 20_pdfinfo.cf): the PDF attachments of a message, read when the message is
 * parsed (SpamAssassin's parsed_metadata), so their tags (`_PDFCOUNT_`,
 * `_PDFPRODUCER_` …) are set on every message and their links join the
 * message's URIs; then the evals over what was found.
 */
import type { MimePart } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { readPdf } from './pdf/pdf-document.js';
import { memo } from './util/memo.js';
import { anySizeInRange, resultCheck } from './util/range-checks.js';
import { leafParts } from './util/mime-tree.js';
import { compileDelimitedArgRegex } from './util/perl-regex-arg.js';
import { perlNum } from './util/perl-values.js';

const PLUGIN = 'PDFInfo';
export const PDFINFO_PLUGIN = `Mail::SpamAssassin::Plugin::${PLUGIN}`;

interface PdfFacts {
  count: number;
  imageCount: number;
  /** The last PDF-with-images' total image area (SpamAssassin keeps only the last). */
  pixelCoverage: number | undefined;
  encrypted: boolean;
  names: Set<string>;
  /** "HEIGHTxWIDTH" of every image and of each PDF's images summed. */
  dims: Set<string>;
  md5: Set<string>;
  fuzzyMd5: Set<string>;
  details: Map<string, Set<string>>;
  uris: string[];
  tags: Map<string, string>;
}

/** A tag's values joined by spaces, as the plugin appends them (while the value is under 2,048 characters). */
function addTag(tags: Map<string, string>, name: string, value: string | number): void {
  const v = String(value);
  if (v === '') return;
  const before = tags.get(name);
  if (before === undefined) tags.set(name, v);
  else if (before.length < 2048) tags.set(name, `${before} ${v}`);
}

/** The properties that also set a tag (the dates do not). */
const DETAIL_TAGS: Readonly<Record<string, string>> = { author: 'PDFAUTHOR', creator: 'PDFCREATOR', producer: 'PDFPRODUCER', title: 'PDFTITLE' };

function isPdfCandidate(part: MimePart): boolean {
  if (!/^(?:image|application)\/(?:pdf|octet-stream)$/.test(part.type)) return false;
  return /\.[fp]df$/i.test(part.name ?? '') || /\/pdf$/.test(part.type);
}

function collect(ctx: ScanContext): PdfFacts {
  const f: PdfFacts = {
    count: 0, imageCount: 0, pixelCoverage: undefined, encrypted: false, names: new Set(), dims: new Set(),
    md5: new Set(), fuzzyMd5: new Set(), details: new Map(), uris: [], tags: new Map(),
  };
  for (const part of leafParts(ctx.msg.root)) {
    if (!isPdfCandidate(part)) continue;
    readPart(f, part);
    f.count++;
  }
  addTag(f.tags, 'PDFCOUNT', f.count);
  addTag(f.tags, 'PDFIMGCOUNT', f.imageCount);
  return f;
}

function readPart(f: PdfFacts, part: MimePart): void {
  const doc = readPdf(part.decoded());
  if (!doc) return;
  const name = part.name ?? '';
  addTag(f.tags, 'PDFVERSION', doc.version);
  addTag(f.tags, 'PDFNAME', name);
  if (name) f.names.add(name);
  if (doc.encrypted) f.encrypted = true;
  for (const img of doc.images) {
    f.dims.add(`${img.height}x${img.width}`);
    f.imageCount++;
    addTag(f.tags, 'PDFIMGDIM', `${img.height}x${img.width}`);
  }
  for (const u of doc.uris) if (!f.uris.includes(u)) f.uris.push(u);
  for (const [key, values] of doc.details) {
    let set = f.details.get(key);
    if (!set) f.details.set(key, (set = new Set()));
    for (const v of values) {
      set.add(v);
      const tag = DETAIL_TAGS[key];
      if (tag) addTag(f.tags, tag, v);
    }
  }
  if (doc.totalHeight && doc.totalWidth) f.dims.add(`${doc.totalHeight}x${doc.totalWidth}`);
  if (doc.totalArea) {
    f.pixelCoverage = doc.totalArea;
    addTag(f.tags, 'PDFIMGAREA', doc.totalArea);
  }
  if (doc.md5) {
    f.md5.add(doc.md5);
    // SpamAssassin 4.0.1 sets _PDFMD5_ to the fuzzy digest.
    addTag(f.tags, 'PDFMD5', doc.fuzzyMd5);
  }
  if (doc.fuzzyMd5) {
    f.fuzzyMd5.add(doc.fuzzyMd5);
    addTag(f.tags, 'PDFMD5FUZZY1', doc.fuzzyMd5);
  }
  if (doc.tagsMd5) {
    f.fuzzyMd5.add(doc.tagsMd5);
    addTag(f.tags, 'PDFMD5FUZZY2', doc.tagsMd5);
  }
}

function pdfFacts(ctx: ScanContext): PdfFacts {
  return memo(ctx, 'pdfinfo', () => collect(ctx));
}

/**
 * parsed_metadata: read the PDFs, set the tags; returns the links found in
 * them, which join the message's URIs as parsed ones.
 */
export function pdfMetadata(ctx: ScanContext): string[] {
  const f = pdfFacts(ctx);
  for (const [name, value] of f.tags) ctx.setTag(name, value);
  return f.uris;
}

/** pdf_is_empty_body: no more than `min` bytes of non-blank body lines after the Subject line. */
function emptyBody(ctx: ScanContext, args: readonly string[], body: readonly string[] | undefined): boolean {
  if (!pdfFacts(ctx).count) return false;
  const min = perlNum(args[0]) || 0;
  let bytes = 0;
  for (const line of (body ?? ctx.rendered().body).slice(1)) {
    if (!/\S/.test(line)) continue;
    bytes += line.length;
    if (bytes > min) return false;
  }
  return true;
}

function anyMatches(values: Iterable<string> | undefined, source: string | undefined): boolean {
  if (values === undefined || source === undefined) return false;
  const re = compileDelimitedArgRegex(source);
  if (!re) return false;
  for (const v of values) if (re.test(v)) return true;
  return false;
}

export const pdfInfoEvals: EvalTable = {
  pdf_count: evalDef(PLUGIN, BODY, (ctx, [min, max]) => resultCheck(min, max, pdfFacts(ctx).count)),
  pdf_image_count: evalDef(PLUGIN, BODY, (ctx, [min, max]) => resultCheck(min, max, pdfFacts(ctx).imageCount)),
  pdf_pixel_coverage: evalDef(PLUGIN, BODY, (ctx, [min, max]) => resultCheck(min, max, pdfFacts(ctx).pixelCoverage)),
  pdf_image_to_text_ratio: evalDef(PLUGIN, BODY, (ctx, [min, max], body) => {
    const pixels = pdfFacts(ctx).pixelCoverage;
    if (max === undefined || !pixels) return false;
    const textLen = (body ?? ctx.rendered().body).join('').length;
    return textLen > 0 && resultCheck(min, max, textLen / pixels, true);
  }),
  pdf_is_empty_body: evalDef(PLUGIN, BODY, emptyBody),
  pdf_image_size_exact: evalDef(PLUGIN, BODY, (ctx, [height, width]) => width !== undefined && pdfFacts(ctx).dims.has(`${height}x${width}`)),
  pdf_image_size_range: evalDef(PLUGIN, BODY, (ctx, args) => anySizeInRange(pdfFacts(ctx).dims, args)),
  pdf_named: evalDef(PLUGIN, BODY, (ctx, [name]) => name !== undefined && pdfFacts(ctx).names.has(name)),
  pdf_name_regex: evalDef(PLUGIN, BODY, (ctx, [source]) => anyMatches(pdfFacts(ctx).names, source)),
  pdf_is_encrypted: evalDef(PLUGIN, BODY, (ctx) => pdfFacts(ctx).encrypted),
  pdf_match_md5: evalDef(PLUGIN, BODY, (ctx, [md5]) => md5 !== undefined && pdfFacts(ctx).md5.has(md5.toUpperCase())),
  pdf_match_fuzzy_md5: evalDef(PLUGIN, BODY, (ctx, [md5]) => md5 !== undefined && pdfFacts(ctx).fuzzyMd5.has(md5.toUpperCase())),
  pdf_match_details: evalDef(PLUGIN, BODY, (ctx, [detail, source]) => detail !== undefined && anyMatches(pdfFacts(ctx).details.get(detail), source)),
};
