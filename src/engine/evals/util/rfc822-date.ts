/**
 * Util::parse_rfc822_date: SpamAssassin's forgiving date parser. Returns
 * seconds since the epoch, or undefined when no day-month-year is found.
 * Out-of-range fields are clamped the way SpamAssassin clamps them, and
 * years are forced into 1970..2037.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const TZ: Record<string, string> = {
  UT: '+0000', UTC: '+0000', NDT: '-0230', AST: '-0400', ADT: '-0300', NST: '-0330', EST: '-0500',
  EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
  HST: '-1000', AKST: '-0900', AKDT: '-0800', HADT: '-0900', HAST: '-1000', GMT: '+0000', BST: '+0100',
  IST: '+0100', WET: '+0000', WEST: '+0100', CET: '+0100', CEST: '+0200', EET: '+0200', EEST: '+0300',
  MSK: '+0300', MSD: '+0400', MET: '+0100', MEZ: '+0100', MEST: '+0200', MESZ: '+0200', BRST: '-0200',
  BRT: '-0300', AEST: '+1000', AEDT: '+1100', ACST: '+0930', ACDT: '+1030', AWST: '+0800', NZST: '+1200',
  NZDT: '+1300', JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800', PHT: '+0800', IDT: '+0300',
};

const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY_FIRST = new RegExp(` (\\d+) ${MON} (\\d{4}) `, 'i');
const MONTH_FIRST = new RegExp(` ${MON} +(\\d+) \\d+:\\d+:\\d+ (\\d{4}) `, 'i');
const SHORT_YEAR = new RegExp(` (\\d+) ${MON} (\\d{2,3}) `, 'i');

interface DayMonthYear { dd: number; mon: string; yyyy: string; rest: string }

function findDayMonthYear(s: string): DayMonthYear | undefined {
  const take = (re: RegExp, order: [number, number, number]): DayMonthYear | undefined => {
    const m = re.exec(s);
    if (!m) return undefined;
    const rest = s.slice(0, m.index) + ' ' + s.slice(m.index + m[0].length);
    return { dd: Number(m[order[0]]), mon: (m[order[1]] ?? '').toLowerCase(), yyyy: m[order[2]] ?? '', rest };
  };
  return take(DAY_FIRST, [1, 2, 3]) ?? take(MONTH_FIRST, [2, 1, 3]) ?? take(SHORT_YEAR, [1, 2, 3]);
}

function fullYear(yyyy: string): number {
  const n = Number(yyyy);
  if (yyyy.length === 2 && n < 50) return n + 2000;
  if (yyyy.length !== 4) return n + 1900;
  return n;
}

function zoneOffset(rest: string): string {
  const numeric = / ([-+]\d{4}) /.exec(rest);
  if (numeric) return numeric[1] ?? '-0000';
  const named = /\b([A-Z]{2,4}(?:-DST)?)\b/.exec(rest);
  if (named && TZ[named[1] ?? ''] !== undefined) return TZ[named[1] ?? ''] as string;
  return '-0000';
}

function daysInMonth(month: number, year: number): number {
  if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return 31;
}

export function parseRfc822Date(date: string): number | undefined {
  const s = ` ${date} `.replace(/, */g, ' ').replace(/\s+/g, ' ');
  const found = findDayMonthYear(s);
  if (!found) return undefined;
  let rest = found.rest;
  let yyyy = fullYear(found.yyyy);
  let hh = 0, mm = 0, ss = 0;
  const time = / (\d?\d):(\d\d)(:(\d\d))? /.exec(rest);
  if (time) {
    hh = Number(time[1]); mm = Number(time[2]); ss = Number(time[4] ?? 0);
    rest = rest.slice(0, time.index) + ' ' + rest.slice(time.index + time[0].length);
  }
  const tz = zoneOffset(rest);
  let month = MONTHS[found.mon] ?? 0;
  let dd = found.dd;
  ss = Math.min(ss, 59); mm = Math.min(mm, 59); hh = Math.min(hh, 23);
  if (dd > daysInMonth(month, yyyy)) {
    dd = 1; month++;
    if (month > 12) { month = 1; yyyy++; }
  }
  yyyy = Math.min(Math.max(yyyy, 1970), 2037);
  // timegm croaks on day 0 or month 0; SpamAssassin then gives up on the date.
  if (dd < 1 || month < 1) return undefined;
  let t = Date.UTC(yyyy, month - 1, dd, hh, mm, ss) / 1000;
  const z = /([-+])(\d\d)(\d\d)$/.exec(tz);
  if (z) {
    const off = (Number(z[2]) * 60 + Number(z[3])) * 60;
    if (z[1] === '-') t += off;
    else t = t < off ? 0 : t - off;
  }
  return t;
}
