/**
 * Windows-1252 as Perl's Encode defines it: five bytes (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) are unmapped, so a strict decode fails on them and a lenient
 * one yields U+FFFD. (WHATWG's windows-1252 maps them to C1 controls, which
 * would change SpamAssassin's charset guessing.)
 */
const HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

/** Decode octets; undefined when `strict` and an unmapped byte occurs. */
export function decodeWindows1252(octets: string, strict: boolean): string | undefined {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < octets.length; i++) {
    const c = octets.charCodeAt(i);
    if (c < 0x80 || c > 0x9f) continue;
    const mapped = HIGH[c - 0x80]!;
    if (mapped < 0 && strict) return undefined;
    out += octets.slice(runStart, i) + String.fromCharCode(mapped < 0 ? 0xfffd : mapped);
    runStart = i + 1;
  }
  return runStart === 0 ? octets : out + octets.slice(runStart);
}
