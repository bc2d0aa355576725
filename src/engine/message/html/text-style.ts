/**
 * The text-style stack SpamAssassin keeps while rendering HTML, to decide
 * whether text is visible: foreground/background colour, font size and
 * CSS `display`/`visibility`. Only a few elements and attributes count
 * (see ALLOWED); notably the `bgcolor` attribute is accepted but has no
 * effect, only CSS `background`/`background-color` set the background.
 */
import { INVALID_COLOR, cssRgbToHex, nameToRgb } from './colors.js';
import { parseCssBackground } from './css-background.js';
import { isPerlSpace, perlTrim } from './perl-space.js';

export interface TextStyle {
  tag: string;
  fgcolor: string;
  bgcolor: string;
  size: number;
  /** CSS properties other than colours, by property name as written (`style_display` in SpamAssassin). */
  css: Map<string, string>;
}

const ALLOWED: Record<string, ReadonlySet<string>> = {
  basefont: new Set(['color', 'face', 'size']),
  body: new Set(['text', 'bgcolor', 'link', 'alink', 'vlink', 'background']),
  font: new Set(['color', 'face', 'size']),
  marquee: new Set(['bgcolor', 'background']),
  table: new Set(['bgcolor', 'style']),
  td: new Set(['bgcolor', 'style']),
  th: new Set(['bgcolor', 'style']),
  tr: new Set(['bgcolor', 'style']),
  span: new Set(['style']),
  p: new Set(['style']),
  div: new Set(['style']),
  a: new Set(['style']),
};

/** Elements that change the text style. */
export const STYLE_ELEMENTS: ReadonlySet<string> = new Set([
  'body', 'font', 'table', 'tr', 'th', 'td', 'big', 'small', 'basefont', 'marquee', 'span', 'p', 'div', 'a',
]);

export interface SizeRange {
  min: number;
  max: number;
}

export class StyleStack {
  private readonly stack: TextStyle[];
  /** How many entries each tag has on the stack, so "is it open?" is O(1) even on hostile nesting. */
  private readonly openCount = new Map<string, number>();
  basefont = 3;

  constructor() {
    this.stack = [{ tag: 'default', fgcolor: '#000000', bgcolor: '#ffffff', size: 3, css: new Map() }];
    this.openCount.set('default', 1);
  }

  private push(style: TextStyle): void {
    this.stack.push(style);
    this.openCount.set(style.tag, (this.openCount.get(style.tag) ?? 0) + 1);
  }

  private pop(): TextStyle | undefined {
    const top = this.stack.pop();
    if (top !== undefined) this.openCount.set(top.tag, (this.openCount.get(top.tag) ?? 1) - 1);
    return top;
  }

  private isOpen(tag: string): boolean {
    return (this.openCount.get(tag) ?? 0) > 0;
  }

  get current(): TextStyle {
    return this.stack[this.stack.length - 1]!;
  }

  open(tagName: string, attrs: Map<string, string>, sizes: SizeRange): void {
    const tag = tagName === 'th' ? 'td' : tagName;
    if (tag === 'basefont') {
      const m = /^\s*(\d+)/.exec(attrs.get('size') ?? '');
      // SpamAssassin only handles basefont with a numeric size; other basefonts push a style.
      if (m !== null) {
        this.basefont = Number(m[1]);
        return;
      }
    }
    if (tag === 'td' || tag === 'tr') this.closeTableCell(tag);
    const next: TextStyle = { ...this.current, css: new Map(this.current.css), tag };
    if (tag === 'big' || tag === 'small') {
      next.size += tag === 'big' ? 1 : -1;
      this.push(next);
      return;
    }
    const allowed = ALLOWED[tag];
    for (const [name, value] of attrs) {
      if (allowed === undefined || !allowed.has(name)) continue;
      this.applyAttribute(next, name, value);
      // The range is tracked per accepted attribute, not per size change, as SpamAssassin does.
      if (next.size > sizes.max) sizes.max = next.size;
      else if (next.size < sizes.min) sizes.min = next.size;
    }
    this.push(next);
  }

