import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from './config-helpers.js';

test('one score fills all four sets; four scores are taken as written', () => {
  const { config, errors } = parseText('body A /a/\nbody B /b/\nscore A 2.5\nscore B 0 1.5 -1 3');
  assert.deepEqual(errors, []);
  assert.deepEqual(config.scores.get('A'), [2.5, 2.5, 2.5, 2.5]);
  assert.deepEqual(config.scores.get('B'), [0, 1.5, -1, 3]);
});

test('parenthesised scores are added to the previous ones', () => {
  const { config, errors } = parseText('body A /a/\nscore A 1 2 3 4\nscore A (1) (0) (-1) (0.5)\nscore A (2)');
  assert.deepEqual(errors, []);
  assert.deepEqual(config.scores.get('A'), [4, 4, 4, 6.5]);
});

test('score errors: wrong count, non-numeric, relative without a previous score', () => {
  const { errors } = parseText('score A 1 2\nscore B x\nscore C (1)\nscore D +1\nscore');
  assert.equal(errors.length, 5);
  assert.match(errors[0] ?? '', /test\.cf:1: missing 'score' value: score requires a symbolic rule name and 1 or 4 scores/);
  assert.match(errors[1] ?? '', /test\.cf:2: invalid 'score' value/);
  assert.match(errors[2] ?? '', /test\.cf:3: invalid 'score' value: relative score without previous/);
  assert.match(errors[3] ?? '', /test\.cf:4: invalid 'score' value/);
});

test('a score for a rule that does not exist is accepted silently', () => {
  const { config, errors, diagnostics } = parseText('score NOT_DEFINED 3');
  assert.deepEqual(errors, []);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config.scores.get('NOT_DEFINED'), [3, 3, 3, 3]);
});

test('default scores: 1.0, 0.01 for T_ rules, negated for nice, 1.0 for __ rules', () => {
  const { config } = parseText([
    'body A /a/', 'body T_B /b/', 'body C /c/', 'tflags C nice', 'body T_D /d/', 'tflags T_D nice learn',
    'body __E /e/', 'meta F A', 'tflags F nicer',
  ].join('\n'));
  assert.deepEqual(config.scores.get('A'), [1, 1, 1, 1]);
  assert.deepEqual(config.scores.get('T_B'), [0.01, 0.01, 0.01, 0.01]);
  assert.deepEqual(config.scores.get('C'), [-1, -1, -1, -1]);
  assert.deepEqual(config.scores.get('T_D'), [-0.01, -0.01, -0.01, -0.01]);
  assert.deepEqual(config.scores.get('__E'), [1, 1, 1, 1]);
  assert.deepEqual(config.scores.get('F'), [1, 1, 1, 1], '"nicer" is not the nice flag');
});

test('describe, tflags and priority replace earlier values per rule', () => {
  const { config, errors } = parseText([
    'body A /a/', 'describe A first', 'describe A second text', 'tflags A multiple maxhits=3',
    'tflags A net', 'priority A 10', 'priority A -5', 'priority A x', 'tflags B', 'describe C',
  ].join('\n'));
  assert.equal(config.describe.get('A'), 'second text');
  assert.deepEqual(config.tflags.get('A'), { net: true });
  assert.equal(config.priority.get('A'), -5);
  assert.deepEqual(errors, [
    "test.cf:8: invalid 'priority' value: priority A x",
    "test.cf:9: missing 'tflags' value: tflags B",
    "test.cf:10: missing 'describe' value: describe C",
  ]);
});

test('tflags values: bare flags, maxhits numbers, other key=value strings', () => {
  const { config } = parseText('body A /a/\ntflags A multiple maxhits=5 range=1-3');
  assert.deepEqual(config.tflags.get('A'), { multiple: true, maxhits: 5, range: '1-3' });
});

test('test lines are kept as self-tests', () => {
  const { config, errors } = parseText('body A /a/\ntest A ok some text with a\ntest A fail other\ntest A maybe x');
  assert.deepEqual(config.selfTests, [
    { rule: 'A', expect: 'ok', text: 'some text with a' },
    { rule: 'A', expect: 'fail', text: 'other' },
  ]);
  assert.deepEqual(errors, ["test.cf:4: invalid 'test' value: test A maybe x"]);
});
