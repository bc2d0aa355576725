/**
 * The per-rule lines of the report (`_SUMMARY_`) and of the terse header
 * report (`_REPORT_`), built once per scan from the scored hits in hit order.
 */
import { summaryScore } from './score-text.js';
import { wrap } from './wrap.js';

export interface SummaryHit {
  name: string;
  score: number;
  area: string;
  description: string;
}

export function buildSummary(hits: readonly SummaryHit[], wrapWidth: number): { summary: string; report: string } {
  let summary = '';
  let report = '';
  for (const hit of hits) {
    const score = summaryScore(hit.score);
    const long = wrapDescription(hit.description, 3 + hit.name.length + score.length + hit.area.length, ' '.repeat(28), wrapWidth);
    const terse = wrapDescription(hit.description, 4 + hit.name.length + score.length + hit.area.length, '*      ', wrapWidth);
    summary += `${score} ${hit.name.padEnd(22, ' ')} ${hit.area}${long}\n`;
    report += `* ${score} ${hit.name} ${hit.area}${terse}\n`;
  }
  return { summary, report };
}

function wrapDescription(desc: string, firstLineLength: number, prefix: string, width: number): string {
  return wrap(desc, { prefix, first: ' '.repeat(firstLineLength), length: width }).replace(/^\s+/, '');
}

/** `_PREVIEW_`: the first lines of the rendered body, tidied and wrapped at 75 columns. */
export function contentPreview(body: readonly string[]): string {
  const lines = body.slice(1);
  let str = '';
  let numLines = 3;
  while (str.length < 200 && lines.length > 0 && numLines-- > 0) str += lines.shift();
  str = str.replace(/^([^\n]{200})[^\n]+$/gm, '$1 [...]');
  str = `${str.replace(/\n$/, '')}\n`;
  str = str.replace(/-----Original Message-----[^\n]*$/gm, '');
  str = str.replace(/This is a multi-part message in MIME format\./g, '');
  str = str.replace(/[-_*.]{10,}/g, '');
  str = str.replace(/[\t\n\x0B\f\r ]+/g, ' ');
  str = wrap(str, { prefix: '  ', first: 'Content preview:  ', length: 75, overflow: true });
  return str.replace(/^Content preview:\s+/g, '');
}
