/**
 * Output-header settings: add_header / remove_header / clear_headers,
 * rewrite_header, report_safe and the report templates.
 */
import { invalidValue, missingValue, type DirectiveHandler } from './directive-types.js';
import type { ParseState } from './parse-state.js';
import type { HeaderTemplate } from './types.js';
import { unquoteTemplate } from './values.js';

/**
 * add_header escapes: `\\` is a literal backslash, `\t` and `\n` are tab and
 * newline, and any other backslash escape is deleted (with its character,
 * unless that is a newline: SA's `.` stops there, so a trailing backslash
 * survives).
 */
export function unescapeHeaderText(text: string): string {
  return text
    .split('\\\\')
    .map((piece) => piece.replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\\[^\n]/g, ''))
    .join('\\');
}

function replaceHeader(list: HeaderTemplate[], entry: HeaderTemplate): HeaderTemplate[] {
  const lower = entry.name.toLowerCase();
  return [...list.filter((h) => h.name.toLowerCase() !== lower), entry];
}

function forTargets(st: ParseState, type: string, fn: (list: HeaderTemplate[]) => HeaderTemplate[]): void {
  if (type === 'ham' || type === 'all') st.config.headersHam = fn(st.config.headersHam);
  if (type === 'spam' || type === 'all') st.config.headersSpam = fn(st.config.headersSpam);
}

export const addHeader: DirectiveHandler = (st, value, key) => {
  const m = /^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s+([\s\S]*?)\s*$/.exec(value);
  if (m === null) return invalidValue(key);
  let text = m[3] as string;
  const quoted = /^"([\s\S]*)"$/.exec(text);
  if (quoted !== null) text = quoted[1] as string;
  // A trailing lone backslash is an escape of the (dummy) end, as in SA.
  const template = unescapeHeaderText(`${text}\n`).slice(0, -1);
  const entry: HeaderTemplate = { name: m[2] as string, template };
  forTargets(st, m[1] as string, (list) => replaceHeader(list, entry));
  return undefined;
};

export const removeHeader: DirectiveHandler = (st, value, key) => {
  const m = /^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s*$/.exec(value);
  if (m === null) return invalidValue(key);
  const name = m[2] as string;
  // Checker-Version is SpamAssassin's signature and cannot be removed (exact case, as SA compares).
  if (name === 'Checker-Version') return undefined;
  const lower = name.toLowerCase();
  forTargets(st, m[1] as string, (list) => list.filter((h) => h.name.toLowerCase() !== lower));
  return undefined;
};

export const clearHeaders: DirectiveHandler = (st, value, key) => {
  if (value !== '') return invalidValue(key);
  const checker = st.config.headersHam.find((h) => h.name.toLowerCase() === 'checker-version');
  st.config.headersHam = checker === undefined ? [] : [checker];
  st.config.headersSpam = checker === undefined ? [] : [checker];
  return undefined;
};

/** report_safe 0|1|2; turning it off adds the `Report` header for spam (unless one exists). */
export const reportSafe: DirectiveHandler = (st, value, key) => {
  if (value === '') return missingValue(key);
  if (!/^[012]$/.test(value)) return invalidValue(key);
  st.config.reportSafe = Number(value) as 0 | 1 | 2;
  if (st.config.reportSafe === 0 && !st.config.headersSpam.some((h) => h.name.toLowerCase() === 'report')) {
    st.config.headersSpam = [...st.config.headersSpam, { name: 'Report', template: '_REPORT_' }];
  }
  return undefined;
};

/** rewrite_header Subject|From|To STRING; an empty STRING removes it; From/To get [] for (). */
export const rewriteHeader: DirectiveHandler = (st, value, key) => {
  const m = /^(\S*)(?:\s+([\s\S]*))?$/.exec(value);
  const raw = m?.[1] ?? '';
  if (raw === '') return missingValue(key);
  const hdr = raw.charAt(0).toUpperCase() + raw.slice(1).toLowerCase();
  if (hdr !== 'From' && hdr !== 'Subject' && hdr !== 'To') {
    return `${invalidValue(key)}: rewrite_header: ignoring ${hdr}, not From, Subject, or To`;
  }
  const text = m?.[2];
  if (text === undefined || !/\S/.test(text)) {
    st.mut('rewriteHeader').delete(hdr);
    return undefined;
  }
  st.mut('rewriteHeader').set(hdr, hdr === 'Subject' ? text : text.replace(/\(/g, '[').replace(/\)/g, ']'));
  return undefined;
};

type TemplateField = 'reportTemplate' | 'unsafeReportTemplate';

export function appendTemplate(field: TemplateField): DirectiveHandler {
  return (st, value) => {
    st.config[field] += `${unquoteTemplate(value)}\n`;
    return undefined;
  };
}

export function clearTemplate(field: TemplateField): DirectiveHandler {
  return (st, value, key) => {
    if (value !== '') return invalidValue(key);
    st.config[field] = '';
    return undefined;
  };
}
