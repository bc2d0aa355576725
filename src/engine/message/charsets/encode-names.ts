/**
 * Which of Perl Encode's encodings a charset label names, the way
 * `Encode::find_encoding` answers SpamAssassin (Encode 3.x with its stock
 * modules, no Encode::HanExtra): white space removed, an exact or
 * lower-cased canonical name, a case-insensitive canonical name, then
 * Encode::Alias's rules, newest rule first, each result looked up again.
 * A label no rule leads to names nothing, and SpamAssassin then guesses
 * (charset.ts): Spamward must not decode what Perl cannot.
 */

/** The canonical names Encode knows (`Encode->encodings(":all")`). */
const ENCODINGS = [
  '7bit-jis', 'AdobeStandardEncoding', 'AdobeSymbol', 'AdobeZdingbat', 'ascii', 'ascii-ctrl', 'big5-eten', 'big5-hkscs',
  'cp1006', 'cp1026', 'cp1047', 'cp1250', 'cp1251', 'cp1252', 'cp1253', 'cp1254', 'cp1255', 'cp1256', 'cp1257', 'cp1258',
  'cp37', 'cp424', 'cp437', 'cp500', 'cp737', 'cp775', 'cp850', 'cp852', 'cp855', 'cp856', 'cp857', 'cp858', 'cp860',
  'cp861', 'cp862', 'cp863', 'cp864', 'cp865', 'cp866', 'cp869', 'cp874', 'cp875', 'cp932', 'cp936', 'cp949', 'cp950',
  'dingbats', 'euc-cn', 'euc-jp', 'euc-kr', 'gb12345-raw', 'gb2312-raw', 'gsm0338', 'hp-roman8', 'hz', 'iso-2022-jp',
  'iso-2022-jp-1', 'iso-2022-kr', 'iso-8859-1', 'iso-8859-10', 'iso-8859-11', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15',
  'iso-8859-16', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8',
  'iso-8859-9', 'iso-ir-165', 'jis0201-raw', 'jis0208-raw', 'jis0212-raw', 'johab', 'koi8-f', 'koi8-r', 'koi8-u',
  'ksc5601-raw', 'MacArabic', 'MacCentralEurRoman', 'MacChineseSimp', 'MacChineseTrad', 'MacCroatian', 'MacCyrillic',
  'MacDingbats', 'MacFarsi', 'MacGreek', 'MacHebrew', 'MacIcelandic', 'MacJapanese', 'MacKorean', 'MacRoman',
  'MacRomanian', 'MacRumanian', 'MacSami', 'MacSymbol', 'MacThai', 'MacTurkish', 'MacUkrainian', 'MIME-B', 'MIME-Header',
  'MIME-Header-ISO_2022_JP', 'MIME-Q', 'nextstep', 'null', 'posix-bc', 'shiftjis', 'symbol', 'UCS-2BE', 'UCS-2LE',
  'UTF-16', 'UTF-16BE', 'UTF-16LE', 'UTF-32', 'UTF-32BE', 'UTF-32LE', 'UTF-7', 'utf-8-strict', 'utf8', 'viscii',
] as const;

export type PerlEncoding = (typeof ENCODINGS)[number];

const EXACT = new Set<string>(ENCODINGS);
const BY_LOWER = new Map<string, PerlEncoding>(ENCODINGS.map((n) => [n.toLowerCase(), n]));

/** Encode::Alias's latinN table (latin5 is iso-8859-9 ...). */
const LATIN_TO_ISO = [0, 1, 2, 3, 4, 9, 10, 13, 14, 15, 16];
const WIN_TO_CP: Record<string, number> = {
  latin1: 1252, latin2: 1250, cyrillic: 1251, greek: 1253, turkish: 1254, hebrew: 1255, arabic: 1256, baltic: 1257, vietnamese: 1258,
};

/** One alias rule: a pattern and what it rewrites a matching name to (undefined: the rule gives nothing). */
type AliasRule = [RegExp, (m: RegExpExecArray) => string | undefined];

const to = (name: string) => (): string => name;
const word = (alias: string): RegExp => new RegExp(`^${alias}$`, 'i');