  close(tagName: string): void {
    const tag = tagName === 'th' ? 'td' : tagName;
    // Browsers keep rendering after </body>, so its style is never dropped.
    if (tag === 'body') return;
    if (!this.isOpen(tag)) return;
    while (this.stack.length > 0) {
      const popped = this.pop()!;
      if (popped.tag === tag) break;
    }
  }

  /** A new cell or row implicitly ends open cells (and fonts inside them). */
  private closeTableCell(tag: string): void {
    if (!this.isOpen(tag)) return;
    while (this.stack.length > 0) {
      const top = this.current.tag;
      const closes = tag === 'td' ? top === 'font' || top === 'td' : top === 'font' || top === 'td' || top === 'tr';
      if (!closes) break;
      this.pop();
    }
  }

  private applyAttribute(next: TextStyle, name: string, value: string): void {
    if (name === 'text' || name === 'color') next.fgcolor = nameToRgb(value);
    else if (name === 'size') {
      const rel = /^\s*([+-]\d+)/.exec(value);
      const abs = /^\s*(\d+)/.exec(value);
      if (rel !== null) next.size = this.basefont + Number(rel[1]);
      else if (abs !== null) next.size = Number(abs[1]);
    } else if (name === 'style') this.applyCss(next, value);
  }

  private applyCss(next: TextStyle, style: string): void {
    const parentBg = this.current.bgcolor;
    for (const decl of style.split(';')) {
      const color = /^\s*(background-)?color:/i.exec(decl);
      const colorValue = color === null ? undefined : declValue(decl.slice(color[0].length), false);
      if (color !== null && colorValue !== undefined) {
        const which = color[1] !== undefined ? 'bgcolor' : 'fgcolor';
        const value = stripImportant(colorValue.toLowerCase());
        if (value.includes('rgb')) next[which] = cssRgbToHex(value);
        else if (value === 'transparent') next[which] = value;
        else if (value !== 'inherit') next[which] = nameToRgb(value);
        continue;
      }
      const background = /^\s*background:/.exec(decl);
      const bgValue = background === null ? undefined : declValue(decl.slice(background[0].length), false);
      if (bgValue !== undefined) {
        const layers = parseCssBackground(bgValue.toLowerCase());
        for (const v of layers[layers.length - 1] ?? []) {
          const rgb = nameToRgb(v);
          if (rgb !== INVALID_COLOR) {
            next.bgcolor = rgb;
            break;
          }
        }
        continue;
      }
      const prop = /^\s*([a-z_-]+)\s*:/i.exec(decl);
      const propValue = prop === null ? undefined : declValue(decl.slice(prop[0].length), true);
      // Only these two properties are ever read back (SpamAssassin stores all of them).
      if (propValue !== undefined && (prop![1] === 'display' || prop![1] === 'visibility')) next.css.set(prop![1], propValue);
    }
    if (next.bgcolor === 'transparent') next.bgcolor = parentBg;
    if (next.fgcolor === 'transparent') next.fgcolor = next.bgcolor;
  }
}

/** Drop a trailing `!important` (CSS 3, SpamAssassin's bug 7892) and the spaces before it. */
function stripImportant(value: string): string {
  const m = /!\s*important$/.exec(value);
  if (m === null) return value;
  let start = m.index;
  while (start > 0 && isPerlSpace(value.charCodeAt(start - 1))) start--;
  return value.slice(0, start);
}

/**
 * The value of a `name: value` declaration as SpamAssassin's patterns take
 * it (`\s*(.+?)\s*$`, or `\s*(\S.*?)\s*$`): trimmed, non-empty, on one line.
 */
function declValue(rest: string, nonSpaceStart: boolean): string | undefined {
  const value = perlTrim(rest);
  if (value === '' || value.includes('\n')) return undefined;
  if (nonSpaceStart && isPerlSpace(value.charCodeAt(0))) return undefined;
  return value;
}
