/**
 * Turns htmlparser2 Tokenizer callbacks (offsets into the source) into the
 * events HTML::Parser would report; see tokens.ts for the differences it
 * evens out. It asks the driver to restart tokenising where htmlparser2's
 * reading diverges.
 */
import { QuoteType } from 'htmlparser2';
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

export class EventShaper {
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
  inTail = false;
  /** Stops the current htmlparser2 run and resumes tokenising at `pos`. */
  restart: (pos: number) => void = () => undefined;

  constructor(src: string, out: TokenHandler) {
    this.src = src;
    this.out = out;
  }

  /** Where the last comment terminator (`--`, spaces, `>`) in the source ends. */
  lastTerminatorEnd = Number.MAX_SAFE_INTEGER;
  /** How far the events reported so far reach into the source. */
  reported = 0;

  private reach(pos: number): void {
    if (pos > this.reported) this.reported = pos;
  }

  /** Adjacent text callbacks are merged; markup flushes them. */
  addText(start: number, end: number): void {
    if (this.pendingStart < 0) this.pendingStart = start;
    this.pendingEnd = end;
    this.reach(end);
  }

  /**
   * Markup cut off by the end of input (`…<ab`) that htmlparser2 dropped:
   * HTML::Parser reports it as a comment.
   */
  reportCutOff(): void {
    const rest = this.src.slice(this.reported);
    if (/^<(?:[a-zA-Z/!?]|$)/.test(rest) && !rest.includes('>')) this.out.comment(rest);
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
    // Markup cut off by the end of input is a comment to HTML::Parser (then no tail split).
    const cutOff = atEof && pieces.length > 0 && /^<(?:[a-zA-Z/!?]|$)/.test(pieces[pieces.length - 1]!) ? pieces.pop() : undefined;
    if (atEof && cutOff === undefined) splitTail(pieces);
    for (const piece of pieces) {
      // HTML5 leaves an empty end tag `</>` in the text; HTML::Parser reports it as a comment.
      if (piece.startsWith('</>')) {
        this.out.comment('</>');
        if (piece.length > 3) this.out.text(decodeEntities(piece.slice(3)));
      } else this.out.text(decodeEntities(piece));
    }
    if (cutOff !== undefined) this.out.comment(cutOff);
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
    // What follows is read at eof too (SpamAssassin's closing of scripts has already run).
    this.inTail = true;
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
    this.reach(gt + 1);
    this.out.start(tag, this.attrs);
    if (PARSED_IN_HTML_PARSER.has(tag)) this.restart(gt + 1);
  }

  close(start: number, end: number): void {
    this.flushText();
    this.literal = undefined;
    const gt = this.src.indexOf('>', end);
    this.reach(gt < 0 ? this.src.length : gt + 1);
    this.out.end(this.src.slice(start, end).toLowerCase());
  }

  comment(start: number, end: number): void {
    this.flushText();
    const lt = Math.max(0, this.src.lastIndexOf('<', start - 1));
    const gt = this.src.indexOf('>', end);
    const html5End = gt < 0 ? this.src.length : gt + 1;
    this.reach(html5End);
    // `<?…>` is a processing instruction for HTML::Parser, which SpamAssassin ignores.
    if (this.src.startsWith('<?', lt)) return;
    // A CDATA section htmlparser2 did not take as one (lower case, or never closed, which reaches
    // the end of input): HTML::Parser gives its content as raw text up to `]]>`, tags and all.
    if (CDATA_START.test(this.src.slice(lt, lt + 9))) {
      this.cdataAsText(lt + 9);
      return;
    }
    if (this.src.startsWith('<!--', lt)) {
      const own = commentEnd(this.src, lt, this.lastTerminatorEnd);
      if (!own.terminated) this.inTail = true;
      if (own.end !== html5End) {
        this.reach(own.end);
        this.out.comment(this.src.slice(lt, own.end));
        this.restart(own.end);
        return;
      }
    }
    this.out.comment(this.src.slice(lt, html5End));
  }

  declaration(start: number, end: number): void {
    this.flushText();
    this.reach(end + 1);
    const raw = `<!${this.src.slice(start, end)}>`;
    if (/^<!doctype/i.test(raw)) this.out.declaration(raw);
    else this.out.comment(raw);
  }

  /** `<?…>`: ignored, as SpamAssassin ignores processing instructions. */
  processingInstruction(end: number): void {
    this.flushText();
    const gt = this.src.indexOf('>', end);
    this.reach(gt < 0 ? this.src.length : gt + 1);
  }

  /** A CDATA section's content from `from`, to its `]]>` or the end of input, as raw text; markup resumes after it. */
  private cdataAsText(from: number): void {
    const close = this.src.indexOf(']]>', from);
    const end = close < 0 ? this.src.length : close;
    const resume = close < 0 ? end : close + 3;
    this.out.text(this.src.slice(from, end));
    this.reach(resume);
    this.restart(resume);
  }

  /** `<![CDATA[…]]>`: HTML::Parser (marked sections on) reports the content as raw text. */
  cdata(start: number, end: number, endOffset: number): void {
    this.flushText();
    this.reach(end + 1);
    this.out.text(this.src.slice(start, end - endOffset));
  }
}

const CDATA_START = /^<!\[cdata\[/i;

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
export const COMMENT_END = /--[ \t\n\r\f]*>/g;

/** Where HTML::Parser ends the `<!--` comment at `lt`; one with no terminator after it ends at the next `>`. */
function commentEnd(src: string, lt: number, lastTerminatorEnd: number): { end: number; terminated: boolean } {
  // Past the last terminator there is none to find; skipping the search keeps many such comments linear.
  if (lt + 4 < lastTerminatorEnd) {
    COMMENT_END.lastIndex = lt + 4;
    const m = COMMENT_END.exec(src);
    if (m !== null) return { end: m.index + m[0].length, terminated: true };
  }
  const gt = src.indexOf('>', lt + 4);
  return { end: gt < 0 ? src.length : gt + 1, terminated: false };
}
