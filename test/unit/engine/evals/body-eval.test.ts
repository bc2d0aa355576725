import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortParagraphs } from '../../../../src/engine/evals/body-eval.js';
import { fakeHtml, fakePart, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

describe('BodyEval', () => {
  it('check_body_length compares the pristine body size', async () => {
    const ctx = fakeScanContext({ headers: 'Subject: x', body: 'short body\n' });
    assert.equal(await runEval('check_body_length', ctx, ['128']), true);
    assert.equal(await runEval('check_body_length', ctx, ['5']), false);
    assert.equal(await runEval('check_body_length', fakeScanContext({ headers: 'Subject: x' }), ['128']), true);
  });

  it('tvd_vertical_words finds lines that are mostly spaces', async () => {
    const ctx = fakeScanContext();
    assert.equal(await runEval('tvd_vertical_words', ctx, ['0', '10'], ['normal words in a line here\n']), false);
    assert.equal(await runEval('tvd_vertical_words', fakeScanContext(), ['0', '10'], ['V I A G R A\n']), false);
    assert.equal(await runEval('tvd_vertical_words', fakeScanContext(), ['0', '10'], ['oneverylongwordwithoutspaces\n']), true);
  });

  it('check_blank_line_ratio uses the decoded body lines', async () => {
    const blanky = fakeScanContext({ rendered: { rawbody: ['a\n\n\n\n\n\n\n\n\n\n'] } });
    assert.equal(await runEval('check_blank_line_ratio', blanky, ['80', '90', '4']), true);
    const tiny = fakeScanContext({ rendered: { rawbody: ['a\n'] } });
    assert.equal(await runEval('check_blank_line_ratio', tiny, ['80', '90', '4']), false);
  });

  it('check_stock_info counts distinct stock-tip labels in the first text/plain part', async () => {
    const text = 'Company: Acme\nSymbol: ACME\nCurrent Price: 0.10\nTarget: 2.00\nRating: buy\n';
    const part = fakePart({ type: 'text/plain', body: text });
    const ctx = fakeScanContext({ root: part, rendered: { textParts: [{ type: 'text/plain', charset: '', text, chars: false, decodedBytes: text.length, part }] } });
    assert.equal(await runEval('check_stock_info', ctx, ['2']), true);
    const plain = 'Hello: world\n';
    const p2 = fakePart({ type: 'text/plain', body: plain });
    const c2 = fakeScanContext({ root: p2, rendered: { textParts: [{ type: 'text/plain', charset: '', text: plain, chars: false, decodedBytes: 13, part: p2 }] } });
    assert.equal(await runEval('check_stock_info', c2, ['2']), false);
  });

  it('multipart_alternative_difference compares the words of the text and HTML alternatives', async () => {
    const text = fakePart({ type: 'text/plain', body: 'hello world' });
    const html = fakePart({ type: 'text/html', body: '<p>buy cheap pills now</p>' });
    const root = fakePart({ type: 'multipart/alternative', children: [text, html] });
    const ctx = fakeScanContext({
      root,
      rendered: {
        textParts: [
          { type: 'text/plain', charset: '', text: 'hello world', chars: true, decodedBytes: 11, part: text },
          { type: 'text/html', charset: '', text: 'buy cheap pills now', chars: true, decodedBytes: 26, part: html, html: fakeHtml() },
        ],
      },
    });
    assert.equal(await runEval('multipart_alternative_difference', ctx, ['99', '100']), true);
    assert.equal(await runEval('multipart_alternative_difference_count', ctx, ['3', '1']), false);
    const same = fakeScanContext({
      root,
      rendered: {
        textParts: [
          { type: 'text/plain', charset: '', text: 'buy cheap pills now', chars: true, decodedBytes: 19, part: text },
          { type: 'text/html', charset: '', text: 'buy cheap pills now', chars: true, decodedBytes: 26, part: html },
        ],
      },
    });
    assert.equal(await runEval('multipart_alternative_difference', same, ['99', '100']), false);
    assert.equal(await runEval('multipart_alternative_difference', fakeScanContext(), ['99', '100']), false);
  });

  it('multipart_alternative_difference splits and picks words with Perl\'s \\s and \\w', async () => {
    const text = fakePart({ type: 'text/plain', body: 'x' });
    const html = fakePart({ type: 'text/html', body: 'y' });
    const root = fakePart({ type: 'multipart/alternative', children: [text, html] });
    const withHtml = (htmlText: string, chars: boolean) => fakeScanContext({
      root,
      rendered: {
        textParts: [
          { type: 'text/plain', charset: '', text: 'buy now', chars: true, decodedBytes: 7, part: text },
          { type: 'text/html', charset: '', text: htmlText, chars, decodedBytes: 9, part: html },
        ],
      },
    });
    // ¤ and ³ are no word characters to Perl (a currency sign, a digit that is not decimal): no HTML words, no difference.
    assert.equal(await runEval('multipart_alternative_difference', withHtml('\u00a4\u00b3\u00a4', true), ['1', '100']), false);
    // U+FEFF is no space to Perl, so "buy\uFEFFnow" is one word the text part lacks; U+0085 is a space.
    assert.equal(await runEval('multipart_alternative_difference', withHtml('buy\ufeffnow', true), ['99', '100']), true);
    assert.equal(await runEval('multipart_alternative_difference', withHtml('buy\u0085now', true), ['1', '100']), false);
    // Octets: only ASCII letters make a word, and only ASCII white space splits.
    assert.equal(await runEval('multipart_alternative_difference', withHtml('\xe9\xe9', false), ['1', '100']), false);
    assert.equal(await runEval('multipart_alternative_difference', withHtml('buy\xa0now', false), ['99', '100']), true);
  });

  it('shortParagraphs splits long text near 2 KiB boundaries', () => {
    assert.deepEqual(shortParagraphs('abc'), ['abc']);
    const long = `${'x'.repeat(3000)}\n${'y'.repeat(3000)}`;
    const parts = shortParagraphs(long);
    assert.equal(parts.join(''), long);
    assert.ok(parts.every((p) => p.length <= 4096));
  });
});
