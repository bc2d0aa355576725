/**
 * Charset decoding against the installed Perl Encode and SpamAssassin 4.0.1,
 * on seeded inputs decided at test time:
 *
 *  - which encoding a label names: Encode::find_encoding against
 *    perlEncodingName, for Encode's own names, the labels mail carries and
 *    spelling variants of them;
 *  - every encoding Spamward decodes, strictly (FB_CROAK, as SpamAssassin
 *    first tries a declared charset) and leniently (as for encoded words),
 *    on every byte alone and on random byte strings;
 *  - SpamAssassin's own Node::_normalize (what a text part or an encoded word
 *    becomes: UTF-8 first, the declared charset, the Windows-1252 guess)
 *    against normalizeCharset, on text encoded in the charsets mail uses,
 *    with and without damage.
 *
 * One perl process answers each part. Fails (never skips) without perl and
 * SpamAssassin.
 */
import assert from 'node:assert/strict';
import { Buffer, isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { normalizeCharset } from '../../src/engine/message/charset.js';
import { perlEncodingName, type PerlEncoding } from '../../src/engine/message/charsets/encode-names.js';
import { perlDecoder } from '../../src/engine/message/charsets/perl-decoders.js';
import { seededRandom } from '../../src/util/seeded-random.js';

const INSTALL_HINT = 'apt-get install -y spamassassin';

/** Runs `script` with one hex-encoded request per input line; one answer line each. */
function perl(script: string, lines: string[]): string[] {
  const run = spawnSync('perl', ['-e', script], { input: `${lines.join('\n')}\n`, maxBuffer: 1 << 30, encoding: 'latin1' });
  if (run.error || run.status !== 0) throw new Error(`perl failed (${INSTALL_HINT}): ${run.error?.message ?? run.stderr}`);
  const out = run.stdout.split('\n');
  out.pop();
  assert.equal(out.length, lines.length, 'one perl answer per request');
  return out;
}

const hex = (s: string, encoding: BufferEncoding): string => Buffer.from(s, encoding).toString('hex');

const LABELS_SCRIPT = String.raw`
use strict; use Encode;
while (my $l = <STDIN>) { chomp $l; my $e = Encode::find_encoding(pack('H*', $l)); print $e ? $e->name : '-', "\n"; }
`;

/** Labels seen in mail, and the other spellings Encode::Alias exists for. */
const MAIL_LABELS = [
  'utf-8', 'UTF8', 'utf_8', 'us-ascii', 'ascii', 'ANSI_X3.4-1968', 'iso-8859-1', 'ISO8859-1', 'iso_8859-1', 'latin1', 'l1',
  'iso-8859-2', 'latin2', 'iso-8859-5', 'iso-8859-7', 'iso-8859-8-i', 'iso-8859-9', 'latin5', 'iso-8859-11', 'tis-620', 'TIS620',
  'iso-8859-15', 'latin9', 'latin0', 'windows-1250', 'windows-1251', 'win-1251', 'x-cp1251', 'cp-1251', 'WINDOWS-1252', 'windows-874',
  'windows-1258', 'winlatin2', 'wincyrillic', 'koi8-r', 'KOI8R', 'koi8_u', 'koi8', 'koi8-ru', 'ibm866', 'cp866', 'ms932', 'cp437',
  'gb2312', 'GB_2312-80', 'x-gbk', 'gbk', 'GBK', 'gb18030', 'chinese', 'csgb2312', 'hz-gb-2312', 'big5', 'Big5-HKSCS', 'x-big5', 'cp950',
  'shift_jis', 'shift-jis', 'sjis', 'x-sjis', 'windows-31j', 'csshiftjis', 'euc-jp', 'x-euc-jp', 'eucjp', 'ujis', 'iso-2022-jp',
  'csISO2022JP', 'jis', 'iso-2022-jp-2', 'euc-kr', 'ks_c_5601-1987', 'ks_c_5601', 'korean', 'x-windows-949', 'uhc', 'iso-2022-kr',
  'utf-16', 'UTF-16LE', 'utf16be', 'ucs-2', 'UCS2', 'unicode', 'utf-32', 'ucs-4', 'utf-7', 'unicode-1-1-utf-7', 'macintosh',
  'x-mac-roman', 'x-mac-cyrillic', 'MacRoman', 'mac-ce', 'macce', 'hp-roman8', 'roman8', 'viscii', 'binary', '8bit', 'unknown-8bit',
  'default', 'x-unknown', 'us', 'C', 'iso-ir-100', 'csisolatin2', 'cp65001', 'iso-8859-1@euro', 'iso 8859-2', 'ISO_8859-5:1988',
];

/** Each label as written, upper- and lower-cased, with its separators changed, and with an `x-` in front. */
function labelVariants(label: string): string[] {
  return [label, label.toUpperCase(), label.toLowerCase(), label.replace(/-/g, '_'), label.replace(/-/g, ' '), label.replace(/-/g, ''), `x-${label}`];
}

test('charset labels name the encoding Encode::find_encoding finds', () => {
  const canonical = spawnSync('perl', ['-MEncode', '-e', 'print join("\\n", Encode->encodings(":all"))'], { encoding: 'latin1' }).stdout.split('\n');
  assert.ok(canonical.length > 100, 'Encode lists its encodings');
  const labels = [...new Set([...canonical, ...MAIL_LABELS].flatMap(labelVariants))];
  const theirs = perl(LABELS_SCRIPT, labels.map((l) => hex(l, 'latin1')));
  const diffs = labels.flatMap((l, i) => ((perlEncodingName(l) ?? '-') === theirs[i] ? [] : [`${JSON.stringify(l)}: perl ${theirs[i]}, ours ${perlEncodingName(l) ?? '-'}`]));
  assert.deepEqual(diffs, [], `${diffs.length} of ${labels.length} labels resolve differently`);
});

const DECODE_SCRIPT = String.raw`
use strict; use Encode;
my %enc;
sub answer { my ($e, $octets, $check) = @_; my $rv; return eval { $rv = $e->decode($octets, $check); defined $rv } ? unpack('H*', Encode::encode_utf8($rv)) : 'croak'; }
while (my $l = <STDIN>) {
  chomp $l; my ($name, $h) = split /\t/, $l;
  my $e = $enc{$name} //= Encode::find_encoding($name);
  my $octets = pack('H*', $h // '');
  print answer($e, $octets, Encode::FB_CROAK | Encode::LEAVE_SRC), "\t", answer($e, $octets, Encode::LEAVE_SRC), "\n";
}
`;

/** Random byte strings: ASCII, 8-bit runs (which make the multi-byte sequences) and a few controls. */
function randomOctets(rnd: () => number, count: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const len = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < len; i++) {
      const r = rnd();
      s += String.fromCharCode(r < 0.35 ? 0x20 + Math.floor(rnd() * 0x5f) : r < 0.92 ? 0x80 + Math.floor(rnd() * 0x80) : Math.floor(rnd() * 0x20));
    }
    out.push(s);
  }
  return out;
}

