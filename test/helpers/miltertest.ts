/**
 * Runs one of the opendkim miltertest scripts in test/fixtures/miltertest
 * against a milter on a loopback port, and fails the test unless the script
 * printed its PASS line. Not a test file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// Fixtures are not compiled; find them in the source tree from dist/test/helpers.
export const MILTERTEST_FIXTURES = fileURLToPath(new URL('../../../test/fixtures/miltertest/', import.meta.url));

const run = promisify(execFile);

/** Runs a script without blocking this process, so a milter's log pipe keeps draining. */
export async function miltertest(script: string, port: number): Promise<void> {
  const args = ['-D', `port=${port}`, '-D', `dir=${MILTERTEST_FIXTURES}`, '-s', join(MILTERTEST_FIXTURES, script)];
  let out: string;
  try {
    const r = await run('miltertest', args, { encoding: 'utf8', timeout: 300_000 });
    out = `${r.stdout}${r.stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: unknown };
    assert.fail(`miltertest ${script} failed (exit ${String(e.code)}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  assert.match(out, new RegExp(`PASS ${script.replace('.lua', '')}`));
}
