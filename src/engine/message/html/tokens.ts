/**
 * HTML tokenising on htmlparser2's Tokenizer, reshaped into the event stream
 * that SpamAssassin's HTML::Parser (3.81) produces, because every HTML
 * statistic SpamAssassin computes depends on exactly where its events fall:
 *
 * - entities are decoded with HTML::Parser's rules (entities.ts), not HTML5's;
 * - text is cut before every `<` that does not start markup (`a < b` is two
 *   text events), and at the end of input the text is cut again before its
 *   last whitespace run (HTML::Parser holds that tail back until eof);
 * - a tag name runs to whitespace or `>` (`<o:p/>` is the tag `o:p/`);
 * - attribute names are lower-cased, the first of duplicates wins, and a
 *   bare attribute takes its own name as value;
 * - script/style/xmp/iframe/plaintext content is raw text, title/textarea
 *   content has entities decoded, noframes/noembed content is parsed (HTML5
 *   reads it raw, so tokenising restarts after their start tag);
 * - a comment ends at `--`, optional whitespace, `>` (not at HTML5's `--!>`
 *   or `<!--->`), and one that never ends stops at the next `>`;
 * - `<!doctype …>` is a declaration, other `<!…>` / `</ …>` are comments.
 */
import { Tokenizer, QuoteType } from 'htmlparser2';
import { decodeEntities } from './entities.js';

export interface TokenHandler {
  start(tag: string, attrs: Map<string, string>): void;
  end(tag: string): void;
  text(text: string): void;
  /** The whole comment markup, `<!--` and `-->` included. */
  comment(raw: string): void;
  declaration(raw: string): void;
}

