/** Starts an in-process milter on a free loopback port with a fake engine (not a test file). */
import { defaultMilterOptions, type MilterOptions } from '../../milter/options.js';
import { memoryLogger } from '../../milter/logger.js';
import { startMilter, type RunningMilter } from '../../milter/server.js';
import type { Engine } from '../../src/engine/api-types.js';
import { FakeEngine, type FakeEngineOptions } from './milter-fake-engine.js';
import type { TestMessage } from './fake-mta.js';

export interface Harness {
  milter: RunningMilter;
  engine: FakeEngine;
  logs: string[];
  port: number;
}

export async function startHarness(
  over: Partial<MilterOptions> = {},
  engineOpts: FakeEngineOptions = {},
  engine?: Engine,
): Promise<Harness & { engine: FakeEngine }> {
  const fake = new FakeEngine(engineOpts);
  const logger = memoryLogger();
  const options: MilterOptions = { ...defaultMilterOptions(), listen: { kind: 'inet', host: '127.0.0.1', port: 0 }, drainTimeoutMs: 5000, ...over };
  const milter = await startMilter(engine ?? fake, options, logger);
  return { milter, engine: fake, logs: logger.lines, port: milter.port as number };
}

export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export function hamMessage(extraHeaders: Array<[string, string]> = []): TestMessage {
  return {
    headers: [
      ['From', ' Alice <alice@example.org>'],
      ['To', ' bob@example.com'],
      ['Subject', ' lunch tomorrow'],
      ...extraHeaders,
    ],
    body: 'Shall we meet at noon?\r\n',
    macros: { E: [['i', 'QID42']] },
  };
}

export function spamMessage(): TestMessage {
  return { headers: [['From', ' spammer@example.net'], ['Subject', ' buy now']], body: `${GTUBE}\r\n` };
}
