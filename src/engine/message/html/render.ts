/**
 * Renders one text/html part to text the way SpamAssassin 4.0.1 does
 * (Message::Node::rendered + HTML.pm), and returns the HTML statistics the
 * HTMLEval functions read.
 */
import type { HtmlResults } from '../analysis-types.js';
import { HtmlRenderer, type TextRun } from './renderer.js';
import { tokenizeHtml } from './tokens.js';

/** One URI found in a tag attribute. */
export interface HtmlUri {
  /** The URI after trimming and `<base>` resolution (SpamAssassin's `uri_detail` key). */
  uri: string;
  /**
   * The tag that carried it (a, img, form …), or '' for an entry that only
   * collected anchor text (SpamAssassin then treats it as `parsed`).
   */
  type: string;
  /** The first anchor text of this URI, when it came from `<a>`. */
  anchorText?: string;
  /** All anchor texts of this URI in document order (set on the first entry of a URI only). */
  anchorTexts?: string[];
}

export interface HtmlRender {
  /** All text (visible and invisible), as body rules see it, before whitespace collapsing. */
  text: string;
  /** Visible text only (Bayes' visible source). */
  visible: string;
  /** Invisible text only. */
  invisible: string;
  results: HtmlResults;
  /** URIs found in tags/attributes: raw value and the tag that carried it (a, img, form …), with anchor text for `a`. */
  uris: HtmlUri[];
}

export interface RenderOptions {
  /**
   * Size of the part in bytes after transfer decoding and before charset
   * decoding, for the `ratio` result; without it `ratio` is left out.
   */
  decodedBytes?: number;
  /**
   * The input is octets rather than characters (Perl's UTF-8 flag off: no
   * charset normalisation happened). Then `non_space_len` counts only
   * ASCII spaces, tabs, CR, LF and VT as whitespace, as SpamAssassin does.
   */
  octets?: boolean;
}

/** Unicode whitespace as Perl's `\s` sees it in a character string. */
const PERL_SPACE = /[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu;

const OCTET_SPACE = /[ \t\n\r\x0b]/g;

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The source rewrites SpamAssassin applies before parsing. */
function prepareSource(html: string): string {
  return html
    .replace(/&nbsp;/g, ' ')
    .replace(/<([\p{L}\p{M}\p{Nd}\p{Pc}]+)\s*\/>/gu, '<$1>')
    .replace(/[\u201c\u201d]/g, '"');
}

function joinRuns(runs: readonly TextRun[], pick: (r: TextRun) => boolean): string {
  let out = '';
  for (const r of runs) if (pick(r)) out += r.text;
  return out;
}

function ratio(part: number, whole: number): number {
  return part / whole;
}

function scalarResults(r: HtmlRenderer, sourceLength: number): Map<string, number | string> {
  const values = new Map<string, number | string>([['html', 1]]);
  values.set('image_area', r.imageArea);
  values.set('length', sourceLength);
  values.set('min_size', r.sizes.min);
  values.set('max_size', r.sizes.max);
  if (r.tags > 0) values.set('closed_extra_ratio', ratio(r.closedExtra, r.tags));
  if (r.backhair.size > 0) values.set('backhair_count', r.backhair.size);
  if (r.elements > 0 && r.tags > 0) values.set('bad_tag_ratio', ratio(r.tags - r.elements, r.tags));
  if (r.elementsSeen > 0 && r.tagsSeen > 0) {
    values.set('non_element_ratio', ratio(r.tagsSeen - r.elementsSeen, r.tagsSeen));
  }
  if (r.tags > 0 && r.obfuscation > 0) values.set('obfuscation_ratio', ratio(r.obfuscation, r.tags));
  for (const flag of r.flags) if (flag !== 'small' && flag !== 'hidden') values.set(flag, 1);
  if (r.uris.truncated) values.set('uri_truncated', 1);
  return values;
}

/**
 * The tag URIs of a rendered part as a flat list for extractUris: one entry
 * per URI and tag type ('' when the URI only collected anchor text), the
 * first entry of a URI carrying all its anchor texts.
 */
export function htmlUrisFromResults(results: HtmlResults): HtmlUri[] {
  const out: HtmlUri[] = [];
  for (const [uri, info] of results.uriDetail ?? []) {
    const texts = info.anchorText;
    const types = info.types.size > 0 ? [...info.types] : [''];
    types.forEach((type, i) => {
      const item: HtmlUri = { uri, type };
      if (texts !== undefined && texts.length > 0) {
        item.anchorText = texts[0];
        if (i === 0) item.anchorTexts = [...texts];
      }
      out.push(item);
    });
  }
  return out;
}

/** Render one text/html part (already charset-decoded to Unicode). */
export function renderHtml(html: string, options: RenderOptions = {}): HtmlRender {
  const renderer = new HtmlRenderer();
  const { readAtEof } = tokenizeHtml(prepareSource(html), renderer);
  // SpamAssassin closes open style/script before eof; text read only at eof escapes that.
  if (!readAtEof) renderer.finish();
  const text = joinRuns(renderer.runs, () => true);
  const visible = joinRuns(renderer.runs, (r) => !r.invisible);
  const invisible = joinRuns(renderer.runs, (r) => r.invisible);
  const values = scalarResults(renderer, codePoints(html));
  const htmlLength = codePoints(text);
  const spaces = text.match(options.octets === true ? OCTET_SPACE : PERL_SPACE)?.length ?? 0;
  values.set('html_length', htmlLength);
  values.set('non_space_len', htmlLength - spaces);
  const bytes = options.decodedBytes;
  if (bytes !== undefined && bytes > 0) values.set('ratio', (bytes - htmlLength) / bytes);
  const uriDetail = new Map([...renderer.uris.entries].map(([k, v]) => [k, { types: new Set(v.types), anchorText: v.anchorText }]));
  const results: HtmlResults = {
    values,
    inside: new Map(renderer.inside),
    tags: new Map(renderer.tagCounts),
    visibleText: visible,
    invisibleText: invisible,
    title: [...renderer.titles],
    anchorText: [...renderer.uris.anchors],
    imageArea: renderer.imageArea,
    length: htmlLength,
    nonSpaceLength: htmlLength - spaces,
    arrays: new Map([
      ['comment', [...renderer.comments]],
      ['script', [...renderer.scripts]],
      ['title', [...renderer.titles]],
      ['anchor', [...renderer.uris.anchors]],
      ['uri', [...uriDetail.keys()]],
    ]),
    uri: [...uriDetail.keys()],
    uriDetail,
    uriTruncated: renderer.uris.truncated,
  };
  return { text, visible, invisible, results, uris: htmlUrisFromResults(results) };
}
