/**
 * ImageInfo: counts, pixel coverage, dimensions and names of the base64
 * GIF / PNG / JPEG parts of a message.
 */
import type { MimePart } from '../message/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { gifDimensions, jpegDimensions, pngDimensions, type Dimensions } from './image-dimensions.js';
import { partHeader } from './util/headers.js';
import { memo } from './util/memo.js';
import { anySizeInRange, resultCheck } from './util/range-checks.js';
import { leafParts } from './util/mime-tree.js';
import { compileArgRegex } from './util/perl-regex-arg.js';
import { lcBytes } from './util/perl-values.js';

const PLUGIN = 'ImageInfo';

type ImageType = 'gif' | 'png' | 'jpeg';

const READERS: Record<ImageType, (data: Buffer) => Dimensions | undefined> = {
  gif: gifDimensions,
  png: pngDimensions,
  jpeg: jpegDimensions,
};

interface ImageFacts {
  /** Pixel coverage by type (gif, png, jpeg, all). */
  pixels: Map<string, number>;
  counts: Map<string, number>;
  /** "HEIGHTxWIDTH" keys by type; a type is present only once one image of it had a size. */
  dims: Map<string, Set<string>>;
  names: Set<string>;
}

function addDims(facts: ImageFacts, type: string, key: string): void {
  let set = facts.dims.get(type);
  if (!set) { set = new Set(); facts.dims.set(type, set); }
  set.add(key);
}

function readImage(facts: ImageFacts, type: ImageType, part: MimePart): void {
  let data: Buffer;
  try {
    data = part.decoded();
  } catch {
    return;
  }
  const d = READERS[type](data);
  if (!d) return;
  facts.pixels.set(type, (facts.pixels.get(type) ?? 0) + d.width * d.height);
  addDims(facts, type, `${d.height}x${d.width}`);
  if (part.name) facts.names.add(part.name);
}

function imageFacts(ctx: ScanContext): ImageFacts {
  return memo(ctx, 'imageinfo', () => {
    const types: ImageType[] = ['gif', 'png', 'jpeg'];
    const facts: ImageFacts = { pixels: new Map(), counts: new Map(), dims: new Map(), names: new Set() };
    for (const t of ['all', ...types]) { facts.pixels.set(t, 0); facts.counts.set(t, 0); }
    for (const part of leafParts(ctx.msg.root)) {
      const m = /^image\/(gif|png|jpe?g)$/.exec(part.type);
      if (!m) continue;
      if (!/^base64$/.test(lcBytes(partHeader(part, 'Content-Transfer-Encoding') ?? ''))) continue;
      const type = (m[1] === 'jpg' ? 'jpeg' : m[1]) as ImageType;
      readImage(facts, type, part);
      facts.counts.set(type, (facts.counts.get(type) ?? 0) + 1);
    }
    for (const t of types) {
      facts.pixels.set('all', (facts.pixels.get('all') ?? 0) + (facts.pixels.get(t) ?? 0));
      facts.counts.set('all', (facts.counts.get('all') ?? 0) + (facts.counts.get(t) ?? 0));
      for (const k of facts.dims.get(t) ?? []) addDims(facts, 'all', k);
    }
    return facts;
  });
}

function imageSizeRange(ctx: ScanContext, args: readonly string[]): boolean {
  const [type, ...range] = args;
  return type !== undefined && anySizeInRange(imageFacts(ctx).dims.get(type) ?? [], range);
}

export const imageInfoEvals: EvalTable = {
  image_count: evalDef(PLUGIN, BODY, (ctx, args) => {
    const [type = '', min, max] = args;
    return min !== undefined && resultCheck(min, max, imageFacts(ctx).counts.get(type));
  }),
  pixel_coverage: evalDef(PLUGIN, BODY, (ctx, args) => {
    const [type, min, max] = args;
    return type !== undefined && min !== undefined && resultCheck(min, max, imageFacts(ctx).pixels.get(type));
  }),
  image_size_exact: evalDef(PLUGIN, BODY, (ctx, args) => {
    const [type, height, width] = args;
    if (type === undefined || height === undefined || width === undefined) return false;
    return imageFacts(ctx).dims.get(type)?.has(`${height}x${width}`) ?? false;
  }),
  image_size_range: evalDef(PLUGIN, BODY, imageSizeRange),
  image_named: evalDef(PLUGIN, BODY, (ctx, args) => args[0] !== undefined && imageFacts(ctx).names.has(args[0])),
  image_name_regex: evalDef(PLUGIN, BODY, (ctx, args) => {
    const re = args[0] === undefined ? undefined : compileArgRegex(args[0]);
    return re !== undefined && [...imageFacts(ctx).names].some((n) => re.test(n));
  }),
  image_to_text_ratio: evalDef(PLUGIN, BODY, (ctx, args, body) => {
    const [type, min, max] = args;
    if (type === undefined || min === undefined || max === undefined) return false;
    const textLen = (body ?? ctx.rendered().body).join('').length;
    const pixels = imageFacts(ctx).pixels.get(type);
    if (!(textLen > 0) || pixels === undefined || !(pixels > 0)) return false;
    return resultCheck(min, max, textLen / pixels, true);
  }),
};