/** Elements whose content both tokenizers hand over without parsing tags. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'plaintext']);
const ENTITY_TEXT = new Set(['title', 'textarea']);
const PARSED_IN_HTML_PARSER = new Set(['noembed', 'noframes']);

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c || code === 0x0b;
}

class EventShaper {
  private readonly src: string;
  private readonly out: TokenHandler;
  private pendingStart = -1;
  private pendingEnd = -1;
  private tagName: string | undefined;
  private tagNameEnd = 0;
  private attrs = new Map<string, string>();
  private attrName: string | undefined;
  private attrValue = '';
  /** Element whose content is currently literal text, if any. */
  private literal: string | undefined;
  /** Past a comment that never ended: HTML::Parser reads the rest only at eof. */
  private inTail = false;
  /** Stops the current htmlparser2 run and resumes tokenising at `pos`. */
  restart: (pos: number) => void = () => undefined;

  constructor(src: string, out: TokenHandler) {
    this.src = src;
    this.out = out;
  }

  /** Adjacent text callbacks are merged; markup flushes them. */
  addText(start: number, end: number): void {
    if (this.pendingStart < 0) this.pendingStart = start;
    this.pendingEnd = end;
  }

  flushText(atEof = false): void {
    if (this.pendingStart < 0) return;
    const start = this.pendingStart;
    const raw = this.src.slice(start, this.pendingEnd);
    this.pendingStart = -1;
    if (this.literal === 'title' && atEof) {
      this.flushUnclosedTitle(raw, start);
      return;
    }
    if (atEof && this.inTail && (this.literal === 'script' || this.literal === 'style')) {
      // Read only at eof (after a comment that never ended): closed at once, the content parsed as HTML.
      this.out.end(this.literal);
      this.literal = undefined;
      this.restart(start);
      return;
    }
    if (this.literal !== undefined) {
      this.out.text(ENTITY_TEXT.has(this.literal) ? decodeEntities(raw) : raw);
      return;
    }
    const pieces = splitAtStrayLt(raw);
    if (atEof) splitTail(pieces);
    for (const piece of pieces) {
      // HTML5 leaves an empty end tag `</>` in the text; HTML::Parser reports it as a comment.
      if (piece.startsWith('</>')) {
        this.out.comment('</>');
        if (piece.length > 3) this.out.text(decodeEntities(piece.slice(3)));
      } else this.out.text(decodeEntities(piece));
    }
  }

  /**
   * A `<title>` still open at the end: HTML::Parser keeps the text up to the
   * first `<` as title, closes the title there and parses the rest as HTML.
   */
  private flushUnclosedTitle(raw: string, start: number): void {
    const lt = raw.indexOf('<');
    if (lt < 0) {
      const pieces = [raw];
      splitTail(pieces);
      for (const piece of pieces) this.out.text(decodeEntities(piece));
    } else if (lt > 0) this.out.text(decodeEntities(raw.slice(0, lt)));
    this.literal = undefined;
    this.out.end('title');
    if (lt >= 0) this.restart(start + lt);
  }

  openName(start: number, end: number): void {
    this.flushText();
    // HTML::Parser keeps going past `/` and other punctuation up to whitespace or `>`.
    let stop = end;
    while (stop < this.src.length && !isSpace(this.src.charCodeAt(stop)) && this.src.charCodeAt(stop) !== 0x3e) stop++;
    this.tagName = this.src.slice(start, stop).toLowerCase();
    this.tagNameEnd = stop;
    this.attrs = new Map();
  }

  attribName(start: number, end: number): void {
    this.attrName = start >= this.tagNameEnd ? this.src.slice(start, end).toLowerCase() : undefined;
    this.attrValue = '';
  }

  attribData(start: number, end: number): void {
    this.attrValue += this.src.slice(start, end);
  }

  attribEnd(quote: QuoteType): void {
    const name = this.attrName;
    this.attrName = undefined;
    if (name === undefined || this.attrs.has(name)) return;
    this.attrs.set(name, quote === QuoteType.NoValue ? name : decodeEntities(this.attrValue, true));
  }

  openEnd(gt: number): void {
    const tag = this.tagName;
    this.tagName = undefined;
    if (tag === undefined) return;
    if (RAW_TEXT.has(tag) || ENTITY_TEXT.has(tag)) this.literal = tag;
    this.out.start(tag, this.attrs);
    if (PARSED_IN_HTML_PARSER.has(tag)) this.restart(gt + 1);
  }

  close(start: number, end: number): void {
    this.flushText();
    this.literal = undefined;
    this.out.end(this.src.slice(start, end).toLowerCase());
  }

  comment(start: number, end: number): void {
    this.flushText();
    const lt = Math.max(0, this.src.lastIndexOf('<', start - 1));
    const gt = this.src.indexOf('>', end);
    const html5End = gt < 0 ? this.src.length : gt + 1;
    // `<?…>` is a processing instruction for HTML::Parser, which SpamAssassin ignores.
    if (this.src.startsWith('<?', lt)) return;
    if (this.src.startsWith('<!--', lt)) {
      const own = commentEnd(this.src, lt);
      if (!own.terminated) this.inTail = true;
      if (own.end !== html5End) {
        this.out.comment(this.src.slice(lt, own.end));
        this.restart(own.end);
        return;
      }
    }
    this.out.comment(this.src.slice(lt, html5End));
  }

  declaration(start: number, end: number): void {
    this.flushText();
    const raw = `<!${this.src.slice(start, end)}>`;
    if (/^<!doctype/i.test(raw)) this.out.declaration(raw);
    else this.out.comment(raw);
  }

  /** A comment whose extent the caller decided (one that never ends; what follows is read at eof). */
  rawComment(start: number, end: number): void {
    this.flushText();
    this.inTail = true;
    this.out.comment(this.src.slice(start, end));
  }

  /** `<![CDATA[…]]>`: HTML::Parser (marked sections on) reports the content as raw text. */
  cdata(start: number, end: number, endOffset: number): void {
    this.flushText();
    this.out.text(this.src.slice(start, end - endOffset));
  }
}

/** Cut before each `<` (those left in text never started markup). */
function splitAtStrayLt(raw: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  let lt = raw.indexOf('<', 1);
  while (lt > 0) {
    pieces.push(raw.slice(from, lt));
    from = lt;
    lt = raw.indexOf('<', lt + 1);
  }
  pieces.push(raw.slice(from));
  return pieces;
}

/** HTML::Parser releases the final text in two events: before and from its last whitespace run. */
function splitTail(pieces: string[]): void {
  const last = pieces[pieces.length - 1];
  if (last === undefined) return;
  let i = last.length;
  while (i > 0 && !isSpace(last.charCodeAt(i - 1))) i--;
  if (i === 0) return;
  while (i > 0 && isSpace(last.charCodeAt(i - 1))) i--;
  if (i === 0) return;
  pieces.splice(pieces.length - 1, 1, last.slice(0, i), last.slice(i));
}

/** HTML::Parser ends a comment at `--`, optional whitespace, `>`. */
const COMMENT_END = /--[ \t\n\r\f]*>/g;

