/**
 * Colour parsing as SpamAssassin's HTML renderer does it, for the
 * low-contrast and invalid-colour tests: named colours (HTML 4 and CSS 3
 * keywords), `#rgb`/`#rrggbb` with lenient truncation and padding, and
 * `rgb(…)` in numbers or percentages. Anything else is the string `invalid`
 * (a hex value without `#` is invalid too).
 */
import { perlTrim } from './perl-space.js';

const PACKED =
  ' aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc' +
  ' bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a' +
  ' burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50' +
  ' cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b' +
  ' darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9' +
  ' darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc' +
  ' darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f' +
  ' darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff' +
  ' dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0' +
  ' forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700' +
  ' goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0' +
  ' hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa' +
  ' lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080' +
  ' lightcyan:e0ffff lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90' +
  ' lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa' +
  ' lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0' +
  ' lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa' +
  ' mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371' +
  ' mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585' +
  ' midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead' +
  ' navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500' +
  ' orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093' +
  ' papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6' +
  ' purple:800080 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072' +
  ' sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 skyblue:87ceeb' +
  ' slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa springgreen:00ff7f' +
  ' steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0' +
  ' violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32 ';
const NAMED = new Map<string, string>(
  PACKED.trim()
    .split(/\s+/)
    .map((item) => {
      const [name, hex] = item.split(':');
      return [name!, `#${hex!.padStart(6, '0')}`] as [string, string];
    }),
);

export const INVALID_COLOR = 'invalid';

function hex2(value: number): string {
  return value < 16 ? `0${value.toString(16)}` : value.toString(16);
}

function normaliseHex(color: string): string {
  let digits = color.replace(/[^a-f0-9]/gi, '');
  if (digits.length > 6) digits = digits.slice(0, 6);
  if (digits.length > 3 && digits.length < 6) digits = digits.slice(0, 3);
  if (digits.length % 3 !== 0) digits += '0'.repeat(3 - (digits.length % 3));
  if (digits.length === 3) digits = digits.replace(/(.)/g, '$1$1');
  return `#${digits}`;
}

/** Colour name or value → `#rrggbb` (lower case), or `invalid`. */
export function nameToRgb(input: string): string {
  let color = perlTrim(input.toLowerCase());
  const named = NAMED.get(color);
  if (named !== undefined) return named;
  if (!/^[#a-f0-9]*$|rgb\([\d%, ]*\)/i.test(color)) return INVALID_COLOR;
  const pct = /rgb\((\d+)%,\s*(\d+)%,\s*(\d+)%\s*\)/i.exec(color);
  if (pct !== null) {
    color = '#' + [pct[1], pct[2], pct[3]].map((p) => hex2(Math.trunc((Number(p) / 100) * 255))).join('');
  }
  const dec = /rgb\((\d+),\s*(\d+),\s*(\d+)\s*\)/i.exec(color);
  if (dec !== null) color = '#' + [dec[1], dec[2], dec[3]].map((d) => hex2(Number(d))).join('');
  if (!color.startsWith('#')) return INVALID_COLOR;
  return normaliseHex(color);
}

/** A CSS `rgb(…)` colour value inside a style declaration: digits and commas only, clamped. */
export function cssRgbToHex(value: string): string {
  const parts = value.replace(/[^0-9,]/g, '').split(',');
  const channel = (p: string | undefined): string => {
    const n = p === undefined || p === '' ? 0 : Number(p);
    return hex2(!n ? 0 : n > 255 ? 255 : n);
  };
  return `#${channel(parts[0])}${channel(parts[1])}${channel(parts[2])}`;
}
