/**
 * Writes src/engine/message/charsets/encode-tables.ts: what Perl's Encode
 * (the decoders SpamAssassin uses) makes of every byte, and of every byte
 * pair after a lead byte, for its table-driven encodings. Single-byte
 * encodings are written whole (256 characters). For the multi-byte ones
 * the characters come from iconv-lite at run time, and the file keeps only
 * what iconv-lite cannot say: which sequences Perl accepts (run-length
 * bitmaps) and the sequences it decodes differently (overrides).
 *
 *   node dist/test/tools/gen-encode-tables.js     (needs perl with Encode)
 *
 * test/interop/charset-encode.test.ts checks the result against Perl.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

/**
 * Perl's table encodings with lead bytes, and the table each one's characters
 * start from at run time: iconv-lite, or Node's TextDecoder (`whatwg:`),
 * whichever leaves fewer overrides.
 */
const MULTI_BYTE_BASES: Record<string, string> = {
  'euc-cn': 'whatwg:gbk',
  cp936: 'whatwg:gbk',
  'big5-eten': 'big5',
  'big5-hkscs': 'big5hkscs',
  cp950: 'whatwg:big5',
  shiftjis: 'whatwg:shift_jis',
  cp932: 'whatwg:shift_jis',
  'euc-jp': 'whatwg:euc-jp',
  'euc-kr': 'euckr',
  cp949: 'cp949',
};

/** Encodings left out: byte-pair "raw" sets and symbol fonts no mail declares. */
const SKIPPED = /-raw$|^(?:iso-ir-165|johab|null|ascii-ctrl)$/;

const PERL = String.raw`
use strict; use warnings; use Encode; use JSON::PP;
my %out;
sub try_decode { my ($e, $s) = @_; my $rv; return eval { $rv = $e->decode($s, Encode::FB_CROAK | Encode::LEAVE_SRC); defined $rv } ? $rv : undef; }
for my $name (Encode->encodings(':all')) {
  my $e = find_encoding($name);
  next unless ref($e) eq 'Encode::XS';
  my @single = map { try_decode($e, chr($_)) } 0..255;
  my @leads = grep { defined $single[$_] && $single[$_] eq '' } 0..255;
  my %entry = (single => [@single]);
  if (@leads) {
    my %pairs; my %triples; my %prefixes;
    for my $l (@leads) { for my $t (0..255) {
      my $r = try_decode($e, chr($l) . chr($t));
      next unless defined $r;
      if ($r eq '') { $prefixes{$l * 256 + $t} = 1; for my $u (0..255) { my $r3 = try_decode($e, chr($l) . chr($t) . chr($u)); $triples{$l * 65536 + $t * 256 + $u} = $r3 if defined $r3 && $r3 ne ''; } }
      else { $pairs{$l * 256 + $t} = $r; }
    } }
    $entry{pairs} = \%pairs; $entry{triples} = \%triples; $entry{prefixes} = [sort { $a <=> $b } keys %prefixes];
  }
  $out{$name} = \%entry;
}
print JSON::PP->new->canonical->encode(\%out);
`;

interface PerlTable {
  single: (string | null)[];
  pairs?: Record<string, string>;
  triples?: Record<string, string>;
  /** Two-byte prefixes of three-byte sequences (some lead to no valid third byte). */
  prefixes?: string[];
}

/** Alternating run lengths (absent first) of the sorted members of `set` in 0..size-1, base 36. */
function runLengths(set: Set<number>, size: number): string {
  const runs: number[] = [];
  let current = false;
  let length = 0;
  for (let i = 0; i < size; i++) {
    if (set.has(i) !== current) {
      runs.push(length);
      current = !current;
      length = 0;
    }
    length++;
  }
  runs.push(length);
  return runs.map((n) => n.toString(36)).join(',');
}

/**
 * Overrides as `hex=chars`, and runs of consecutive sequences decoding to
 * consecutive single code units (user-defined areas mapped to the Private
 * Use Area) as `hex+count=first`; entries separated by \u0001.
 */
function packOverrides(entries: [number, string][]): string {
  entries.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const [key, chars] = entries[i]!;
    let n = 1;
    while (chars.length === 1 && i + n < entries.length) {
      const [k, c] = entries[i + n]!;
      if (k !== key + n || c.length !== 1 || c.charCodeAt(0) !== chars.charCodeAt(0) + n) break;
      n++;
    }
    out.push(n > 1 ? `${key.toString(16)}+${n.toString(16)}=${chars}` : `${key.toString(16)}=${chars}`);
    i += n;
  }
  return out.join('\u0001');
}

/** What the run-time base table (iconv-lite, or `whatwg:` Node's TextDecoder) makes of one sequence. */
function baseSequence(base: string, key: number, width: number): string {
  const bytes = Buffer.from(width === 2 ? [key >> 8, key & 255] : [key >> 16, (key >> 8) & 255, key & 255]);
  return base.startsWith('whatwg:') ? new TextDecoder(base.slice(7)).decode(bytes) : iconv.decode(bytes, base);
}

