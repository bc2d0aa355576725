/**
 * URILocalBL's commands: the criteria each rule collects over its lines, the
 * body eval rule at priority -100 they define, and the lines SpamAssassin's
 * lint refuses (the same seven, checked with `spamassassin --lint`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from './config-helpers.js';

const PLUGIN = 'loadplugin Mail::SpamAssassin::Plugin::URILocalBL';

test('criteria collect over a rule\'s lines; the rule is a body eval at priority -100', () => {
  const { config, errors } = parseText([
    PLUGIN,
    'uri_block_cc R1 us',
    'uri_block_cc R1 Cn',
    'uri_block_cont R1 !eu',
    'uri_block_cidr R2 193.0.0.0/16 2001:67c::/32',
    'uri_block_isp R3 "Google LLC" Level3',
    'uri_block_exclude R2 Example.COM 8.8.4.4',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.equal(config.hashes.get('uri_block_cc')?.get('R1'), 'US CN');
  assert.equal(config.hashes.get('uri_block_cont')?.get('R1'), '!EU');
  assert.equal(config.hashes.get('uri_block_cidr')?.get('R2'), '193.0.0.0/16 2001:67c::/32');
  assert.equal(config.hashes.get('uri_block_isp')?.get('R3'), 'GOOGLELLC LEVEL3');
  assert.equal(config.hashes.get('uri_block_exclude')?.get('R2'), 'example.com 8.8.4.4');
  for (const name of ['R1', 'R2', 'R3']) {
    assert.deepEqual(config.rules.get(name)?.test, { kind: 'eval', fn: 'check_uri_local_bl', args: [name] });
    assert.equal(config.rules.get(name)?.type, 'body');
    assert.equal(config.priority.get(name), -100);
  }
});

test('refuses what SpamAssassin refuses', () => {
  const { errors } = parseText([
    PLUGIN,
    'uri_block_cc X1 us !cn',
    'uri_block_cc X2 u',
    'uri_block_cont X3 europe',
    'uri_block_cidr X4 1.2.3.4/8 nonsense',
    'uri_block_isp X5',
    'uri_block_exclude X6',
    'uri_block_cc 9X us',
    'uri_block_cc X7 us',
    'uri_block_cc X7 !nl',
  ].join('\n'));
  assert.deepEqual(errors.map((e) => e.replace(/: uri_block.*$/, '')), [
    "test.cf:2: invalid 'uri_block_cc' value",
    "test.cf:3: invalid 'uri_block_cc' value",
    "test.cf:4: invalid 'uri_block_cont' value",
    "test.cf:5: invalid 'uri_block_cidr' value",
    "test.cf:6: invalid 'uri_block_isp' value",
    "test.cf:7: invalid 'uri_block_exclude' value",
    "test.cf:8: invalid 'uri_block_cc' value",
    "test.cf:10: invalid 'uri_block_cc' value",
  ]);
});
