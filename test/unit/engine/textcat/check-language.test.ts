/**
 * What TextCat classifies, and check_language's decision on a message whose
 * languages are known (the classification itself: classifier.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanContext } from '../../../../src/engine/scan/context-types.js';
import { classifiedText } from '../../../../src/engine/textcat/classified-text.js';
import { rememberLanguages } from '../../../../src/engine/textcat/message-languages.js';
import { classifySettings } from '../../../../src/engine/textcat/textcat-settings.js';
import { fakeConfig, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

describe('the text TextCat classifies', () => {
  it('joins the body lines with newlines and drops the leading word: labels of the Subject', () => {
    assert.equal(classifiedText(['Re: Fwd:  AW:Lunch plans\n', 'See you.\n']).text, 'Lunch plans\n\nSee you.\n');
    // A label of one letter, or more than twelve, ends the stripping.
    assert.equal(classifiedText(['A: b: c\n']).text, 'A: b: c\n');
    assert.equal(classifiedText(['Re: Internationalization: x\n']).text, 'Internationalization: x\n');
    assert.equal(classifiedText([`${'re: '.repeat(12)}x\n`]).text, 're: re: x\n');
  });

  it('takes out URLs, addresses and www host names', () => {
    const { text } = classifiedText(['Go to https://a.example/x?y=1, mail bob.smith@b.example or see www.c.example/d now\n']);
    assert.equal(text, 'Go to   mail   or see   now\n');
    assert.equal(classifiedText(['a@1 x@ y\n']).text, 'a@1 x@ y\n', 'an address needs a letter after the @');
    assert.equal(classifiedText(['see http:// x\n']).text, 'see http:// x\n');
    assert.equal(classifiedText(['http://a.example is a link\n']).text, '//a.example is a link\n', 'the scheme is taken for a Subject label first');
  });

  it('keeps the first 10,000 octets and reports their length', () => {
    const long = classifiedText([`${'word '.repeat(3000)}\n`]);
    assert.equal(long.length, 10_000);
    assert.equal(long.text.length, 10_000);
    assert.equal(classifiedText(['Hi\n', 'there\n']).length, 10);
  });
});

describe('TextCat settings', () => {
  it("SpamAssassin's defaults, and ok_languages turning inactive languages back on", () => {
    const s = classifySettings(fakeConfig({ okLanguages: 'en sco' }));
    assert.deepEqual({ ...s, skip: undefined }, { maxNgrams: 400, optimalNgrams: 0, acceptableScore: 1.02, maxLanguages: 3, skip: undefined });
    assert.ok(s.skip.has('yi') && s.skip.has('cy') && !s.skip.has('sco') && !s.skip.has('en'));
    const other = new Map([['inactive_languages', 'de fr'], ['textcat_max_ngrams', '150'], ['textcat_acceptable_score', '1.05']]);
    const t = classifySettings(fakeConfig({ okLanguages: 'fr', other }));
    assert.deepEqual([...t.skip], ['de']);
    assert.equal(t.maxNgrams, 150);
    assert.equal(t.acceptableScore, 1.05);
  });
});

function withLanguages(okLanguages: string, languages: string, length: number): ScanContext & { testLogs: string[] } {
  const ctx = fakeScanContext({ conf: { okLanguages } }) as ScanContext & { testLogs: string[] };
  rememberLanguages(ctx, { languages, length });
  return ctx;
}

describe('TextCat check_language', () => {
  it('hits when languages were found and none is allowed, and notes them', async () => {
    const ctx = withLanguages('en', 'de fr', 5000);
    assert.equal(await runEval('check_language', ctx), true);
    assert.deepEqual(ctx.testLogs, ['Languages detected: de fr']);
    assert.equal(await runEval('check_language', withLanguages('en fr', 'de fr', 5000)), false);
  });

  it('does not hit for ok_languages all, an unknown language, or a disabled plugin', async () => {
    assert.equal(await runEval('check_language', withLanguages('all', 'de', 5000)), false);
    assert.equal(await runEval('check_language', withLanguages('en all', 'de', 5000)), false);
    assert.equal(await runEval('check_language', withLanguages('en', '', 5000)), false);
    assert.equal(await runEval('check_language', fakeScanContext({ conf: { okLanguages: 'en' } })), false);
  });

  it('compares language codes without their encoding', async () => {
    assert.equal(await runEval('check_language', withLanguages('ru', 'ru.koi8-r', 5000)), false);
    const ctx = withLanguages('en', 'ru.utf-8 uk.koi8-r', 5000);
    assert.equal(await runEval('check_language', ctx), true);
    assert.deepEqual(ctx.testLogs, ['Languages detected: ru uk']);
  });

  it('takes Scots for English below 1 KB of text per language found', async () => {
    assert.equal(await runEval('check_language', withLanguages('en', 'sco', 1023)), false);
    assert.equal(await runEval('check_language', withLanguages('sco', 'en', 1023)), false);
    assert.equal(await runEval('check_language', withLanguages('en', 'sco', 1024)), true);
    assert.equal(await runEval('check_language', withLanguages('en', 'sco de', 2047)), false);
    const sure = withLanguages('en', 'sco de', 2048);
    assert.equal(await runEval('check_language', sure), true);
    assert.deepEqual(sure.testLogs, ['Languages detected: sco de']);
    const unsure = withLanguages('fr', 'sco', 500);
    assert.equal(await runEval('check_language', unsure), true);
    assert.deepEqual(unsure.testLogs, ['Languages detected: en'], 'logged as compared');
  });
});