/** Encode::Alias's rules in the order find_alias tries them: the last defined first. */
const RULES: readonly AliasRule[] = [
  [/^([^\s_]+)[\s_]+([^\s_]*)$/i, (m) => `${m[1]}-${m[2]}`],
  [/\bUTF-8$/i, to('utf-8-strict')],
  [/cp65001/i, to('utf-8-strict')],
  [/cp65000/i, to('UTF-7')],
  [/\bhk(?:scs)?[-_]?big5$/i, to('big5-hkscs')],
  [/\bbig5-?hk(?:scs)?$/i, to('big5-hkscs')],
  [/\btca[-_]?big5$/i, to('big5-eten')],
  [/\bbig5-?et(?:en)?$/i, to('big5-eten')],
  [/\bbig-?5$/i, to('big5-eten')],
  [/\bks_c_5601-1987$/i, to('cp949')],
  [/(?:x-)?windows-949$/i, to('cp949')],
  [/(?:x-)?uhc$/i, to('cp949')],
  [/\bkr.*euc$/i, to('euc-kr')],
  [/\beuc.*kr$/i, to('euc-kr')],
  [/\bwindows-31j$/i, to('cp932')],
  [/\bsjis$/i, to('shiftjis')],
  [/\bshift.*jis$/i, to('shiftjis')],
  [/\bujis$/i, to('euc-jp')],
  [/\bjp.*euc$/i, to('euc-jp')],
  [/\beuc.*jp$/i, to('euc-jp')],
  [/\bjis$/i, to('7bit-jis')],
  [/\bGB[-_ ]?2312(?!-?raw)/i, to('euc-cn')],
  [/^gbk$/i, to('cp936')],
  [/\bcn.*euc$/i, to('euc-cn')],
  [/\beuc.*cn$/i, to('euc-cn')],
  [/\bkoi8[\s\-_]*([ru])$/i, (m) => `koi8-${m[1]}`],
  [/^macce$/i, to('MacCentralEurRoman')],
  [/^macintosh$/i, to('MacRoman')],
  [/^(?:x[_-])?mac[_-](.*)$/i, (m) => `mac${m[1]}`],
  [/\b(?:cp|ibm|ms|windows)[-_ ]?(\d{2,4})$/i, (m) => `cp${m[1]}`],
  [/\btis-?620\b/i, to('iso-8859-11')],
  [word('thai'), to('iso-8859-11')],
  [word('hebrew'), to('iso-8859-8')],
  [word('greek'), to('iso-8859-7')],
  [word('arabic'), to('iso-8859-6')],
  [word('cyrillic'), to('iso-8859-5')],
  [word('ascii'), to('US-ascii')],
  [/\bwin(latin[12]|cyrillic|baltic|greek|turkish|hebrew|arabic|baltic|vietnamese)$/i, (m) => `cp${WIN_TO_CP[m[1]!.toLowerCase()]}`],
  [/\b(?:iso[-_]?)?latin[-_]?(\d+)$/i, (m) => {
    const iso = LATIN_TO_ISO[Number(m[1])];
    return iso === undefined ? undefined : `iso-8859-${iso}`;
  }],
  [/^(.+)@euro$/i, (m) => m[1]],
  [/\bANSI[-_]?X3\.4[-_]?1968$/i, to('ascii')],
  [/\b(?:hp-)?(arabic|greek|hebrew|kana|roman|thai|turkish)8$/i, (m) => `${m[1]}8`],
  [/\biso8859(\d+)$/i, (m) => `iso-8859-${m[1]}`],
  [/\biso[-_]?(\d+)[-_](\d+)$/i, (m) => `iso-${m[1]}-${m[2]}`],
  [/\b(?:ISO[-_]?)?646(?:[-_]?US)?$/i, to('ascii')],
  [word('C'), to('ascii')],
  [/^(?:US-?)ascii$/i, to('ascii')],
  [/^UTF-?(16|32)$/i, (m) => `UTF-${m[1]}`],
  [/^UTF-?(16|32)-?LE$/i, (m) => `UTF-${m[1]}LE`],
  [/^UTF-?(16|32)-?BE$/i, (m) => `UTF-${m[1]}BE`],
  [/^iso-10646-1$/i, to('UCS-2BE')],
  [/^UCS-?4-?(BE|LE|)?$/i, (m) => `UTF-32${m[1] ?? ''}`.toUpperCase()],
  [/^UCS-?2-?(BE)?$/i, to('UCS-2BE')],
  [/^UCS-?2-?LE$/i, to('UCS-2LE')],
  [/^(unicode-1-1-)?UTF-?7$/i, to('UTF-7')],
  [/^(.*)$/, (m) => m[1]!.toLowerCase()],
];

const cache = new Map<string, PerlEncoding | null>();

/** The Encode encoding `label` names, or undefined when Encode has none. */
export function perlEncodingName(label: string): PerlEncoding | undefined {
  let hit = cache.get(label);
  if (hit === undefined) {
    hit = lookup(label, new Set()) ?? null;
    if (cache.size < 1024) cache.set(label, hit);
  }
  return hit ?? undefined;
}

/** Encode::getEncoding; `visiting` is find_alias's recursion guard. */
function lookup(label: string, visiting: Set<string>): PerlEncoding | undefined {
  const name = label.replace(/\s+/g, '');
  if (name === '') return undefined;
  if (EXACT.has(name)) return name as PerlEncoding;
  const lower = name.toLowerCase();
  if (EXACT.has(lower)) return lower as PerlEncoding;
  return findAlias(name, visiting) ?? (lower !== name ? findAlias(lower, visiting) : undefined);
}

/** Encode::Alias::find_alias: the first rule whose result names an encoding, else a case-insensitive canonical name. */
function findAlias(name: string, visiting: Set<string>): PerlEncoding | undefined {
  if (visiting.has(name)) return undefined;
  visiting.add(name);
  for (const [re, rewrite] of RULES) {
    const m = re.exec(name);
    if (!m) continue;
    const next = rewrite(m);
    if (next === undefined || next === name) continue;
    const found = lookup(next, visiting);
    if (found) return found;
  }
  return BY_LOWER.get(name.toLowerCase());
}