/** The encodings Spamward decodes, by Encode's names. */
function decodedEncodings(): PerlEncoding[] {
  const all = spawnSync('perl', ['-MEncode', '-e', 'print join("\\n", Encode->encodings(":all"))'], { encoding: 'latin1' }).stdout.split('\n');
  // Encode's lax internal `utf8` is left out: the labels naming it (utf8, UTF8) are UTF-8 to SpamAssassin before any lookup.
  return all.map((n) => perlEncodingName(n)).filter((n): n is PerlEncoding => n !== undefined && n !== 'utf8' && perlDecoder(n) !== undefined);
}

// Encode's lenient UTF-8 (only encoded words declared UTF-8 are decoded
// that way) counts the U+FFFD of malformed input its own way: after a stray
// continuation byte it sometimes swallows what follows, even a valid
// character (\x9c\xd5\xa4\xa7 is one U+FFFD), in a way its documented
// rules do not explain. Spamward writes one U+FFFD per maximal malformed
// sequence. Strict decoding, which decides how SpamAssassin reads a part,
// agrees everywhere; lenient decoding of valid UTF-8 is compared too.
const malformedUtf8 = (octets: string): boolean => !isUtf8(Buffer.from(octets, 'latin1'));

test('every encoding decodes bytes as Encode does, strictly and leniently', () => {
  const rnd = seededRandom(0xc4a5e7);
  const encodings = decodedEncodings();
  assert.ok(encodings.length > 90, `Spamward decodes ${encodings.length} of Encode's encodings`);
  const cases: [PerlEncoding, string][] = [];
  for (const name of encodings) {
    for (let b = 0; b < 256; b++) cases.push([name, `${String.fromCharCode(b)}A`]);
    for (const s of randomOctets(rnd, 200)) cases.push([name, s]);
  }
  const theirs = perl(DECODE_SCRIPT, cases.map(([n, s]) => `${n}\t${hex(s, 'latin1')}`));
  const diffs: string[] = [];
  cases.forEach(([name, octets], i) => {
    const dec = perlDecoder(name)!;
    const mine = (mode: 'croak' | 'fffd'): string => {
      const r = dec(octets, mode);
      return r === undefined ? 'croak' : hex(r, 'utf8');
    };
    const [strict, lenient] = theirs[i]!.split('\t');
    if (mine('croak') !== strict) diffs.push(`${name} strict ${hex(octets, 'latin1')}: perl ${strict}, ours ${mine('croak')}`);
    const corner = name === 'utf-8-strict' && malformedUtf8(octets);
    if (!corner && mine('fffd') !== lenient) diffs.push(`${name} lenient ${hex(octets, 'latin1')}: perl ${lenient}, ours ${mine('fffd')}`);
  });
  assert.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${cases.length} decodes differ`);
});

const NORMALIZE_SCRIPT = String.raw`
use strict; use Encode;
use Mail::SpamAssassin::Message::Node;
while (my $l = <STDIN>) {
  chomp $l; my ($charset, $h, $insist, $decoded) = split /\t/, $l;
  my $octets = pack('H*', $h // '');
  my $r = Mail::SpamAssassin::Message::Node::_normalize($octets, pack('H*', $charset), $decoded, $insist);
  print utf8::is_utf8($r) ? 'chars ' . unpack('H*', Encode::encode_utf8($r)) : 'octets ' . unpack('H*', $r), "\n";
}
`;

/** Text in the scripts mail carries, encoded in each charset that writes it. */
const SAMPLES: [string, string[]][] = [
  ['Привет, мир! Скидки до 90%', ['koi8-r', 'windows-1251', 'iso-8859-5', 'cp866', 'utf-8']],
  ['Grüße, café, naïve — “quotes” €5', ['iso-8859-1', 'windows-1252', 'iso-8859-15', 'utf-8']],
  ['特价优惠，立即购买！发票', ['gb2312', 'gbk', 'big5', 'utf-8']],
  ['こんにちは、カタカナ　ﾊﾝｶｸ', ['shift_jis', 'euc-jp', 'iso-2022-jp', 'utf-8']],
  ['안녕하세요 대출 상담', ['euc-kr', 'utf-8']],
  ['Ελληνικά και Türkçe ğış', ['iso-8859-7', 'windows-1253', 'iso-8859-9', 'windows-1254']],
  ['ราคาพิเศษ', ['tis-620', 'windows-874']],
  ['Free money for you', ['utf-16be', 'utf-16le']],
];

/** Declared labels for the same bytes: right, wrong, unknown, odd spellings. */
const DECLARED = ['utf-8', 'us-ascii', 'iso-8859-1', 'windows-1252', 'koi8-r', 'windows-1251', 'gb2312', 'gbk', 'gb18030', 'big5', 'shift_jis',
  'euc-jp', 'iso-2022-jp', 'euc-kr', 'ks_c_5601-1987', 'utf-16', 'iso-8859-7', 'tis-620', 'x-unknown', 'csISO2022JP', 'unicode', 'latin2'];

/** ISO-2022-JP from EUC-JP (iconv-lite cannot write it): runs of JIS X 0208 pairs and of half-width kana, each behind its escape. */
function eucToIso2022Jp(euc: string): string {
  return euc
    .replace(/(?:[\xa1-\xfe][\xa1-\xfe])+/g, (run) => `\x1b$B${run.replace(/[\s\S]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0x7f))}\x1b(B`)
    .replace(/(?:\x8e[\xa1-\xdf])+/g, (run) => `\x1b(I${run.replace(/\x8e([\s\S])/g, (_m, c: string) => String.fromCharCode(c.charCodeAt(0) & 0x7f))}\x1b(B`);
}

const encodeText = (text: string, charset: string): string =>
  charset === 'iso-2022-jp' ? eucToIso2022Jp(iconv.encode(text, 'euc-jp').toString('latin1')) : iconv.encode(text, charset).toString('latin1');

test('charset normalisation gives what SpamAssassin\'s Node::_normalize gives', () => {
  const rnd = seededRandom(0x6e0a11);
  const texts: string[] = [];
  for (const [text, charsets] of SAMPLES) {
    for (const cs of charsets) {
      const octets = encodeText(text, cs);
      texts.push(octets);
      // The same text damaged: a byte dropped, a byte flipped, cut in the middle of a character.
      const at = Math.floor(rnd() * octets.length);
      texts.push(octets.slice(0, at) + octets.slice(at + 1));
      texts.push(octets.slice(0, at) + String.fromCharCode(octets.charCodeAt(at) ^ 0x40) + octets.slice(at + 1));
      texts.push(octets.slice(0, Math.max(1, at)));
    }
  }
  texts.push(...randomOctets(rnd, 150), 'plain ascii', '');
  // SpamAssassin asks for characters (text parts) or for UTF-8 octets (header text: raw, and encoded words with insist).
  const cases: [string, string, boolean, boolean][] = [];
  for (const t of texts) for (const cs of DECLARED) for (const [insist, forOctets] of [[false, false], [true, false], [true, true], [false, true]] as const) cases.push([cs, t, insist, forOctets]);
  const theirs = perl(NORMALIZE_SCRIPT, cases.map(([cs, t, insist, forOctets]) => `${hex(cs, 'latin1')}\t${hex(t, 'latin1')}\t${insist ? 1 : 0}\t${forOctets ? 0 : 1}`));
  const diffs: string[] = [];
  cases.forEach(([cs, t, insist, forOctets], i) => {
    const r = normalizeCharset(t, cs, insist, forOctets);
    const mine = forOctets ? `octets ${r.chars ? hex(r.text, 'utf8') : hex(r.text, 'latin1')}` : r.chars ? `chars ${hex(r.text, 'utf8')}` : `octets ${hex(r.text, 'latin1')}`;
    const corner = insist && /^utf-?8$/i.test(cs) && malformedUtf8(t);
    if (!corner && mine !== theirs[i]) diffs.push(`${cs}${insist ? ' insist' : ''}${forOctets ? ' octets' : ''} ${hex(t, 'latin1')}: perl ${theirs[i]}, ours ${mine}`);
  });
  assert.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${cases.length} normalisations differ`);
});