/** Where HTML::Parser ends the `<!--` comment at `lt`; one with no terminator after it ends at the next `>`. */
function commentEnd(src: string, lt: number): { end: number; terminated: boolean } {
  COMMENT_END.lastIndex = lt + 4;
  const m = COMMENT_END.exec(src);
  if (m !== null) return { end: m.index + m[0].length, terminated: true };
  const gt = src.indexOf('>', lt + 4);
  return { end: gt < 0 ? src.length : gt + 1, terminated: false };
}

/**
 * Run htmlparser2 over `src[from, to)`, reporting absolute offsets. Returns
 * where to restart when the shaper stopped the run because htmlparser2's
 * reading diverged from HTML::Parser's (an HTML5-only comment end, an
 * element HTML5 reads as raw text), else -1.
 */
function tokenizeRange(shaper: EventShaper, src: string, from: number, to: number, last: boolean): number {
  // The shaper slices the original text; the tokenizer reads a copy where `</>` is `<!>` (see tokenizeHtml).
  const at = (i: number): number => i + from;
  let restartAt = -1;
  let tokenizer: Tokenizer | undefined;
  const live = (): boolean => restartAt < 0;
  shaper.restart = (pos: number): void => {
    restartAt = pos;
    tokenizer?.pause();
  };
  tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      ontext: (s, e) => live() && shaper.addText(at(s), at(e)),
      ontextentity: () => undefined,
      onattribentity: () => undefined,
      onopentagname: (s, e) => live() && shaper.openName(at(s), at(e)),
      onattribname: (s, e) => live() && shaper.attribName(at(s), at(e)),
      onattribdata: (s, e) => live() && shaper.attribData(at(s), at(e)),
      onattribend: (q) => live() && shaper.attribEnd(q),
      onopentagend: (e) => live() && shaper.openEnd(at(e)),
      onselfclosingtag: (e) => live() && shaper.openEnd(at(e)),
      onclosetag: (s, e) => live() && shaper.close(at(s), at(e)),
      oncomment: (s, e) => live() && shaper.comment(at(s), at(e)),
      oncdata: (s, e, o) => live() && shaper.cdata(at(s), at(e), o),
      ondeclaration: (s, e) => live() && shaper.declaration(at(s), at(e)),
      onprocessinginstruction: () => live() && shaper.flushText(),
      onend: () => live() && shaper.flushText(last),
    },
  );
  tokenizer.write(from === 0 && to === src.length ? src : src.slice(from, to));
  tokenizer.end();
  return restartAt;
}

/** Tokenise `src[from, to)`, restarting wherever the shaper asks. */
function tokenizeSpan(shaper: EventShaper, src: string, from: number, to: number, last: boolean): void {
  let start = from;
  while (start < to) {
    const restart = tokenizeRange(shaper, src, start, to, last);
    if (restart < 0) return;
    start = restart;
  }
  if (last) shaper.flushText(true);
}

/**
 * Tokenise a whole document, calling `out` in document order. A `<!--` with
 * no comment end anywhere after it ends at the next `>` (HTML::Parser gives
 * up at eof and re-reads from there); such comments all follow the last
 * comment end, so the document is cut into spans around them, each
 * tokenised once.
 */
export function tokenizeHtml(src: string, out: TokenHandler): void {
  const shaper = new EventShaper(src, out);
  // HTML5 drops `</>` silently, HTML::Parser reports it as a comment: the tokenizer
  // sees the same-length bogus comment `<!>` and the shaper reads the original.
  const tokSrc = src.includes('</>') ? src.replaceAll('</>', '<!>') : src;
  // A `<!--` before the end of the last terminator is closed by it or lies inside a closed comment.
  let afterLastEnd = 0;
  COMMENT_END.lastIndex = 0;
  for (let m = COMMENT_END.exec(src); m !== null; m = COMMENT_END.exec(src)) afterLastEnd = m.index + m[0].length;
  let pos = 0;
  let open = src.indexOf('<!--', afterLastEnd);
  while (open >= 0) {
    const gt = src.indexOf('>', open + 4);
    tokenizeSpan(shaper, tokSrc, pos, open, false);
    shaper.rawComment(open, gt < 0 ? src.length : gt + 1);
    pos = gt < 0 ? src.length : gt + 1;
    open = gt < 0 ? -1 : src.indexOf('<!--', pos);
  }
  tokenizeSpan(shaper, tokSrc, pos, src.length, true);
}
