import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldHeaderValue, mimeEncodeHeader } from '../../../../src/engine/report/header-fold.js';
import { wrap } from '../../../../src/engine/report/wrap.js';

test('X-Spam-Status folds at 79 columns after a comma or space, with tab continuations', () => {
  const value = 'Yes, score=7.3 required=5.0 tests=BAYES_99,BAYES_999,HTML_MESSAGE,MIME_HTML_ONLY autolearn=no autolearn_force=no version=4.0.1';
  const folded = foldHeaderValue('Status', value, true);
  assert.equal(
    folded,
    'Yes, score=7.3 required=5.0 tests=BAYES_99,BAYES_999,\n\tHTML_MESSAGE,MIME_HTML_ONLY autolearn=no autolearn_force=no\n\tversion=4.0.1',
  );
  for (const [i, line] of `X-Spam-Status: ${folded}`.split('\n').entries()) {
    const width = line.length + (i > 0 ? 7 : 0);
    assert.ok(width <= 79, line);
  }
});

test('the ham example from the spec folds before autolearn_force', () => {
  const value = 'No, score=1.3 required=5.0 tests=RCVD_ILLEGAL_IP autolearn=no autolearn_force=no version=4.0.1';
  assert.equal(foldHeaderValue('Status', value, true), 'No, score=1.3 required=5.0 tests=RCVD_ILLEGAL_IP autolearn=no\n\tautolearn_force=no version=4.0.1');
});

test('a value with explicit newlines is re-indented, and fold_headers 0 joins lines', () => {
  assert.equal(foldHeaderValue('Report', 'a\n  b\nc\n', true), 'a\n\tb\n\tc');
  assert.equal(foldHeaderValue('Report', 'a\nb', false), 'a b');
});

test('wrap keeps the separators as SpamAssassin does (outputs checked against Util::wrap)', () => {
  // The separator after a full line starts the next one: Util::wrap gives "aaa bbb\n ccc".
  assert.equal(wrap('aaa bbb ccc', { length: 7 }), 'aaa bbb\n ccc');
  assert.equal(wrap('one two', { first: 'First:  ', length: 10, prefix: '  ' }), 'First:  one\n   two');
});

test('non-ASCII header text is encoded as a UTF-8 encoded-word, ASCII words kept', () => {
  const utf8 = Buffer.from('Spam rapport: caf\u00e9 done\n', 'utf8').toString('latin1');
  assert.equal(mimeEncodeHeader(utf8), 'Spam rapport: =?UTF-8?Q?caf=C3=A9?= done\n');
  assert.equal(mimeEncodeHeader('plain ascii\n'), 'plain ascii\n');
});
