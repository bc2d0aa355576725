/**
 * `shortcircuit RULE on|off|spam|ham`: the table the scan reads, and what the
 * spam/ham shorthands change in the rule's priority and tflags when the line
 * is read (a later priority or tflags line still wins); only with the plugin.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shortcircuitRules } from '../../../../src/engine/config/shortcircuit-directive.js';
import { parseText } from './config-helpers.js';

const PLUGIN = 'loadplugin Mail::SpamAssassin::Plugin::Shortcircuit';

test('spam and ham: priority -200 unless one is set, noautolearn (and nice) added to the tflags', () => {
  const { config, errors } = parseText([
    PLUGIN,
    'header A Subject =~ /a/',
    'header B Subject =~ /b/',
    'header C Subject =~ /c/',
    'tflags B net',
    'priority C 300',
    'shortcircuit A spam',
    'shortcircuit B ham',
    'shortcircuit C spam',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual([...shortcircuitRules(config)], [['A', 'spam'], ['B', 'ham'], ['C', 'spam']]);
  assert.equal(config.priority.get('A'), -200);
  assert.equal(config.priority.get('B'), -200);
  assert.equal(config.priority.get('C'), 300);
  assert.deepEqual(config.tflags.get('A'), { noautolearn: true });
  assert.deepEqual(config.tflags.get('B'), { net: true, nice: true, noautolearn: true });
});

test('on leaves priority and tflags alone; off removes; later lines win', () => {
  const { config, errors } = parseText([
    PLUGIN,
    'header A Subject =~ /a/',
    'header B Subject =~ /b/',
    'shortcircuit A on',
    'shortcircuit B spam',
    'priority B -5',
    'tflags B learn',
    'shortcircuit A off',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual([...shortcircuitRules(config)], [['B', 'spam']]);
  assert.equal(config.priority.get('A'), undefined);
  assert.equal(config.priority.get('B'), -5);
  assert.deepEqual(config.tflags.get('B'), { learn: true });
});

test('bad values are errors; without the plugin the command is unknown', () => {
  const { errors } = parseText([PLUGIN, 'shortcircuit A', 'shortcircuit A maybe', 'shortcircuit A spam ham', 'shortcircuit'].join('\n'));
  assert.equal(errors.length, 4, errors.join('\n'));
  assert.match(errors[1] ?? '', /invalid 'shortcircuit' value/);
  const without = parseText('shortcircuit A spam');
  assert.equal(without.errors.length, 1);
  assert.equal(shortcircuitRules(without.config).size, 0);
});
