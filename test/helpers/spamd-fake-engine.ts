/**
 * A small stand-in Engine for protocol tests: GTUBE (or a "SPAMMY" body)
 * is spam, everything else ham; learning remembers what it saw. It renders
 * verdicts the way the front ends expect so replies have realistic shapes.
 */
import type { Engine, LearnResult, ScanOptions, Verdict } from '../../src/engine/api-types.js';

export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export interface FakeEngineOptions {
  /** Milliseconds each scan takes (to exercise timeouts and --max-children). */
  delayMs?: number;
}

export class FakeEngine implements Engine {
  readonly scans: Array<{ message: Buffer; options: ScanOptions }> = [];
  readonly learned = new Map<string, 'spam' | 'ham'>();
  running = 0;
  maxRunning = 0;

  constructor(private readonly opts: FakeEngineOptions = {}) {}

  async scan(message: Buffer, options: ScanOptions = {}): Promise<Verdict> {
    this.scans.push({ message, options });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
      return fakeVerdict(message, options);
    } finally {
      this.running--;
    }
  }

  async learn(message: Buffer, as: 'spam' | 'ham' | 'forget'): Promise<LearnResult> {
    const key = message.toString('latin1');
    if (as === 'forget') return { learned: this.learned.delete(key) };
    if (this.learned.get(key) === as) return { learned: false, reason: 'already learned' };
    this.learned.set(key, as);
    return { learned: true };
  }

  async reload(): Promise<void> {}
  async close(): Promise<void> {}
}

export function fakeVerdict(message: Buffer, options: ScanOptions = {}): Verdict {
  const text = message.toString('latin1');
  const spam = text.includes(GTUBE) || text.includes('SPAMMY');
  const score = spam ? 1000 : options.userPrefsPath !== undefined ? 2.5 : -0.1;
  const testNames = spam ? ['GTUBE', 'NO_RECEIVED'] : ['NO_RECEIVED'];
  const scoreText = spam ? '1000.0' : score === 2.5 ? '2.5' : '-0.1';
  const status = `${spam ? 'Yes' : 'No'}, score=${scoreText} required=5.0 tests=${testNames.join(',')}`;
  const added = [
    { name: 'X-Spam-Checker-Version', value: 'Fake 1.0' },
    { name: 'X-Spam-Status', value: status },
  ];
  const head = added.map((h) => `${h.name}: ${h.value}\r\n`).join('');
  const rewritten = () => Buffer.concat([Buffer.from(head, 'latin1'), message]);
  return {
    score,
    requiredScore: 5,
    isSpam: spam,
    scoreText,
    requiredText: '5.0',
    hits: testNames.map((name) => ({ name, score: name === 'GTUBE' ? 1000 : -0.1, description: name, area: '' })),
    testNames,
    subtestNames: [],
    addedHeaders: added,
    headerRewrites: [],
    encapsulated: false,
    report: `Fake report: ${status}\n`,
    autolearn: 'disabled',
    autolearnStatus: 'disabled',
    resultLogItems: [],
    configProblems: [],
    elapsedMs: 1,
    rewrittenMessage: rewritten,
    rewrittenHeaderSection: () => {
      const all = rewritten();
      const m = /\r?\n\r?\n/.exec(all.toString('latin1'));
      return m === null ? all : all.subarray(0, m.index + m[0].length);
    },
  };
}
