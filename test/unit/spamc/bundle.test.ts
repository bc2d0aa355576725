import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bundle } from '../../../spamc/bundle.js';
import { OUR_SPAMC, run } from '../../helpers/spamd-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'spamc-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the single-file spamc entry', () => {
  const out = join(dir, 'spamward-spamc.js');
  bundle(OUR_SPAMC, out);

  it('imports only Node built-ins and has no leftover module syntax', () => {
    const text = readFileSync(out, 'utf8');
    const imports = text.split('\n').filter((l) => l.startsWith('import '));
    assert.ok(imports.length > 0);
    for (const l of imports) assert.match(l, / from 'node:[a-z/_]+';$/);
    assert.doesNotMatch(text, /^export /m);
  });

  it('behaves exactly like the modular entry', async () => {
    const cases = [['-V'], ['-h'], ['-p17911', '-c'], ['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-c'], ['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x']];
    for (const args of cases) {
      const a = await run(process.execPath, [OUR_SPAMC, ...args], 'Subject: x\n\nhi\n');
      const b = await run(process.execPath, [out, ...args], 'Subject: x\n\nhi\n');
      assert.deepEqual([b.code, b.stdout.toString(), b.stderr], [a.code, a.stdout.toString(), a.stderr], args.join(' '));
    }
  });
});
