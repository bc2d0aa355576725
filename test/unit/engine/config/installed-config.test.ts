/**
 * Loads the configuration of the installed SpamAssassin (found the way
 * SpamAssassin finds it) and compares rule names and scores with what the
 * installed SpamAssassin itself parsed. Fails loudly when it is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../../src/engine/config/load.js';

function dumpScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'oracle', 'config-dump.pl'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test/oracle/config-dump.pl not found');
    dir = up;
  }
  return join(dir, 'test', 'oracle', 'config-dump.pl');
}

test('the installed SpamAssassin configuration loads without errors and matches SpamAssassin', () => {
  const version = spawnSync('spamassassin', ['-V'], { encoding: 'utf8' });
  assert.equal(version.status, 0, `the installed spamassassin is required for this test: ${version.error?.message ?? version.stderr}`);
  const dump = spawnSync('perl', [dumpScript()], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(dump.status, 0, dump.stderr);
  const rows = dump.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { name?: string; scores: number[] })
    .filter((r): r is { name: string; scores: number[] } => r.name !== undefined);
  const { config, diagnostics } = loadConfig({ localTestsOnly: true });
  assert.deepEqual(diagnostics.filter((d) => d.level === 'error'), []);
  assert.deepEqual([...config.rules.keys()].sort(), rows.map((r) => r.name).sort());
  for (const r of rows) assert.deepEqual(config.scores.get(r.name), r.scores, r.name);
});
