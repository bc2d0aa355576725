import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalValueExpr } from '../../../../src/engine/evals/util/compare-expr.js';
import { fakeHtml, fakeScanContext, fakeUriDetail, runEval } from '../../../helpers/fake-scan-context.js';

const withHtml = (...html: ReturnType<typeof fakeHtml>[]) =>
  fakeScanContext({ headers: 'Subject: short', rendered: { html } });

describe('HTMLEval expressions', () => {
  it('evalValueExpr handles comparisons and simple sums, rejects other text', () => {
    assert.equal(evalValueExpr(3, '!= 0'), true);
    assert.equal(evalValueExpr(0, '!= 0'), false);
    assert.equal(evalValueExpr(300, '< 384'), true);
    assert.equal(evalValueExpr(5, '+ 1 > 5'), true);
    assert.equal(evalValueExpr(5, '== 2 + 3'), true);
    assert.equal(evalValueExpr(5, '; system'), false);
    assert.equal(evalValueExpr(5, '<'), false);
  });
});

describe('HTMLEval tag and range tests', () => {
  const html = fakeHtml({
    inside: new Map([['body', 1], ['img', 0], ['html', 0]]),
    values: new Map<string, number | string>([['bad_tag_ratio', '0.55'], ['max_size', 7], ['font_low_contrast', 1], ['closed_extra_ratio', 'inf']]),
    length: 700, nonSpaceLength: 10, imageArea: 2000,
  });

  it('html_tag_exists and html_tag_balance', async () => {
    assert.equal(await runEval('html_tag_exists', withHtml(html), ['img']), true);
    assert.equal(await runEval('html_tag_exists', withHtml(html), ['script']), false);
    assert.equal(await runEval('html_tag_balance', withHtml(html), ['body', '!= 0']), true);
    assert.equal(await runEval('html_tag_balance', withHtml(html), ['html', '!= 0']), false);
    assert.equal(await runEval('html_tag_balance', withHtml(html), ['head', '!= 0']), false);
    assert.equal(await runEval('html_tag_balance', withHtml(html), ['bo dy', '!= 0']), false);
  });

  it('html_range uses (min, max] and inf', async () => {
    assert.equal(await runEval('html_range', withHtml(html), ['bad_tag_ratio', '0.50', '0.60']), true);
    assert.equal(await runEval('html_range', withHtml(html), ['bad_tag_ratio', '0.55', '0.60']), false);
    assert.equal(await runEval('html_range', withHtml(html), ['max_size', '6', 'inf']), true);
    assert.equal(await runEval('html_range', withHtml(html), ['closed_extra_ratio', '0.09', 'inf']), true);
    assert.equal(await runEval('html_range', withHtml(html), ['closed_extra_ratio', '0.09', '1']), false);
    assert.equal(await runEval('html_range', withHtml(html), ['length', '0', '1024']), true);
    assert.equal(await runEval('html_range', withHtml(html), ['missing', '0', '1']), false);
  });

  it('html_test, html_eval, html_image_only and html_image_ratio', async () => {
    assert.equal(await runEval('html_test', withHtml(html), ['font_low_contrast']), true);
    assert.equal(await runEval('html_test', withHtml(html), ['embeds']), false);
    assert.equal(await runEval('html_eval', withHtml(html), ['length', '< 512']), false);
    assert.equal(await runEval('html_eval', withHtml(fakeHtml({ length: 300 })), ['length', '< 384']), true);
    assert.equal(await runEval('html_image_only', withHtml(html), ['0400', '0800']), true);
    assert.equal(await runEval('html_image_only', withHtml(html), ['0000', '0400']), false);
    assert.equal(await runEval('html_image_only', withHtml(fakeHtml({ length: 500 })), ['0400', '0800']), false);
    assert.equal(await runEval('html_image_ratio', withHtml(html), ['0.004', '0.006']), true);
    assert.equal(await runEval('html_image_ratio', withHtml(fakeHtml({ nonSpaceLength: 5 })), ['0.000', '1']), false);
  });

  it('any rendered HTML part can hit; no HTML never hits', async () => {
    assert.equal(await runEval('html_tag_exists', withHtml(fakeHtml(), html), ['body']), true);
    assert.equal(await runEval('html_tag_exists', withHtml(), ['body']), false);
    assert.equal(await runEval('html_range', withHtml(), ['length', '0', '1024']), false);
  });
});

describe('HTMLEval text tests', () => {
  it('html_text_match searches the named result array', async () => {
    const html = fakeHtml({ title: ['x'.repeat(130)], arrays: new Map([['comment', ['<!-- saved from url=(0022)http://x -->']]]) });
    assert.equal(await runEval('html_text_match', withHtml(html), ['title', '.{120}']), true);
    assert.equal(await runEval('html_text_match', withHtml(html), ['comment', '<!-- saved from url=\\(\\d{4}\\)']), true);
    assert.equal(await runEval('html_text_match', withHtml(html), ['comment', '<!(?!-).{0,6}>']), false);
    assert.equal(await runEval('html_text_match', withHtml(html), ['anchor', '<img>']), false);
    assert.equal(await runEval('html_text_match', withHtml(html), ['title', '(unclosed']), false);
  });

  it('html_title_subject_ratio compares title and Subject lengths', async () => {
    const html = fakeHtml({ title: ['a title much longer than the subject'] });
    assert.equal(await runEval('html_title_subject_ratio', withHtml(html), ['3.5']), true);
    assert.equal(await runEval('html_title_subject_ratio', withHtml(fakeHtml({ title: ['short'] })), ['3.5']), false);
    const noSubject = fakeScanContext({ rendered: { html: [html] } });
    assert.equal(await runEval('html_title_subject_ratio', noSubject, ['3.5']), false);
  });

  it('html_charset_faraway and check_iframe_src', async () => {
    const html = fakeHtml({ values: new Map([['charsets', 'koi8-r']]) });
    assert.equal(await runEval('html_charset_faraway', withHtml(html)), false);
    const en = fakeScanContext({ rendered: { html: [html] }, conf: { okLocales: 'en' } });
    assert.equal(await runEval('html_charset_faraway', en), true);
    const frame = fakeScanContext({ uris: [fakeUriDetail('http://x.example.com/', { types: new Set(['iframe']) })] });
    assert.equal(await runEval('check_iframe_src', frame), true);
    assert.equal(await runEval('check_iframe_src', fakeScanContext({ uris: [fakeUriDetail('http://x.example.com/')] })), false);
  });
});
