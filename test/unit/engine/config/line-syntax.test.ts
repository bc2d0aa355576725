import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyLang, localeLanguage, stripComment, toLogicalLine } from '../../../../src/engine/config/line-syntax.js';
import { parseText } from './config-helpers.js';

test('comments end at the first unescaped #, and \\# becomes #', () => {
  assert.equal(stripComment('body X /a/ # comment'), 'body X /a/ ');
  assert.equal(stripComment('body X /a\\#b/ # c'), 'body X /a#b/ ');
  assert.equal(stripComment('no hash here'), 'no hash here');
});

test('keys are lower-cased and dashes become underscores; the value is the rest', () => {
  assert.deepEqual(toLogicalLine('  Required-Score   7.5  ', 'en_US'), {
    key: 'required_score',
    value: '7.5',
    text: 'Required-Score   7.5',
  });
  assert.equal(toLogicalLine('   # only a comment', 'en_US'), undefined);
  assert.equal(toLogicalLine('0', 'en_US'), undefined, 'Perl skips a line that is just "0"');
});

test('lang lines apply only when the locale starts with the prefix', () => {
  assert.equal(applyLang('lang de describe X Hallo', 'de_DE'), 'describe X Hallo');
  assert.equal(applyLang('lang de describe X Hallo', 'en_US'), undefined);
  assert.equal(applyLang('lang pt_br describe X Ola', 'pt_BR'), 'describe X Ola');
  assert.equal(applyLang('language is not a prefix', 'en_US'), 'language is not a prefix');
});

test('the locale comes from LANGUAGE, LC_ALL, LC_MESSAGES, LANG; C and POSIX mean en_US', () => {
  assert.equal(localeLanguage({ LANGUAGE: 'fr:de', LANG: 'de_DE' }), 'fr');
  assert.equal(localeLanguage({ LC_ALL: 'de_DE.UTF-8' }), 'de_DE');
  assert.equal(localeLanguage({ LC_MESSAGES: 'nl_NL@euro' }), 'nl_NL');
  assert.equal(localeLanguage({ LANG: 'C' }), 'en_US');
  assert.equal(localeLanguage({}), 'en_US');
});

test('translated describe lines replace the English one only in that locale', () => {
  const text = 'body X /x/\ndescribe X English\nlang de describe X Deutsch';
  assert.equal(parseText(text, { lang: 'de_DE' }).config.describe.get('X'), 'Deutsch');
  assert.equal(parseText(text, { lang: 'en_US' }).config.describe.get('X'), 'English');
});

test('there is no line continuation: a trailing backslash is literal', () => {
  const { config, errors } = parseText('add_header all Foo a\\\nbody X /y/');
  assert.deepEqual(errors, []);
  assert.equal(config.headersHam.find((h) => h.name === 'Foo')?.template, 'a\\');
  assert.ok(config.rules.has('X'), 'the next line is its own directive');
});

test('# UPDATE version lines are recorded for _RULESVERSION_', () => {
  const { config } = parseText('# UPDATE version 1900000\nbody X /x/');
  assert.deepEqual(config.rulesVersions, ['1900000']);
});
