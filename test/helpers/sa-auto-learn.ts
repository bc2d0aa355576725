/**
 * Bayes stores compared with SpamAssassin's: one message scanned with
 * auto-learning on by `spamassassin -L` into a fresh bayes_path and by a
 * fresh engine, and both stores read back in sa-learn's backup format.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Token lines of a sa-learn backup (hash, spam count, ham count, atime), sorted. */
export function backupTokenLines(backup: string): string[] {
  return backup.split('\n').filter((l) => l.startsWith('t\t')).map((l) => l.split('\t').slice(1).join('\t')).sort();
}

/** The token lines of a store `spamward learn --backup` prints. */
export function ourStoredTokens(dataDir: string): string[] {
  const ours = spawnSync(process.execPath, [CLI, 'learn', '--dbpath', dataDir, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.equal(ours.status, 0, ours.stderr);
  return backupTokenLines(ours.stdout);
}

/**
 * Auto-learns `message` as ham in both programs with the configuration
 * `cf` (each side asserts it did), under `dir/sa` and `dir/sw`; returns
 * SpamAssassin's output and both stores' token lines. With `network`, both
 * run their network tests (`cf` names the resolver).
 */
export async function autoLearnedTokens(message: string, cf: readonly string[], dir: string, { network = false } = {}): Promise<{ saStdout: string; theirs: string[]; ours: string[] }> {
  const bayesPath = join(dir, 'sa', 'bayes');
  const sa = spawnSync('spamassassin', [...(network ? [] : ['-L']), '-x', ...[...cf, `bayes_path ${bayesPath}`].map((c) => `--cf=${c}`)], { input: message, encoding: 'latin1', timeout: 120_000 });
  if (sa.error) throw new Error(`spamassassin is required for this test (apt-get install -y spamassassin): ${sa.error.message}`);
  assert.match(sa.stdout, /autolearn=ham/, 'SpamAssassin auto-learned the message as ham');
  const saBackup = spawnSync('sa-learn', ['--dbpath', bayesPath, '--backup'], { encoding: 'latin1', timeout: 60_000 });
  assert.equal(saBackup.status, 0, saBackup.stderr);

  const dataDir = join(dir, 'sw');
  const engine = await createEngine({ localTestsOnly: !network, noUserConfig: true, dataDir, cfLines: [...cf] });
  try {
    const v = await engine.scan(Buffer.from(message, 'latin1'));
    assert.equal(v.autolearn, 'ham');
  } finally {
    await engine.close();
  }
  return { saStdout: sa.stdout, theirs: backupTokenLines(saBackup.stdout), ours: ourStoredTokens(dataDir) };
}
