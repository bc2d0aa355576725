import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateCondition, type ConditionEnv } from '../../../../src/engine/config/condition.js';
import { parseText } from './config-helpers.js';

const P = 'Mail::SpamAssassin::Plugin::';
const env: ConditionEnv = {
  plugins: new Set([`${P}BodyEval`, `${P}DKIM`, `${P}WelcomeListSubject`, `${P}DMARC`]),
  compat: new Set(['welcomelist_blocklist']),
  localTestsOnly: true,
  inUserPrefs: false,
};

function cond(expr: string, e: ConditionEnv = env): boolean | string {
  const r = evaluateCondition(expr, e);
  return 'error' in r ? r.error : r.value;
}

test('version and perl_version compare as SpamAssassin 4.0.1 on Perl 5.36', () => {
  assert.equal(cond('(version >= 3.004002)'), true);
  assert.equal(cond('(version >= 4.000000)'), true);
  assert.equal(cond('version < 4.000000'), false);
  assert.equal(cond('version == 4.000001'), true);
  assert.equal(cond('perl_version >= 5.010000'), true);
  assert.equal(cond('!((version >= 3.004000))'), false);
});

test('plugin() knows loaded plugins, the Dmarc/WhiteListSubject aliases and RaciallyCharged', () => {
  assert.equal(cond(`plugin(${P}BodyEval)`), true);
  assert.equal(cond(`!plugin(${P}Shortcircuit)`), true);
  assert.equal(cond(`plugin(${P}Dmarc)`), true);
  assert.equal(cond(`plugin(${P}WhiteListSubject)`), true);
  assert.equal(cond(`plugin(${P}RaciallyCharged)`), true);
  assert.equal(cond('plugin(BodyEval)'), false, 'conditionals need the full package name');
});

test('can() answers the 4.0.1 feature probes, plugin probes only for loaded plugins', () => {
  assert.equal(cond('can(Mail::SpamAssassin::Conf::feature_bug6558_free)'), true);
  assert.equal(cond('can(Mail::SpamAssassin::Conf::compat_welcomelist_blocklist)'), true);
  assert.equal(cond('can(Mail::SpamAssassin::Conf::compat_welcomelist_blocklist)', { ...env, compat: new Set() }), false);
  assert.equal(cond(`can(${P}BodyEval::has_check_body_length)`), true);
  assert.equal(cond(`can(${P}DKIM::has_arc)`), true);
  assert.equal(cond(`can(${P}ASN::has_check_asn)`), false);
  assert.equal(cond(`has(${P}BodyEval::has_check_body_length)`), true);
  assert.equal(cond('can(Mail::SpamAssassin::Conf::feature_from_the_future)'), false);
});

test('can() is refused in user_prefs; local_tests_only follows the option', () => {
  assert.equal(cond('can(Mail::SpamAssassin::Conf::feature_bug6558_free)', { ...env, inUserPrefs: true }), false);
  assert.equal(cond('local_tests_only'), true);
  assert.equal(cond('local_tests_only', { ...env, localTestsOnly: false }), false);
});

test('&& and || combine, and a token outside the vocabulary is reported', () => {
  assert.equal(cond(`plugin(${P}DKIM) && version > 3`), true);
  assert.equal(cond(`plugin(${P}SPF) || 0`), false);
  assert.equal(cond('x > 1'), "unparseable value 'x'");
});

test('if / else / endif select blocks, nest, and skipped blocks still track nesting', () => {
  const text = [
    'if (version >= 4.000000)',
    '  body A /a/',
    '  if plugin(Mail::SpamAssassin::Plugin::Shortcircuit)',
    '    body B /b/',
    '  else',
    '    body C /c/',
    '  endif',
    'else',
    '  body D /d/',
    '  if (1)',
    '    body E /e/',
    '  else',
    '    body F /f/',
    '  endif',
    'endif',
    'ifplugin Mail::SpamAssassin::Plugin::BodyEval',
    '  body G /g/',
    'endif',
  ].join('\n');
  const { config, errors } = parseText(text);
  assert.deepEqual(errors, []);
  assert.deepEqual([...config.rules.keys()].sort(), ['A', 'C', 'G']);
});

test('an unclosed if is a warning at the end of its file and the next file starts clean', () => {
  const { diagnostics, config } = parseText('if (0)\nbody HIDDEN /x/', { file: 'one.cf' });
  assert.ok(!config.rules.has('HIDDEN'));
  const w = diagnostics.find((d) => d.message.includes("unclosed 'if'"));
  assert.equal(w?.level, 'warning');
  assert.equal(w?.line, 1);
});

test('else and endif must stand alone and need an if', () => {
  const { errors } = parseText('endif\nif (1)\nelse foo\nendif bar\nendif');
  assert.equal(errors.length, 3);
  assert.match(errors[0] ?? '', /test\.cf:1: missing starting 'if' for 'endif'/);
  assert.match(errors[1] ?? '', /test\.cf:3: 'else' must be standalone/);
  assert.match(errors[2] ?? '', /test\.cf:4: 'endif' must be standalone/);
});
