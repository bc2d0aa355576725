/**
 * A Verdict crosses threads as data: every field but the two rendering
 * methods, which become the rendered bytes the caller asked for (the
 * `render` scan option) and are rebuilt as methods on the other side, so
 * front ends read a pool's verdict exactly as the in-process engine's.
 */
import type { RenderNeed, Verdict } from '../engine/api-types.js';
import { SpamwardError } from '../util/errors.js';

export type PlainVerdict = Omit<Verdict, 'rewrittenMessage' | 'rewrittenHeaderSection'>;

/** Rendered bytes: the header section, followed by the body when the whole message was asked for. */
export interface Rendering {
  bytes: Buffer;
  headerLength: number;
  whole: boolean;
}

export function toPlainVerdict(v: Verdict): PlainVerdict {
  const { rewrittenMessage: _m, rewrittenHeaderSection: _h, ...plain } = v;
  return plain;
}

export function renderFor(v: Verdict, need: RenderNeed): Rendering | undefined {
  if (need === 'none') return undefined;
  if (need === 'headers') {
    const bytes = v.rewrittenHeaderSection();
    return { bytes, headerLength: bytes.length, whole: false };
  }
  const bytes = v.rewrittenMessage();
  return { bytes, headerLength: v.rewrittenHeaderSection().length, whole: true };
}

export function fromPlainVerdict(plain: PlainVerdict, r: Rendering | undefined): Verdict {
  return {
    ...plain,
    rewrittenMessage: () => {
      if (r === undefined || !r.whole) throw notRendered('rewrittenMessage', 'message');
      return r.bytes;
    },
    rewrittenHeaderSection: () => {
      if (r === undefined) throw notRendered('rewrittenHeaderSection', 'headers');
      return r.bytes.subarray(0, r.headerLength);
    },
  };
}

function notRendered(method: string, need: RenderNeed): SpamwardError {
  return new SpamwardError('ERR_MESSAGE', `${method}() needs the scan option render: '${need}' (the scanning thread did not render it)`);
}
