/**
 * Charset names as Perl's Encode resolves them (Encode::Alias), for the
 * cases where the WHATWG labels Node knows differ: `GB2312_CHARSET` is
 * EUC-CN to Encode, `ks_c_5601-1987` is CP949, `iso_8859_15` is ISO-8859-15.
 * The result is a label TextDecoder accepts, plus whether Encode's stricter
 * EUC-CN (GB2312 proper, not GBK) applies.
 */
export interface ResolvedCharset {
  label: string;
  /** Encode's euc-cn only accepts GB2312 byte pairs; WHATWG decodes it as GBK. */
  gb2312Only: boolean;
}

const RULES: [RegExp, string][] = [
  [/\bGB[-_ ]?2312(?!-?raw)/i, 'euc-cn'],
  [/\beuc.*cn$/i, 'euc-cn'],
  [/\bcn.*euc$/i, 'euc-cn'],
  [/^gbk$/i, 'gbk'],
  [/\beuc.*jp$/i, 'euc-jp'],
  [/\bjp.*euc$/i, 'euc-jp'],
  [/\bujis$/i, 'euc-jp'],
  [/\bshift.*jis$/i, 'shift_jis'],
  [/\bsjis$/i, 'shift_jis'],
  [/\bwindows-31j$/i, 'shift_jis'],
  [/\beuc.*kr$/i, 'euc-kr'],
  [/\bkr.*euc$/i, 'euc-kr'],
  [/(?:x-)?uhc$/i, 'euc-kr'],
  [/(?:x-)?windows-949$/i, 'euc-kr'],
  [/\bks_c_5601-1987$/i, 'euc-kr'],
  [/\bbig-?5$/i, 'big5'],
  [/\bbig5-?et(?:en)?$/i, 'big5'],
  [/\btca[-_]?big5$/i, 'big5'],
  [/\bbig5-?hk(?:scs)?$/i, 'big5'],
];

/** Map a declared charset to a decoder label the way Encode's aliases would. */
export function resolveCharset(name: string): ResolvedCharset {
  for (const [re, label] of RULES) {
    if (re.test(name)) return { label: label === 'euc-cn' ? 'gbk' : label, gb2312Only: label === 'euc-cn' };
  }
  let m = /\bkoi8[\s_-]*([ru])$/i.exec(name);
  if (m) return { label: `koi8-${m[1]!.toLowerCase()}`, gb2312Only: false };
  m = /\biso[-_]?(\d+)[-_](\d+)$/i.exec(name) ?? /\biso8859()(\d+)$/i.exec(name);
  if (m) return { label: `iso-${m[1] || '8859'}-${m[2]}`, gb2312Only: false };
  // Encode's last rule: "name_part" and "name part" become "name-part".
  m = /^([^\s_]+)[\s_]+([^\s_]*)$/.exec(name);
  return { label: m ? `${m[1]}-${m[2]}` : name, gb2312Only: false };
}

/** Whether every 8-bit byte pair lies in GB2312's EUC range (lead A1–F7, trail A1–FE). */
export function isGb2312Bytes(octets: string): boolean {
  for (let i = 0; i < octets.length; i++) {
    const c = octets.charCodeAt(i);
    if (c < 0x80) continue;
    const t = octets.charCodeAt(i + 1);
    if (c < 0xa1 || c > 0xf7 || !(t >= 0xa1 && t <= 0xfe)) return false;
    i++;
  }
  return true;
}
