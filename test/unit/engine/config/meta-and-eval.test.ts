import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packEvalArgs, parseEvalCall } from '../../../../src/engine/config/eval-args.js';
import { expandRulesMatching, tokenizeMeta } from '../../../../src/engine/config/meta-tokens.js';
import { validateMeta } from '../../../../src/engine/config/meta-validate.js';
import { parseText } from './config-helpers.js';

test('tokenizeMeta classifies rule names, numbers, operators and local_tests_only', () => {
  assert.deepEqual(tokenizeMeta('(A_1 + __B) > 1 && !C || local_tests_only'), [
    { kind: 'operator', text: '(' },
    { kind: 'rule', text: 'A_1' },
    { kind: 'operator', text: '+' },
    { kind: 'rule', text: '__B' },
    { kind: 'operator', text: ')' },
    { kind: 'operator', text: '>' },
    { kind: 'number', text: '1' },
    { kind: 'operator', text: '&&' },
    { kind: 'operator', text: '!' },
    { kind: 'rule', text: 'C' },
    { kind: 'operator', text: '||' },
    { kind: 'local_tests_only', text: 'local_tests_only' },
  ]);
  assert.deepEqual(tokenizeMeta('A ? B : C').map((t) => t.kind), ['rule', 'operator', 'rule', 'operator', 'rule']);
});

test('rules_matching() expands to the sorted matching names, never the meta itself', () => {
  const names = ['FOO_B', 'FOO_A', 'BAR', 'FOO_META'];
  assert.equal(expandRulesMatching('rules_matching(FOO_*) > 1', 'FOO_META', names), ' (FOO_A+FOO_B)  > 1');
  assert.equal(expandRulesMatching('rules_matching(NONE?) ', 'M', names), ' (0)  ');
  assert.equal(expandRulesMatching('__rules_matching(X)', 'M', names), '__rules_matching(X)');
});

test('validateMeta accepts arithmetic and refuses what SpamAssassin refuses', () => {
  assert.equal(validateMeta('(A + B + C) >= 2 && !D'), undefined);
  assert.equal(validateMeta('A ? B : C'), undefined);
  assert.equal(validateMeta('rules_matching(FOO_*) > 1'), undefined);
  assert.match(validateMeta('A $ B') ?? '', /invalid meta/);
  assert.match(validateMeta('A::B') ?? '', /invalid meta/);
  assert.match(validateMeta('A / B') ?? '', /division by zero possible/);
  assert.match(validateMeta('A B') ?? '', /syntax error/);
  assert.match(validateMeta('A && (B') ?? '', /expected '\)'/);
  assert.match(validateMeta('1.2.3 + A') ?? '', /invalid token/);
});

test('a ** in a meta is an invalid value, reported with file and line', () => {
  const { errors } = parseText('body A /a/\nmeta M A ** 2');
  assert.deepEqual(errors, ["test.cf:2: invalid 'meta' value: meta M A ** 2"]);
});

test('pack_eval_args: quoted strings keep inner text, bare tokens are limited', () => {
  assert.deepEqual(packEvalArgs(`'a b', "c,d" , 1.5, -2, host.example:25`), ['a b', 'c,d', '1.5', '-2', 'host.example:25']);
  assert.deepEqual(packEvalArgs(''), []);
  assert.deepEqual(packEvalArgs('   '), []);
  assert.equal(packEvalArgs('foo bar'), undefined);
  assert.equal(packEvalArgs("'unterminated"), undefined);
  assert.equal(packEvalArgs('a$b'), undefined);
});

test('parseEvalCall splits the function name from its arguments', () => {
  assert.deepEqual(parseEvalCall(`check_rbl_sub('zen', '127.0.0.2')`), { fn: 'check_rbl_sub', args: ['zen', '127.0.0.2'] });
  assert.deepEqual(parseEvalCall('check_for_mime()'), { fn: 'check_for_mime', args: [] });
  assert.equal(parseEvalCall('not a call'), undefined);
});
