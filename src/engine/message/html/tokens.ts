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
import { Tokenizer } from 'htmlparser2';
import { COMMENT_END, EventShaper, type TokenHandler } from './event-shaper.js';

export type { TokenHandler } from './event-shaper.js';

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
  // Made apart and then stored: V8 allocates a closure written straight into a property in the old
  // generation, where it would keep this run's tokenizer and text alive until a full GC.
  const restart = (pos: number): void => {
    restartAt = pos;
    tokenizer?.pause();
  };
  shaper.restart = restart;
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
      onprocessinginstruction: (_s, e) => live() && shaper.processingInstruction(at(e)),
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
 * The text htmlparser2 reads: the original with two rewrites of equal
 * length, so every offset still points into the original (which the shaper
 * slices). `</>` becomes the bogus comment `<!>` (HTML5 drops it,
 * HTML::Parser reports a comment), and a `<!--` that no comment end follows
 * gets `--` before its first `>`, where HTML::Parser ends it.
 */
function tokenizerView(src: string, afterLastEnd: number): string {
  let view = src.includes('</>') ? src.replaceAll('</>', '<!>') : src;
  const parts: string[] = [];
  let copied = 0;
  for (let open = view.indexOf('<!--', afterLastEnd); open >= 0; ) {
    const gt = view.indexOf('>', open + 4);
    if (gt < 0) break;
    // Quotes or markup there may belong to an attribute the "comment" really sits in: leave those alone.
    if (gt - 2 >= open + 4 && !/["'<>=]/.test(view.slice(gt - 2, gt))) {
      parts.push(view.slice(copied, gt - 2), '--');
      copied = gt;
    }
    open = view.indexOf('<!--', gt + 1);
  }
  if (copied > 0) view = parts.join('') + view.slice(copied);
  return view;
}

/**
 * Tokenise a whole document, calling `out` in document order. Reports
 * whether part of the document was only read at eof (after a comment that
 * never ends), which SpamAssassin's closing of open style/script misses.
 */
export function tokenizeHtml(src: string, out: TokenHandler): { readAtEof: boolean } {
  const shaper = new EventShaper(src, out);
  let afterLastEnd = 0;
  COMMENT_END.lastIndex = 0;
  for (let m = COMMENT_END.exec(src); m !== null; m = COMMENT_END.exec(src)) afterLastEnd = m.index + m[0].length;
  shaper.lastTerminatorEnd = afterLastEnd;
  tokenizeSpan(shaper, tokenizerView(src, afterLastEnd), 0, src.length, true);
  shaper.reportCutOff();
  return { readAtEof: shaper.inTail };
}