// Printable characters stay literal (the file is UTF-8); controls, the sentinels and lone surrogates are escaped.
const quote = (s: string): string =>
  JSON.stringify(s).replace(/[\u007f-\u009f\u00ad\ud800-\udfff\ufff0-\uffff\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** 256 characters, or only the upper 128 when the lower half is ASCII as it is. */
function byteRow(chars: string[]): string {
  const asciiLow = chars.slice(0, 128).every((c, i) => c.charCodeAt(0) === i);
  return (asciiLow ? chars.slice(128) : chars).join('');
}

function singleByteLine(name: string, t: PerlTable): string {
  return `  ${quote(name)}: ${quote(byteRow(t.single.map((c) => (c === null ? '\uffff' : c.length === 1 ? c : '\ufffc'))))},`;
}

/** Bytes of a single-byte encoding that decode to more than one code unit (MacThai's, MacHebrew's ...). */
function longCharactersLine(name: string, t: PerlTable): string | undefined {
  const long = t.single.flatMap((c, b) => (c !== null && c.length > 1 ? [`${b.toString(16)}=${c}`] : []));
  return long.length === 0 ? undefined : `  ${quote(name)}: ${quote(long.join('\u0001'))},`;
}

function multiByteLines(name: string, base: string, t: PerlTable): string[] {
  const single = t.single.map((c) => (c === null ? '\uffff' : c === '' ? '\ufffe' : c));
  if (single.some((c) => c.length !== 1)) throw new Error(`${name}: a single byte decodes to more than one code unit`);
  const overrides: [number, string][] = [];
  const validPairs = new Set<number>();
  for (const [k, v] of Object.entries(t.pairs ?? {})) {
    const key = Number(k);
    if (key < 0x8000) throw new Error(`${name}: a lead byte below 0x80`);
    validPairs.add(key - 0x8000);
    if (baseSequence(base, key, 2) !== v) overrides.push([key, v]);
  }
  const validTriples = new Map<number, Set<number>>((t.prefixes ?? []).map((p) => [Number(p), new Set<number>()]));
  for (const [k, v] of Object.entries(t.triples ?? {})) {
    const key = Number(k);
    const prefix = key >> 8;
    if (!validTriples.has(prefix)) validTriples.set(prefix, new Set());
    validTriples.get(prefix)!.add(key & 255);
    if (baseSequence(base, key, 3) !== v) overrides.push([key, v]);
  }
  const triples = [...validTriples].sort((a, b) => a[0] - b[0]).map(([p, s]) => `${p.toString(16)}:${runLengths(s, 256)}`);
  return [
    `  ${quote(name)}: {`,
    `    base: ${quote(base)},`,
    `    single: ${quote(byteRow(single))},`,
    `    pairs: ${quote(runLengths(validPairs, 0x8000))},`,
    `    triples: ${quote(triples.join(';'))},`,
    `    overrides: ${quote(packOverrides(overrides))},`,
    '  },',
  ];
}

function main(): void {
  const tables = JSON.parse(execFileSync('perl', ['-e', PERL], { maxBuffer: 1 << 28, encoding: 'utf8' })) as Record<string, PerlTable>;
  const singles: string[] = [];
  const longs: string[] = [];
  const multis: string[] = [];
  for (const name of Object.keys(tables).sort()) {
    if (SKIPPED.test(name)) continue;
    const t = tables[name]!;
    const base = MULTI_BYTE_BASES[name];
    if (base) multis.push(...multiByteLines(name, base, t));
    else if (!t.pairs) {
      singles.push(singleByteLine(name, t));
      const long = longCharactersLine(name, t);
      if (long) longs.push(long);
    }
  }
  const out = [
    '/**',
    ' * Generated by test/tools/gen-encode-tables.ts from Perl Encode: do not edit.',
    ' * SINGLE_BYTE: every byte\'s character (\\uffff: Encode rejects the byte), or',
    ' * only those of bytes 0x80-0xff (128 characters) when the rest are ASCII;',
    ' * \\ufffc: the byte\'s characters are in SINGLE_BYTE_LONG (hex=characters).',
    ' * MULTI_BYTE: per encoding, `single` for bytes alone (\\ufffe: a lead byte),',
    ' * the pairs and triples Encode accepts as alternating run lengths in base 36',
    ' * (pairs indexed from lead 0x80; triples per two-byte prefix), and the',
    ' * sequences whose characters differ from the `base` table (iconv-lite, or',
    ' * `whatwg:` for Node\'s TextDecoder) as hex=characters, or hex+count=first',
    ' * for a run of consecutive code units; separated by \\u0001.',
    ' */',
    'export const SINGLE_BYTE: Readonly<Record<string, string>> = {',
    ...singles,
    '};',
    '',
    'export const SINGLE_BYTE_LONG: Readonly<Record<string, string>> = {',
    ...longs,
    '};',
    '',
    'export interface MultiByteTable {',
    '  base: string;',
    '  single: string;',
    '  pairs: string;',
    '  triples: string;',
    '  overrides: string;',
    '}',
    '',
    'export const MULTI_BYTE: Readonly<Record<string, MultiByteTable>> = {',
    ...multis,
    '};',
    '',
  ];
  writeFileSync(new URL('../../../src/engine/message/charsets/encode-tables.ts', import.meta.url), out.join('\n'));
}

main();
