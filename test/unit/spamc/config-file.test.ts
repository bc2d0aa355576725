import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { combineArgs, configPathFrom, configWords } from '../../../spamc/config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'spamc-conf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('spamc configuration file', () => {
  it('puts the file words before the command line', () => {
    const p = file('a.conf', '# comment\n\n-d  server.example\n-p 783\n');
    assert.deepEqual(combineArgs(['-F', p, '-c'], '/nonexistent'), { ok: true, args: ['-d', 'server.example', '-p', '783', '-F', p, '-c'] });
  });

  it('uses the default file only when it exists', () => {
    assert.deepEqual(combineArgs(['-c'], join(dir, 'missing.conf')), { ok: true, args: ['-c'] });
    const p = file('default.conf', '-s 1000\n');
    assert.deepEqual(combineArgs(['-c'], p), { ok: true, args: ['-s', '1000', '-c'] });
  });

  it('a missing -F file is exit 78', () => {
    const r = combineArgs(['-F', join(dir, 'nope.conf')]);
    assert.ok(!r.ok && r.code === 78 && r.stderr.startsWith('Failed to open config file: '));
  });

  it('finds -F by prefix, before parsing', () => {
    assert.equal(configPathFrom(['-c', '-Fx', 'path']), 'path');
    assert.equal(configPathFrom(['--config', 'path']), undefined);
  });

  it('every line must end in a newline; tabs do not split words', () => {
    const r = configWords('-p 1', 'f');
    assert.ok(!Array.isArray(r) && r.code === 78);
    assert.deepEqual(configWords('-p 1\t--x 1\n', 'f'), ['-p', '1\t--x', '1']);
  });

  it('allows 24 words in all, program name included', () => {
    const p = file('many.conf', '-l\n'.repeat(21));
    assert.equal(combineArgs(['-K', '-c', '-y'], '/x').ok, true);
    const r = combineArgs(['-F', p, '-K'], '/x');
    assert.ok(!r.ok && r.code === 78 && /Exceeded max number of arguments \(24\)/.test(r.stderr));
    const fits = file('fits.conf', '-l\n'.repeat(20));
    assert.equal(combineArgs(['-K', '-c', '-y'], fits).ok, true);
  });
});
