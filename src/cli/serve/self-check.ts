/** The start-up check: the two bundled samples must score as ham and spam. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../engine/api-types.js';
import type { StructuredLog } from '../../daemon/structured-log.js';

const SAMPLES: Array<[string, boolean]> = [
  ['sample-ham.eml', false],
  ['sample-spam.eml', true],
];

export async function selfCheck(engine: Engine, log: StructuredLog): Promise<boolean> {
  let ok = true;
  for (const [name, spam] of SAMPLES) {
    const path = fileURLToPath(new URL(`../../../../samples/${name}`, import.meta.url));
    // Local tests only: a machine without network must not wait rbl_timeout per sample before the daemon starts.
    const v = await engine.scan(readFileSync(path), { localTestsOnly: true });
    const good = v.isSpam === spam;
    ok &&= good;
    log.event(good ? 'info' : 'warn', 'self-check', { sample: name, score: v.score, required: v.requiredScore, expected: spam ? 'spam' : 'ham', ok: good });
  }
  return ok;
}
