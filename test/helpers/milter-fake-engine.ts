/**
 * A small Engine double for milter tests. It scores by what the message
 * says about itself: the GTUBE string scores 1000, an `X-Test-Score:` header
 * sets the score, anything else scores 0. It records what it was given.
 */
import type { Engine, LearnResult, ScanOptions, Verdict } from '../../src/engine/api-types.js';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export interface FakeEngineOptions {
  required?: number;
  /** Milliseconds each scan takes. */
  delayMs?: number;
  /** Make scans reject with this error. */
  fail?: Error;
}

export class FakeEngine implements Engine {
  readonly scanned: Array<{ message: string; options: ScanOptions | undefined }> = [];
  reloads = 0;
  closed = false;

  constructor(private readonly opts: FakeEngineOptions = {}) {}

  async scan(message: Buffer, options?: ScanOptions): Promise<Verdict> {
    const text = message.toString('latin1');
    this.scanned.push({ message: text, options });
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    if (this.opts.fail) throw this.opts.fail;
    const declared = /^X-Test-Score:\s*(-?[\d.]+)/im.exec(text);
    const score = text.includes(GTUBE) ? 1000 : declared ? Number(declared[1]) : 0;
    return makeVerdict(score, this.opts.required ?? 5, /^Subject:[ \t]?(.*)$/im.exec(text)?.[1]);
  }

  async learn(): Promise<LearnResult> {
    return { learned: false, reason: 'fake engine' };
  }

  async reload(): Promise<void> {
    this.reloads++;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export function makeVerdict(score: number, required: number, subject?: string): Verdict {
  const isSpam = score >= required;
  const scoreText = score.toFixed(1);
  const requiredText = required.toFixed(1);
  const tests = isSpam ? ['FAKE_SPAM'] : ['FAKE_HAM'];
  const rewrites = isSpam && subject !== undefined ? [{ name: 'Subject', value: `*****SPAM***** ${subject}` }] : [];
  return {
    score,
    requiredScore: required,
    isSpam,
    scoreText,
    requiredText,
    hits: [],
    testNames: tests,
    subtestNames: [],
    addedHeaders: [
      { name: 'X-Spam-Checker-Version', value: 'Spamward fake' },
      ...(isSpam ? [{ name: 'X-Spam-Flag', value: 'YES' }] : []),
      { name: 'X-Spam-Status', value: `${isSpam ? 'Yes' : 'No'}, score=${scoreText} required=${requiredText}\n\ttests=${tests.join(',')}` },
    ],
    headerRewrites: rewrites,
    encapsulated: false,
    report: '',
    autolearn: 'no',
    autolearnStatus: 'no',
    resultLogItems: [],
    configProblems: [],
    elapsedMs: 0,
    rewrittenMessage: () => Buffer.alloc(0),
    rewrittenHeaderSection: () => Buffer.alloc(0),
  };
}
