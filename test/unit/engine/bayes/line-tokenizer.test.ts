import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LineTokenizerOptions, mailAddressTokens, tokenizeLine } from '../../../../src/engine/bayes/line-tokenizer.js';

const opts = (stopwords: RegExp[] = []): LineTokenizerOptions => ({ maxTokenLength: 15, stopwords, stopwordCache: new Map() });
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

describe('tokenizeLine', () => {
  it('decomposes a capitalised word with punctuation (the documented Viagra! example)', () => {
    assert.deepEqual(tokenizeLine('buy Viagra!', '', 1, opts()), ['buy', 'Viagra', 'viagra!', 'viagra', 'Viagra!']);
  });

  it('lower-cases title case at the start of a line in the body but not in headers', () => {
    assert.deepEqual(tokenizeLine('Hello there', '', 1, opts()), ['hello', 'there']);
    assert.deepEqual(tokenizeLine('Hello there', 'HX-Foo:', 0, opts()), ['HX-Foo:Hello', 'HX-Foo:there']);
  });

  it('drops short tokens and trims quotes, dots and dashes at the ends', () => {
    assert.deepEqual(tokenizeLine('"quoted". an -dash-', '', 1, opts()), ['quoted', 'dash']);
  });

  it('splits on runs of dots (the run itself is then trimmed away)', () => {
    assert.deepEqual(tokenizeLine('wait...what', '', 1, opts()), ['wait', 'what']);
  });

  it('turns long tokens into sk: stubs in the body but keeps them whole in URIs', () => {
    assert.deepEqual(tokenizeLine('abcdefghijklmnopq', '', 1, opts()), ['sk:abcdefg']);
    assert.deepEqual(tokenizeLine('abcdefghijklmnopq', '', 2, opts()), ['abcdefghijklmnopq']);
    // Fewer than two bytes after the seven characters: the token stays whole.
    assert.deepEqual(tokenizeLine('abcdefghijklmnop', '', 0, opts()).length, 1);
  });

  it('keeps header tokens containing * whole however long they are', () => {
    assert.deepEqual(tokenizeLine('D*very-long-domain-name.example', 'H*F:', 0, opts()), ['H*F:D*very-long-domain-name.example']);
  });

  it('splits long UTF-8 runs of 3-byte characters into u8: tokens', () => {
    const cjk = utf8('日本語のテキストです');
    const toks = tokenizeLine(cjk, '', 1, opts());
    assert.equal(toks.length, 10);
    assert.equal(toks[0], `u8:${utf8('日')}`);
  });

  it('emits address and host breakouts without the region prefix', () => {
    // SpamAssassin's suffix loop also emits the bare top-level label (D*com, UD:com).
    assert.deepEqual(tokenizeLine('jo@a.example', 'I*:', 1, opts()), ['U*jo', 'D*a.example', 'D*example', 'I*:joaexample', 'I*:jo@a.example']);
    assert.deepEqual(tokenizeLine('www.example.com', '', 2, opts()), ['UD:www.example.com', 'UD:example.com', 'UD:com', 'wwwexamplecom', 'www.example.com']);
  });

  it('skips stopwords case-insensitively', () => {
    assert.deepEqual(tokenizeLine('the THE theory', '', 1, opts([/^(?:the)$/i])), ['theory']);
  });

  it('replaces control characters and stray punctuation with separators', () => {
    assert.deepEqual(tokenizeLine('foo<bar>\tbaz', '', 1, opts()), ['foo', 'bar', 'baz']);
  });
});

describe('mailAddressTokens', () => {
  it('splits at the last @ and emits every dotted domain suffix', () => {
    assert.deepEqual(mailAddressTokens('a@x.y.com'), ['U*a', 'D*x.y.com', 'D*y.com', 'D*com']);
    assert.deepEqual(mailAddressTokens('nodomain'), []);
  });
});
