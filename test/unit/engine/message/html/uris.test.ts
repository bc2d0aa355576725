/**
 * URIs found in HTML tags and attributes, with their tag types, `<base>`
 * resolution and anchor texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';

function detail(html: string): Record<string, { types: string[]; anchor?: string[] }> {
  const out: Record<string, { types: string[]; anchor?: string[] }> = {};
  for (const [k, v] of renderHtml(html).results.uriDetail ?? []) {
    out[k] = { types: [...v.types].sort(), ...(v.anchorText !== undefined ? { anchor: v.anchorText } : {}) };
  }
  return out;
}

test('anchors, images inside anchors, anchors without href', () => {
  assert.deepEqual(
    detail('<a href="http://a.example.com/x">link <img src="http://i.example.com/p.gif" width=10 height=20> text</a><a name=top>anchor only</a><a href="#top">back</a>'),
    {
      'http://a.example.com/x': { types: ['a'], anchor: ['link <img>\n text'] },
      'http://i.example.com/p.gif': { types: ['img'] },
      '': { types: [], anchor: ['anchor only'] },
      '#top': { types: ['a'], anchor: ['back'] },
    },
  );
});

test('base href resolves relative links; anchor text stays under the written href', () => {
  assert.deepEqual(
    detail('<base href="http://base.example.com/dir/index.html"><a href="page.html">rel</a><img src="/abs.gif"><form action="mailto:x@example.com"></form><table background="bg.gif"><tr><td background="td.gif">c</td></tr></table>'),
    {
      'http://base.example.com/dir/index.html': { types: ['base'] },
      'http://base.example.com/dir/page.html': { types: ['a'] },
      'page.html': { types: [], anchor: ['rel'] },
      'http://base.example.com/abs.gif': { types: ['img'] },
      'mailto:x@example.com': { types: ['form'] },
      'http://base.example.com/dir/bg.gif': { types: ['table'] },
      'http://base.example.com/dir/td.gif': { types: ['td'] },
    },
  );
});

test('meta refresh, iframe, embed, broken x/href attributes and data-saferedirecturl', () => {
  assert.deepEqual(
    detail('<meta http-equiv="Refresh" content="5; URL=http://refresh.example.com/go"><iframe src="http://frame.example.com/"></iframe><embed src="e.swf"><a foo/href="http://slash.example.com/">s</a><a href="http://x.example.com/" data-saferedirecturl="http://safe.example.com/">d</a>'),
    {
      'http://refresh.example.com/go': { types: ['meta'] },
      'http://frame.example.com/': { types: ['iframe'] },
      'e.swf': { types: ['embed'] },
      'http://slash.example.com/': { types: ['a'], anchor: ['s'] },
      'http://x.example.com/': { types: ['a'], anchor: ['d'] },
      'http://safe.example.com/': { types: ['a'] },
    },
  );
});

test('hrefs are trimmed, entity-decoded, curly-quoted hrefs are fixed, empty ones skipped', () => {
  const d = detail('<a href=\' http://trim.example.com/ \'>t</a><a href="">e</a><a href="http://a.example.com/?a=1&amp;b=2&copy=3">x</a><a href=\u201chttp://q.example.com/\u201d>q</a>');
  assert.deepEqual(Object.keys(d), ['http://trim.example.com/', '', 'http://a.example.com/?a=1&b=2\u00a9=3', 'http://q.example.com/']);
});

test('scheme-less //www hosts get http:, other relative forms are kept against an ftp base', () => {
  assert.deepEqual(detail('<a href="//www.example.com/x">w</a>'), {
    'http://www.example.com/x': { types: ['a'] },
    '//www.example.com/x': { types: [], anchor: ['w'] },
  });
  const d = detail('<base href="ftp://ftp.example.com/pub/"><a href="file.txt">f</a><a href="?q=1">q</a>');
  assert.ok('ftp://ftp.example.com/pub/file.txt' in d);
  assert.ok('ftp://ftp.example.com/pub/?q=1' in d);
});

test('overlong URIs are cut to 8192 characters and flagged', () => {
  const r = renderHtml(`<a href="http://long.example.com/${'a'.repeat(9000)}">x</a>`).results;
  assert.equal(r.uriTruncated, true);
  assert.equal(r.values.get('uri_truncated'), 1);
  assert.ok([...(r.uriDetail ?? new Map()).keys()].every((k) => k.length <= 8192));
});

test('renderHtml lists tag URIs flat, the first entry of a URI carrying its anchor texts', () => {
  const r = renderHtml('<a href="http://a.example.com/">one</a><a href="http://a.example.com/">two</a>');
  assert.deepEqual(r.uris, [{ uri: 'http://a.example.com/', type: 'a', anchorText: 'one', anchorTexts: ['one', 'two'] }]);
});
