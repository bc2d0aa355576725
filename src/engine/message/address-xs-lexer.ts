/**
 * The RFC 5322 lexical layer of our Email::Address::XS emulation: a cursor
 * over one header value that skips folding white space and (nested)
 * comments, and reads atoms, dot-atoms, quoted strings and domain literals
 * with that module's leniency. Every read moves forward only, so parsing is
 * linear in the input however hostile it is.
 *
 * Reads report a Step: ERROR (malformed, e.g. unclosed), END (input
 * exhausted) or MORE (more input follows). The list grammar decides what an
 * address is from those, as the module does.
 */
import type { Octets } from './types.js';

export type Step = -1 | 0 | 1;
export const ERROR: Step = -1;
export const END: Step = 0;
export const MORE: Step = 1;

// atext: printable ASCII but the specials, plus every 8-bit byte (the module
// takes UTF-8 and any other 8-bit text as atom characters).
const ATEXT = new Uint8Array(256);
for (let c = 0x21; c < 0x100; c++) ATEXT[c] = 1;
for (const c of '()<>[]:;@\\,."') ATEXT[c.charCodeAt(0)] = 0;
ATEXT[0x7f] = 0;

/** Text being read, with the dot quirks the module tolerates but remembers. */
export interface Text {
  text: string;
  /**
   * Kept, but the address is invalid: an empty label (`a..b`, `a. .b`), a
   * dot before `@`, a lone CR or LF or a NUL in a quoted string.
   */
  flawed?: boolean;
  /** The dot-atom stopped right after a dot, before a byte that starts no word. */
  afterDot?: boolean;
  /** The input ended right after a dot (and CFWS). */
  dangling?: boolean;
}

export function isAtext(c: number): boolean {
  return c >= 0 && c < 256 && ATEXT[c] === 1;
}

/** Folding white space as the module sees it: no form feed or vertical tab. */
function isFws(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export class XsCursor {
  pos = 0;
  readonly end: number;
  /** Text of the last complete comment skipped, since the grammar last cleared it. */
  lastComment = '';

  constructor(readonly s: Octets) {
    this.end = s.length;
  }

  code(): number {
    return this.pos < this.end ? this.s.charCodeAt(this.pos) : -1;
  }

  is(ch: string): boolean {
    return this.pos < this.end && this.s[this.pos] === ch;
  }

  more(): Step {
    return this.pos < this.end ? MORE : END;
  }

  /** Folding white space and comments. */
  skipCfws(): Step {
    while (this.pos < this.end) {
      const c = this.s.charCodeAt(this.pos);
      if (isFws(c)) this.pos++;
      else if (c === 0x28) {
        if (this.comment() === ERROR) return ERROR;
      } else break;
    }
    return this.more();
  }

  /**
   * One comment, nested ones kept as text; a backslash quotes the next byte
   * and is dropped, a line break (with its CR) is unfolded away, a NUL fails
   * it. An unclosed comment swallows the rest of the input but still leaves,
   * as the module does, its text up to the last backslash.
   */
  private comment(): Step {
    let depth = 1;
    let from = ++this.pos;
    this.lastComment = '';
    for (; this.pos < this.end; this.pos++) {
      const ch = this.s[this.pos];
      if (ch === '(') depth++;
      else if (ch === ')') {
        if (--depth === 0) {
          this.lastComment += this.s.slice(from, this.pos);
          this.pos++;
          return this.more();
        }
      } else if (ch === '\\') {
        if (this.pos + 1 >= this.end) return ERROR;
        this.lastComment += this.s.slice(from, this.pos);
        from = ++this.pos;
      } else if (ch === '\n') {
        this.lastComment += this.s.slice(from, this.pos > from && this.s[this.pos - 1] === '\r' ? this.pos - 1 : this.pos);
        from = this.pos + 1;
      } else if (ch === '\0') return ERROR;
    }
    return ERROR;
  }

  /**
   * A quoted string (cursor on its opening quote), unescaped into `out.text`.
   * Line breaks stay in the text; only CRLF pairs are proper there, so a
   * lone CR or LF, or a NUL, is a flaw.
   */
  quoted(out: Text): Step {
    let from = ++this.pos;
    for (; this.pos < this.end; this.pos++) {
      const ch = this.s[this.pos];
      if (ch === '"') {
        out.text += this.s.slice(from, this.pos);
        this.pos++;
        return this.skipCfws();
      }
      if (ch === '\\') {
        if (this.pos + 1 >= this.end) return ERROR;
        out.text += this.s.slice(from, this.pos);
        from = ++this.pos;
      } else if (ch === '\r') {
        if (this.s[this.pos + 1] === '\n') this.pos++;
        else out.flawed = true;
      } else if (ch === '\n' || ch === '\0') {
        out.flawed = true;
      }
    }
    return ERROR;
  }

  /** A run of atext (and dots when `dots`), then CFWS; an empty run is allowed. */
  atomRun(out: Text, dots: boolean): Step {
    const from = this.pos;
    while (this.pos < this.end) {
      const c = this.s.charCodeAt(this.pos);
      if (!(isAtext(c) || (dots && c === 0x2e))) break;
      this.pos++;
    }
    out.text += this.s.slice(from, this.pos);
    if (this.pos >= this.end) return END;
    return this.skipCfws();
  }

  /**
   * dot-atom with RFC 822's white space around the dots, as leniently as the
   * module reads it: empty labels pass (noted as `flawed`), and a dot may end
   * it (noted as `afterDot` or `dangling`, which callers judge differently).
   * Only a leading non-atext fails.
   */
  dotAtom(out: Text): Step {
    if (!isAtext(this.code())) return ERROR;
    for (;;) {
      const step = this.atomRun(out, false);
      if (step !== MORE || !this.is('.')) return step;
      out.text += '.';
      this.pos++;
      // An unclosed comment after the dot counts as the end of the input.
      if (this.skipCfws() !== MORE) {
        out.dangling = true;
        return END;
      }
      if (this.is('.')) out.flawed = true;
      else if (!isAtext(this.code())) {
        out.afterDot = true;
        return MORE;
      }
    }
  }

  /**
   * A domain literal (cursor on `[`), kept with its brackets and any
   * backslashes; line breaks (with their CR) are unfolded away. A nested
   * `[` or a NUL fails it.
   */
  domainLiteral(out: Text): Step {
    let from = this.pos;
    for (this.pos++; this.pos < this.end; this.pos++) {
      const ch = this.s[this.pos];
      if (ch === ']') {
        out.text += this.s.slice(from, ++this.pos);
        return this.skipCfws();
      }
      if (ch === '\\') {
        if (++this.pos >= this.end) return ERROR;
      } else if (ch === '\n') {
        out.text += this.s.slice(from, this.pos > from && this.s[this.pos - 1] === '\r' ? this.pos - 1 : this.pos);
        from = this.pos + 1;
      } else if (ch === '[' || ch === '\0') return ERROR;
    }
    return ERROR;
  }
}
