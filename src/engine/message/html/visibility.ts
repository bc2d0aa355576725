/**
 * Whether text in the current style is invisible to a reader, with the
 * reason, following SpamAssassin's checks in order: same colour (last six
 * hex digits), colours too close (brightness-weighted distance under 12),
 * an unparseable colour, font size 1 or less, `display: none`,
 * `visibility: hidden`. The first two reasons set `font_low_contrast`, the
 * third `font_invalid_color`.
 */
import { INVALID_COLOR } from './colors.js';
import type { TextStyle } from './text-style.js';

export type InvisibleReason = 'font_low_contrast' | 'font_invalid_color' | 'small' | 'hidden';

const RGB = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/;

function colourDistance(fg: string, bg: string): number | undefined {
  const a = RGB.exec(fg);
  const b = RGB.exec(bg);
  if (a === null || b === null) return undefined;
  const d = (i: number): number => parseInt(a[i]!, 16) - parseInt(b[i]!, 16);
  return Math.sqrt((0.2126 * d(1)) ** 2 + (0.7152 * d(2)) ** 2 + (0.0722 * d(3)) ** 2);
}

export function isInvisible(style: TextStyle): InvisibleReason | undefined {
  const { fgcolor, bgcolor } = style;
  if (fgcolor.slice(-6) === bgcolor.slice(-6)) return 'font_low_contrast';
  const distance = colourDistance(fgcolor, bgcolor);
  if (distance !== undefined && distance < 12) return 'font_low_contrast';
  if (fgcolor === INVALID_COLOR || bgcolor === INVALID_COLOR) return 'font_invalid_color';
  if (style.size <= 1) return 'small';
  const display = style.css.get('display');
  if (display !== undefined && display !== '' && display !== '0' && display.toLowerCase() === 'none') return 'hidden';
  const visibility = style.css.get('visibility');
  if (visibility !== undefined && visibility.toLowerCase() === 'hidden') return 'hidden';
  return undefined;
}
