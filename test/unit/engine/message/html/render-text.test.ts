/**
 * Rendered text of renderHtml: block whitespace, joins across comments and
 * empty tags, entities, dropped script/style, title, the source rewrites.
 * Expected values were checked against SpamAssassin 4.0.1's HTML.pm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';

test('block tags insert newlines, blank lines or spaces; title is its own paragraph', () => {
  const r = renderHtml(
    '<html><head><title>My Title</title><style>p{}</style><script>var a=1;</script></head>' +
      '<body>Hello<br>World<div>block</div><p>para</p><li>item</li><td>cell</td><h1>head</h1></body></html>',
  );
  assert.equal(r.text, '\n\nMy Title\n\nHello\nWorld\nblock\n\n\npara\n\n item  cell  head ');
  assert.deepEqual(r.results.title, ['My Title']);
  assert.deepEqual(r.results.arrays?.get('script'), ['var a=1;']);
});

test('comments and empty inline tags inside a word join it back together', () => {
  const r = renderHtml('Vi<!-- x -->agra and V<b></b>ia<i></i>gra');
  assert.equal(r.text, 'Viagra and Viagra');
  assert.deepEqual(r.results.arrays?.get('comment'), ['<!-- x -->']);
});

test('entities follow HTML::Parser: no cp1252 remap, Latin-1 names without semicolon, HTML4 names only', () => {
  const r = renderHtml('<p>a &#150; &ampx &AMP; &euro &euro; b</p>');
  assert.equal(r.text, '\n\na \u0096 &x &AMP; &euro \u20ac b\n\n');
  const edge = renderHtml('text &#0; &#x110000; &#xD800; &#65x &notin &notin; &amp;amp;');
  assert.equal(edge.text, 'text &#0; &#x110000; \ufffd Ax \u00acin \u2209 &amp;');
});

test('&nbsp; becomes a plain space, curly quotes become straight, <br/> is <br>', () => {
  const r = renderHtml('<p>caf\u00e9 \u201cq\u201d nb&nbsp;sp</p>a<br/>b<p/>c');
  assert.equal(r.text, '\n\ncaf\u00e9 "q" nb sp\n\na\nb\n\nc');
});

test('text not starting markup stays text, including stray < and escaped tags', () => {
  assert.equal(renderHtml('x < y and y > z <3 hearts').text, 'x < y and y > z <3 hearts');
  assert.equal(renderHtml('&lt;script&gt;not&lt;/script&gt;').text, '<script>not</script>');
});

test('textarea and title decode entities but keep tags as text; xmp keeps both raw', () => {
  const r = renderHtml('<textarea>a&amp;b <b>t</b></textarea><xmp>c&amp;d <i>q</i></xmp>after');
  assert.equal(r.text, 'a&b <b>t</b>\n\nc&amp;d <i>q</i>\n\nafter');
});

test('noframes and noembed content is parsed as HTML', () => {
  const r = renderHtml('<noframes><b>x</b></noframes>y<noembed><i>z</i></noembed>w');
  assert.equal(r.text, 'xyzw');
  assert.equal(r.results.inside.get('b'), 0);
});

test('an unterminated comment ends at the next >, an unterminated script swallows the rest', () => {
  const c = renderHtml('a<!-- unterminated <b>x</b> c');
  assert.equal(c.text, 'ax c');
  assert.deepEqual(c.results.arrays?.get('comment'), ['<!-- unterminated <b>']);
  const s = renderHtml('<script>unterminated script <b>x</b>');
  assert.equal(s.text, '');
  assert.deepEqual(s.results.arrays?.get('script'), ['unterminated script <b>x</b>']);
});

test('comments end at "--" + optional space + ">", not at HTML5 abrupt ends', () => {
  const r = renderHtml('abc<!--c1-->def<!---->ghi<!--->jkl<!-- -- -->mno');
  assert.equal(r.text, 'abcdefghimno');
  assert.deepEqual(r.results.arrays?.get('comment'), ['<!--c1-->', '<!---->', '<!--->jkl<!-- -- -->']);
});

test('whitespace runs in text become one space; trailing space is trimmed before block whitespace', () => {
  assert.equal(renderHtml('one   two\n\tthree<br>four').text, 'one two three\nfour');
  assert.equal(renderHtml('<p>  spaced  </p>').text, '\n\nspaced\n\n');
});
