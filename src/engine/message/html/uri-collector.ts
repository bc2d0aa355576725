/**
 * URIs found in HTML attributes and the anchor texts that go with them
 * (HTML.pm's `uri` hash). Keys are the URIs after trimming and after
 * resolution against `<base href>`; anchor texts are filed under the
 * unresolved href instead (so a relative link can leave an entry with anchor
 * text but no types, and `<a>` without href files its text under '').
 */
import { isPerlSpace, perlTrim } from './perl-space.js';
import { baseFromHref, targetUri } from './uri-target.js';

/** Longer URIs are cut to this many characters (SpamAssassin's MAX_URI_LENGTH). */
export const MAX_URI_LENGTH = 8192;

export interface HtmlUriInfo {
  types: Set<string>;
  anchorText: string[] | undefined;
}

const NO_TARGET_SCHEME = /^(?:data|mailto|file|cid|tel):/i;
const SLASHED_HREF = /\w{1,8}\/href/;
const SLASHED_SRC = /\w{1,8}\/src/;

export class UriCollector {
  readonly entries = new Map<string, HtmlUriInfo>();
  readonly anchors: string[] = [];
  truncated = false;
  private base = '';
  private anchorKey: string | undefined;

  private entry(uri: string): HtmlUriInfo {
    let info = this.entries.get(uri);
    if (info === undefined) {
      info = { types: new Set(), anchorText: undefined };
      this.entries.set(uri, info);
    }
    return info;
  }

  /** Trim whitespace and NBSP, and cap the length. */
  canon(uri: string): string {
    let out = perlTrim(uri);
    if (out.length > MAX_URI_LENGTH) {
      this.truncated = true;
      out = out.slice(0, MAX_URI_LENGTH);
    }
    return out;
  }

  push(type: string, raw: string): void {
    const uri = this.canon(raw);
    if (uri === '') return;
    if (NO_TARGET_SCHEME.test(uri)) {
      this.entry(uri).types.add(type);
      return;
    }
    const target = targetUri(this.base, uri);
    if (target !== '') this.entry(target).types.add(type);
  }

  /** Attributes named like `xx/href` in broken HTML still count as href/src. */
  private promoteSlashed(attrs: Map<string, string>, name: string): void {
    const re = name === 'href' ? SLASHED_HREF : SLASHED_SRC;
    for (const [k, v] of [...attrs]) {
      if (re.test(k)) {
        attrs.delete(k);
        attrs.set(name, v);
      }
    }
  }

  fromTag(tag: string, attrs: Map<string, string>): void {
    if (Object.hasOwn(TAG_HANDLERS, tag)) TAG_HANDLERS[tag]!(this, tag, attrs);
  }

  handleBackground(tag: string, attrs: Map<string, string>): void {
    const bg = attrs.get('background');
    if (bg !== undefined) this.push(tag, bg);
  }

  handleLink(tag: string, attrs: Map<string, string>): void {
    this.promoteSlashed(attrs, 'href');
    const href = attrs.get('href');
    if (href !== undefined) {
      const cleaned = href.replace(/\ufeff/g, '');
      attrs.set('href', cleaned);
      this.push(tag, cleaned);
    }
    const safe = attrs.get('data-saferedirecturl');
    if (safe !== undefined) this.push(tag, safe);
  }

  handleSource(tag: string, attrs: Map<string, string>): void {
    this.promoteSlashed(attrs, 'src');
    const src = attrs.get('src');
    if (src !== undefined) this.push(tag, src);
  }

  handleBase(tag: string, attrs: Map<string, string>): void {
    const href = attrs.get('href');
    if (href === undefined || href === '' || href === '0') return;
    const uri = this.canon(href);
    this.push(tag, uri);
    const base = baseFromHref(uri);
    if (base !== undefined) this.base = base;
  }

  handleMeta(tag: string, attrs: Map<string, string>): void {
    const equiv = attrs.get('http-equiv');
    const content = attrs.get('content');
    if (equiv === undefined || content === undefined) return;
    if (!/refresh/i.test(equiv) || !/\burl\s*=/i.test(content)) return;
    const uri = cutAtSemicolon(content.replace(/^.*\burl\s*=\s*/i, ''));
    this.push(tag, uri);
  }

  openAnchor(href: string | undefined): void {
    this.anchorKey = href === undefined ? '' : this.canon(href);
    const info = this.entry(this.anchorKey);
    (info.anchorText ??= []).push('');
    this.anchors.push('');
  }

  appendAnchorText(text: string): void {
    if (this.anchorKey === undefined) return;
    const list = (this.entry(this.anchorKey).anchorText ??= ['']);
    list[list.length - 1] += text;
    if (this.anchors.length > 0) this.anchors[this.anchors.length - 1] += text;
  }
}

/** Drop `\s*;` and the rest of its line (a refresh's trailing parameters). */
function cutAtSemicolon(s: string): string {
  const semi = s.indexOf(';');
  if (semi < 0) return s;
  let start = semi;
  while (start > 0 && isPerlSpace(s.charCodeAt(start - 1))) start--;
  const nl = s.indexOf('\n', semi);
  return s.slice(0, start) + (nl < 0 ? '' : s.slice(nl));
}

type TagHandler = (c: UriCollector, tag: string, attrs: Map<string, string>) => void;

const TAG_HANDLERS: Record<string, TagHandler> = {
  body: (c, t, a) => c.handleBackground(t, a),
  table: (c, t, a) => c.handleBackground(t, a),
  tr: (c, t, a) => c.handleBackground(t, a),
  td: (c, t, a) => c.handleBackground(t, a),
  a: (c, t, a) => c.handleLink(t, a),
  area: (c, t, a) => c.handleLink(t, a),
  link: (c, t, a) => c.handleLink(t, a),
  img: (c, t, a) => c.handleSource(t, a),
  frame: (c, t, a) => c.handleSource(t, a),
  iframe: (c, t, a) => c.handleSource(t, a),
  embed: (c, t, a) => c.handleSource(t, a),
  script: (c, t, a) => c.handleSource(t, a),
  bgsound: (c, t, a) => c.handleSource(t, a),
  form: (c, t, a) => {
    const action = a.get('action');
    if (action !== undefined) c.push(t, action);
  },
  base: (c, t, a) => c.handleBase(t, a),
  meta: (c, t, a) => c.handleMeta(t, a),
};
