// Runs every compiled *.test.js under dist/test with node's test runner.
// Node 20 does not expand globs and `node --test <dir>` would also run helpers,
// so the list is built here. Pass folder names to run a subset: `node test/run-tests.mjs unit`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = 'dist/test';
const only = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'bench' && name !== 'helpers') out.push(...walk(path));
    } else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = walk(root).filter((f) => only.length === 0 || only.some((o) => f.includes(`/${o}`)));
if (files.length === 0) {
  console.error('no test files found under', root);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
