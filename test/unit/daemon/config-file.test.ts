import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText, type SettingTypes } from '../../../src/cli/serve/config-file.js';

const types: SettingTypes = {
  known: new Set(['spamd-listen', 'cf', 'reject-score', 'allow-tell', 'data-dir', 'config']),
  booleans: new Set(['allow-tell']),
  numbers: new Set(['reject-score']),
  arrays: new Set(['cf']),
};

test('key = value lines, comments, dashes or underscores, typed values, repeated list keys', () => {
  const text = '# comment\n\nspamd_listen = 127.0.0.1:7830\ncf = required_score 4\ncf = add_header all X y = z\nreject-score = 15\nallow-tell = yes\r\n';
  assert.deepEqual(parseConfigText(text, types), {
    'spamd-listen': '127.0.0.1:7830',
    cf: ['required_score 4', 'add_header all X y = z'],
    'reject-score': 15,
    'allow-tell': true,
  });
});

test('unknown keys, bad numbers and bad booleans are errors with file:line', () => {
  assert.throws(() => parseConfigText('spamd-listne = x', types, 'a.conf'), /a\.conf:1: unknown setting "spamd-listne"/);
  assert.throws(() => parseConfigText('\nreject-score = lots', types, 'a.conf'), /a\.conf:2: reject-score takes a number/);
  assert.throws(() => parseConfigText('allow-tell = maybe', types), /takes true or false/);
  assert.throws(() => parseConfigText('just words', types), /expected "key = value"/);
  assert.throws(() => parseConfigText('config = other.conf', types), /unknown setting "config"/);
});
