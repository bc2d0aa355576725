/**
 * ok_locales handling (Locales.pm): which charsets are acceptable for the
 * configured locales. "all" (the default) accepts everything.
 */

const CHARSETS_FOR_LOCALE: Record<string, string> = {
  ja: 'EUCJP JISX020119760 JISX020819830 JISX020819900 JISX020819970 JISX021219900 JISX021320001 ' +
    'JISX021320002 SHIFT_JIS SHIFTJIS ISO2022JP SJIS JIS7 JISX0201 JISX0208 JISX0212',
  ko: 'EUCKR KSC56011987',
  ru: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  ka: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  tg: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  be: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  uk: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  bg: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  th: 'TIS620',
  zh: 'GB1988 GB2312 GB231219800 GB18030 GBK BIG5HKSCS BIG5 EUCTW ISO2022CN',
};

const ALWAYS_OK = /^(?:USASCII|ASCII|ISO8859.*|ISO10646.*|UTF.*|UCS.*|CP125.*|WINDOWS.*|IBM852|UNICODE11UTF[78].*|XUNKNOWN|ISO)$/;

/**
 * The locales list: ok_locales split on whitespace. SpamAssassin also adds
 * the process's LANG-like variable; a daemon's environment is not a
 * per-message fact, so Spamward takes the configured value only.
 */
export function myLocales(okLocales: string): string[] {
  return okLocales.split(/\s+/).filter((l) => l !== '');
}

export function localesAcceptAll(locales: readonly string[]): boolean {
  return locales.includes('all');
}

export function isCharsetOkForLocales(charset: string, locales: readonly string[]): boolean {
  let cs = charset.toUpperCase().replace(/[^A-Z0-9]/g, '');
  cs = cs.replace(/^3D/, '');
  if (ALWAYS_OK.test(cs)) return true;
  for (const raw of locales) {
    const locale = (raw === 'C' ? 'en' : raw).replace(/^([a-z][a-z]).*$/s, '$1');
    const ok = CHARSETS_FOR_LOCALE[locale];
    if (ok !== undefined && ` ${ok} `.includes(` ${cs} `)) return true;
  }
  return false;
}
