import type { Engine, RenderNeed, ScanOptions, Verdict } from '../engine/api-types.js';
import type { ScanCommand } from '../protocol/spamd/constants.js';
import type { RequestHeaders } from '../protocol/spamd/request-headers.js';
import { encodeScanReply, encodeTellReply, symbolsBody } from '../protocol/spamd/response-encode.js';

/** What each scanning command sends as its body (spamd's check()). */
const SCAN_BODIES: Record<ScanCommand, (v: Verdict, version: number) => Buffer> = {
  PROCESS: (v) => v.rewrittenMessage(),
  HEADERS: (v) => v.rewrittenHeaderSection(),
  CHECK: () => Buffer.alloc(0),
  SYMBOLS: (v, version) => symbolsBody(v.testNames, version),
  REPORT: (v) => textBytes(v.report),
  REPORT_IFSPAM: (v) => (v.isSpam ? textBytes(v.report) : Buffer.alloc(0)),
};

/** The report is octets when the engine kept them so; wider characters go out as UTF-8. */
function textBytes(text: string): Buffer {
  return Buffer.from(text, /[^\x00-\xff]/.test(text) ? 'utf8' : 'latin1');
}

/** What each command reads of the rewritten message (a pooled scanner renders only that). */
const RENDER: Record<ScanCommand, RenderNeed> = {
  PROCESS: 'message',
  HEADERS: 'headers',
  CHECK: 'none',
  SYMBOLS: 'none',
  REPORT: 'none',
  REPORT_IFSPAM: 'none',
};

/** The commands that send the report text (a pooled scanner builds it only for them). */
const WANTS_REPORT: ReadonlySet<ScanCommand> = new Set<ScanCommand>(['REPORT', 'REPORT_IFSPAM']);

export interface ScanOutcome {
  reply: Buffer;
  verdict: Verdict;
}

export async function runScan(engine: Engine, command: ScanCommand, version: number, message: Buffer, opts: ScanOptions): Promise<ScanOutcome> {
  // The message is not read again here, so a pooled scanner may take its memory.
  const verdict = await engine.scan(message, { ...opts, render: RENDER[command], wantReport: WANTS_REPORT.has(command), handOver: true });
  const reply = encodeScanReply({
    command,
    version,
    isSpam: verdict.isSpam,
    scoreText: verdict.scoreText,
    requiredText: verdict.requiredText,
    body: SCAN_BODIES[command](verdict, version),
  });
  return { reply, verdict };
}

/**
 * TELL: learn or forget locally through the engine. Collaborative reporting
 * (`remote`) is not available, so it is never listed as done, as spamd does
 * when a reporter fails. An engine without Bayes answers learned=false and
 * the reply lists nothing, exactly like spamd without a Bayes scanner.
 */
export async function runTell(engine: Engine, h: RequestHeaders, message: Buffer, opts: ScanOptions): Promise<{ reply: Buffer; didSet: string[]; didRemove: string[]; notDone: string[] }> {
  const didSet: string[] = [];
  const didRemove: string[] = [];
  // Why a local learn or forget did not happen (a Bayes store that is down, for instance), for the log.
  const notDone: string[] = [];
  // The engine removes its own X-Spam-* markup before learning, as spamd does.
  const learnable = message;
  if (h.setLocal) {
    const r = await engine.learn(learnable, h.messageClass === 'spam' ? 'spam' : 'ham', opts);
    if (r.learned) didSet.push('local');
    else if (r.reason !== undefined) notDone.push(r.reason);
  }
  if (h.removeLocal) {
    const r = await engine.learn(learnable, 'forget', opts);
    if (r.learned) didRemove.push('local');
    else if (r.reason !== undefined) notDone.push(r.reason);
  }
  return { reply: encodeTellReply(didSet, didRemove), didSet, didRemove, notDone };
}
