/**
 * The HTML renderer state machine: receives tokenizer events and builds the
 * rendered text runs and the statistics SpamAssassin's HTML.pm records
 * (`$pms->{html}`), event by event as SpamAssassin does, because several
 * results (whitespace trimming, obfuscation, invisibility) depend on the
 * exact sequence of events.
 */
import type { TokenHandler } from './tokens.js';
import { ELEMENTS, NAMESPACE_TAG, TRICKS, WHITESPACE } from './tag-sets.js';
import { STYLE_ELEMENTS, StyleStack } from './text-style.js';
import { backhairKey, isObfuscationJoin } from './word-joins.js';
import { isInvisible, type InvisibleReason } from './visibility.js';
import { UriCollector } from './uri-collector.js';

/** One rendered piece of text, with the flags SpamAssassin keeps per piece. */
export interface TextRun {
  text: string;
  whitespace: boolean;
  invisible: boolean;
}

const HAS_CONTENT = /[^ \t\n\r\f\x0b]/;

export class HtmlRenderer implements TokenHandler {
  readonly runs: TextRun[] = [];
  readonly inside = new Map<string, number>();
  readonly tagCounts = new Map<string, number>();
  readonly style = new StyleStack();
  readonly uris = new UriCollector();
  readonly sizes = { min: 3, max: 3 };
  readonly flags = new Set<InvisibleReason | 'font_face_bad' | 'form_action_mailto' | 'embeds'>();
  readonly comments: string[] = [];
  readonly scripts: string[] = [];
  readonly titles: string[] = [];
  readonly backhair = new Map<string, number>();
  imageArea = 0;
  tags = 0;
  elements = 0;
  tagsSeen = 0;
  elementsSeen = 0;
  closedExtra = 0;
  obfuscation = 0;

  private insideCount(tag: string): number {
    return this.inside.get(tag) ?? 0;
  }

