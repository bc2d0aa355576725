/**
 * A Verdict crosses threads as data: every field but the two rendering
 * methods, which become the rendered bytes the caller asked for (the
 * `render` scan option) and are rebuilt as methods on the other side, so
 * front ends read a pool's verdict exactly as the in-process engine's.
 */
import type { RenderNeed, Verdict } from '../engine/api-types.js';
import { LazyReportVerdict, type VerdictFields } from '../engine/scan/lazy-report-verdict.js';
import { SpamwardError } from '../util/errors.js';

/** `report` is left out (undefined) unless the caller asked for it (ScanOptions.wantReport). */
export type PlainVerdict = Omit<Verdict, 'rewrittenMessage' | 'rewrittenHeaderSection' | 'report'> & { report: string | undefined };

/** Rendered bytes: the header section, followed by the body when the whole message was asked for. */
export interface Rendering {
  bytes: Buffer;
  headerLength: number;
  whole: boolean;
}

/**
 * The fields written out one by one: a spread would run the lazy `report`
 * getter, building the report text of every message for the few callers
 * that read it.
 */
export function toPlainVerdict(v: Verdict, wantReport: boolean): PlainVerdict {
  return {
    score: v.score,
    requiredScore: v.requiredScore,
    isSpam: v.isSpam,
    scoreText: v.scoreText,
    requiredText: v.requiredText,
    hits: v.hits,
    testNames: v.testNames,
    subtestNames: v.subtestNames,
    addedHeaders: v.addedHeaders,
    headerRewrites: v.headerRewrites,
    encapsulated: v.encapsulated,
    report: wantReport ? v.report : undefined,
    autolearn: v.autolearn,
    autolearnStatus: v.autolearnStatus,
    bayesScore: v.bayesScore,
    resultLogItems: v.resultLogItems,
    configProblems: v.configProblems,
    elapsedMs: v.elapsedMs,
  };
}

export function renderFor(v: Verdict, need: RenderNeed): Rendering | undefined {
  if (need === 'none' || (need === 'wrapped' && !v.encapsulated)) return undefined;
  if (need === 'headers') {
    const bytes = v.rewrittenHeaderSection();
    return { bytes, headerLength: bytes.length, whole: false };
  }
  const bytes = v.rewrittenMessage();
  return { bytes, headerLength: v.rewrittenHeaderSection().length, whole: true };
}

export function fromPlainVerdict(plain: PlainVerdict, r: Rendering | undefined): Verdict {
  const { report, ...rest } = plain;
  const fields: VerdictFields = {
    ...rest,
    rewrittenMessage: () => {
      if (r === undefined || !r.whole) throw notRendered('rewrittenMessage', 'message');
      return r.bytes;
    },
    rewrittenHeaderSection: () => {
      if (r === undefined) throw notRendered('rewrittenHeaderSection', 'headers');
      return r.bytes.subarray(0, r.headerLength);
    },
  };
  // A class getter (see LazyReportVerdict): an object-literal one kept the rendered message alive until a full GC.
  return new LazyReportVerdict(fields, () => {
    if (report === undefined) throw new SpamwardError('ERR_MESSAGE', 'report needs the scan option wantReport: true (the scanning thread did not send it)');
    return report;
  });
}

function notRendered(method: string, need: RenderNeed): SpamwardError {
  return new SpamwardError('ERR_MESSAGE', `${method}() needs the scan option render: '${need}' (the scanning thread did not render it)`);
}
