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
  /** test_log details, printed in brackets under the rule's line. */
  logs?: readonly string[];
}

export function buildSummary(hits: readonly SummaryHit[], wrapWidth: number): { summary: string; report: string } {
  let summary = '';
  let report = '';
  for (const hit of hits) {
    const score = summaryScore(hit.score);
    const long = wrapDescription(hit.description, 3 + hit.name.length + score.length + hit.area.length, ' '.repeat(28), wrapWidth);
    const terse = wrapDescription(hit.description, 4 + hit.name.length + score.length + hit.area.length, '*      ', wrapWidth);
    const logs = hit.logs ? logLines(hit.logs) : { terse: '', long: '' };
    summary += `${score} ${hit.name.padEnd(22, ' ')} ${hit.area}${long}\n${logs.long}`;
    // As SpamAssassin writes it: only the first detail line of the terse report gets the '*' margin.
    report += `* ${score} ${hit.name} ${hit.area}${terse}\n${logs.terse ? `*      ${logs.terse}` : ''}`;
  }
  return { summary, report };
}

/** A piece of 30-48 characters (Perl's `.`: anything but a newline) up to a Perl whitespace character. */
const LOG_PIECE = /^([^\n]{30,48})[\t\n\x0B\f\r ]/;

/**
 * test_log details as the report shows them: each one cut into pieces of
 * 30-48 characters at whitespace, one bracketed piece a line, indented to
 * the description column (or right-aligned in 78 columns when a piece is
 * longer than 47).
 */
function logLines(logs: readonly string[]): { terse: string; long: string } {
  let terse = '';
  let long = '';
  const add = (piece: string) => {
    terse += `[${piece}]\n`;
    long += piece.length > 47 ? `${`[${piece}]`.padStart(78)}\n` : `${' '.repeat(27)} [${piece}]\n`;
  };
  for (const log of logs) {
    let rest = log;
    for (let m = LOG_PIECE.exec(rest); m; m = LOG_PIECE.exec(rest)) {
      add(m[1] as string);
      rest = rest.slice(m[0].length);
    }
    add(rest);
  }
  return { terse, long };
}

function wrapDescription(desc: string, firstLineLength: number, prefix: string, width: number): string {
  return wrap(desc, { prefix, first: ' '.repeat(firstLineLength), length: width }).replace(/^[\t\n\v\f\r ]+/, '');
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
  return str.replace(/^Content preview:[\t\n\v\f\r ]+/g, '');
}
