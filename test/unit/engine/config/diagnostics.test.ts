import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../../src/engine/config/load.js';
import { fixtureDir, parseText } from './config-helpers.js';

test('every problem in a bad file is reported with its line and the rest still loads', () => {
  const { config, diagnostics } = loadConfig({
    configPath: fixtureDir('errors'), siteConfigPath: fixtureDir('none'), preLines: ['loadplugin HeaderEval'],
  });
  const got = diagnostics.map((d) => `${d.level} ${d.file.replace(/.*\//, '')}:${d.line}: ${d.message}`);
  assert.deepEqual(got, [
    'error bad.cf:2: failed to parse line: no_such_directive hello',
    "error bad.cf:3: invalid 'required_score' value: required_score lots",
    "error bad.cf:4: missing 'score' value: score requires a symbolic rule name and 1 or 4 scores: score FX_TWO 1 2",
    "error bad.cf:5: rule '9BAD' has invalid characters (not Alphanumeric + Underscore + starting with a non-digit)",
    'error bad.cf:6: invalid meta FX_BAD_META: invalid meta rule: FX_A $ FX_B',
    "error bad.cf:7: invalid regexp for FX_BAD_RE '/unterminated': unterminated regex: no closing '/'",
    'error bad.cf:8: invalid header modifier: Subject:bogus (rule FX_BAD_MOD)',
    "error bad.cf:9: missing starting 'if' for 'endif'",
    "warning bad.cf:10: unclosed 'if' found in " + diagnostics.at(-1)?.file + ' (line 10)',
  ]);
  assert.deepEqual([...config.rules.keys()], ['FX_UNCLOSED']);
});

test('settings of an unloaded plugin fail to parse; ok_languages only warns', () => {
  const { diagnostics } = parseText('uridnsbl X zen.example. A\nok_languages en', { plugins: false });
  assert.deepEqual(diagnostics.map((d) => `${d.level} ${d.line}: ${d.message}`), [
    'error 1: failed to parse line: uridnsbl X zen.example. A',
    'warning 2: failed to parse line, now a plugin: ok_languages en',
  ]);
});

test('bad input never throws: binary junk and odd lines become diagnostics', () => {
  const junk = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x80, 0x20, 0x41]).toString('latin1');
  const { diagnostics } = parseText(`${junk}\nbody\nmeta X (\nscore X (\nadd_header\nif (((\n`);
  assert.ok(diagnostics.length >= 4);
});