  start(tag: string, attrs: Map<string, string>): void {
    this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + 1);
    if (!this.countTag(tag, 1)) return;
    if (STYLE_ELEMENTS.has(tag)) this.style.open(tag, attrs, this.sizes);
    this.whitespaceFor(tag);
    this.uris.fromTag(tag, attrs);
    this.tagTests(tag, attrs);
  }

  end(tag: string): void {
    if (!this.countTag(tag, -1)) return;
    if (STYLE_ELEMENTS.has(tag)) this.style.close(tag);
    this.whitespaceFor(tag);
  }

  /** Bookkeeping shared by start and end tags; false when the tag is not rendered. */
  private countTag(tag: string, delta: 1 | -1): boolean {
    const namespaced = NAMESPACE_TAG.test(tag);
    const seen = this.inside.has(tag);
    if (ELEMENTS.has(tag) || namespaced) {
      this.elements++;
      if (!seen) this.elementsSeen++;
    }
    this.tags++;
    if (!seen) this.tagsSeen++;
    let depth = this.insideCount(tag) + delta;
    if (depth < 0) {
      depth = 0;
      this.closedExtra++;
    }
    this.inside.set(tag, depth);
    return !namespaced && (ELEMENTS.has(tag) || TRICKS.has(tag));
  }

  private whitespaceFor(tag: string): void {
    const ws = WHITESPACE.get(tag);
    if (ws !== undefined) this.display(ws, { whitespace: true, invisible: false });
  }

  private tagTests(tag: string, attrs: Map<string, string>): void {
    const face = attrs.get('face');
    if (tag === 'font' && face !== undefined && !isFontFaceOk(face)) this.flags.add('font_face_bad');
    if (tag === 'img' && this.insideCount('a') > 0) this.uris.appendAnchorText('<img>\n');
    if (tag === 'img' && attrs.has('width') && attrs.has('height')) {
      this.imageArea += imageDimension(attrs.get('width')!, 8) * imageDimension(attrs.get('height')!, 6);
    }
    const action = attrs.get('action');
    if (tag === 'form' && action !== undefined && /mailto:/i.test(action)) this.flags.add('form_action_mailto');
    if (tag === 'object' || tag === 'embed') this.flags.add('embeds');
    if (tag === 'a') this.uris.openAnchor(attrs.get('href'));
    if (tag === 'title') this.titles.push('');
  }

  text(text: string): void {
    if (this.insideCount('script') > 0) {
      this.scripts.push(text);
      return;
    }
    if (this.insideCount('style') > 0) return;
    if (this.insideCount('a') > 0) this.uris.appendAnchorText(text);
    if (this.insideCount('title') > 0 && this.titles.length > 0) this.titles[this.titles.length - 1] += text;
    let invisible = false;
    if (HAS_CONTENT.test(text.replace(/\u00c2\u00a0/g, ''))) {
      const reason = isInvisible(this.style.current);
      if (reason !== undefined) {
        invisible = true;
        if (reason !== 'small' && reason !== 'hidden') this.flags.add(reason);
      }
    }
    const prev = this.runs[this.runs.length - 1];
    if (prev !== undefined) {
      if (isObfuscationJoin(prev.text, text)) this.obfuscation++;
      const key = backhairKey(prev.text, text);
      if (key !== undefined) this.backhair.set(key, (this.backhair.get(key) ?? 0) + 1);
    }
    this.display(text, { whitespace: false, invisible });
  }

  comment(raw: string): void {
    this.comments.push(raw);
  }

  declaration(raw: string): void {
    if (!/^<!doctype/i.test(raw)) return;
    this.elements++;
    this.tags++;
    this.inside.set('!doctype', 0);
  }

  /** Append a run, trimming spaces around block whitespace as SpamAssassin does. */
  private display(text: string, flags: { whitespace: boolean; invisible: boolean }): void {
    const prev = this.runs[this.runs.length - 1];
    let out = text;
    if (flags.whitespace) {
      if (prev !== undefined && !prev.whitespace && !prev.invisible && prev.text.endsWith(' ')) prev.text = prev.text.slice(0, -1);
    } else {
      out = out.replace(/[ \t\n\r\f\x0b]+|\u00c2\u00a0/g, ' ');
      if (prev !== undefined && !flags.invisible && prev.whitespace) out = out.replace(/^ /, '');
    }
    this.runs.push({ text: out, whitespace: flags.whitespace, invisible: flags.invisible });
  }

  /** SpamAssassin closes a style or script left open at the end, so their text stays out of the body. */
  finish(): void {
    while (this.insideCount('style') > 0) this.end('style');
    while (this.insideCount('script') > 0) this.end('script');
  }
}

const FIRST_FONT = /^\s*["'.]?[a-z ][a-z -]*[a-z]\d?["']?$/i;
const NEXT_FONT = /^\s*["']?[a-z][a-z -]*[a-z]\d?["']?$/i;

/**
 * Whether a font face list looks like real font names (SpamAssassin's bugs
 * 5956, 7312): comma-separated names, optionally quoted, an optional final
 * `;`. Checked name by name, since one regex over the whole list backtracks
 * quadratically on long hostile values; no name can contain a comma, so
 * the split is the same.
 */
function isFontFaceOk(face: string): boolean {
  let list = face.endsWith('\n') ? face.slice(0, -1) : face;
  if (list.endsWith(';')) list = list.slice(0, -1);
  const names = list.split(',');
  return names.every((name, i) => (i === 0 ? FIRST_FONT : NEXT_FONT).test(name));
}

/** An img width/height: pixels, or a percentage of an 800x600 screen; 200 when unusable. */
function imageDimension(value: string, percentScale: number): number {
  const m = /^(\d+)(%)?$/.exec(value);
  let n = 0;
  if (m !== null) n = Number(m[1]) * (m[2] === '%' ? percentScale : 1);
  return n <= 0 ? 200 : n;
}
