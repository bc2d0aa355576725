/**
 * Differential test: renderHtml against the installed SpamAssassin 4.0.1
 * (Mail::SpamAssassin::HTML) on self-written fixtures covering rendering,
 * visibility, statistics and tag URIs. Fails loudly without perl/SpamAssassin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';
import type { HtmlResults } from '../../../../../src/engine/message/analysis-types.js';
import { saRenderHtml } from './sa-html-reference.js';

const FIXTURES = [
  '<p>a &#150; &ampx &AMP; &euro &euro; b</p><o:p/><b/i>q',
  '<html><head><title>My Title</title><style>p{}</style><script>var a=1;</script></head><body>Hello<br>World<div>block</div><p>para</p><li>item</li><td>cell</td><h1>head</h1></body></html>',
  'Vi<!-- x -->agra and V<b></b>ia<i></i>gra',
  '<div style="display:none">hidden one</div> <span style="visibility:hidden">hidden two</span> <font color=white>white</font> <font color=#fefefe>near</font> <font size=1>tiny</font> <font color=bogus>bad</font> shown',
  '<span style="color: red; background-color: red">redred</span><span style="background: url(x.png) #00ff00; color:#00ff00">gg</span><span style="color: transparent">trans</span>',
  '<a href="http://a.example.com/x">link <img src="http://i.example.com/p.gif" width=10 height=20> text</a><a name=top>anchor only</a><a href="#top">back</a>',
  '<base href="http://base.example.com/dir/index.html"><a href="page.html">rel</a><img src="/abs.gif"><form action="mailto:x@example.com"></form><table background="bg.gif"><tr><td background="td.gif">c</td></tr></table>',
  '<meta http-equiv="Refresh" content="5; URL=http://refresh.example.com/go"><iframe src="http://frame.example.com/"></iframe><embed src="e.swf"><object></object><a foo/href="http://slash.example.com/">s</a>',
  '<img width=50% height=10%><img width=abc height=0><img src=x width=3>',
  '<font face="Arial, Helvetica">ok</font><font face="@#$">bad</font><font face=\'"Times New Roman", serif\'>t</font>',
  '<font size=+2>big</font><font size=-1>small</font><basefont size=5><font size=+1>rel</font><big>b</big><small>s</small>',
  '</b></b><b>x</i><!DOCTYPE html><x-foo>y</x-foo><blink>z</blink>',
  'a<!-- unterminated <b>x</b> c',
  '<script>unterminated script <b>x</b>',
  'one two three four\n',
  'word<b>inner</b>join<i>ab</i>cdefghijk lm<u>no</u>p',
  '<p>caf\u00e9 \u201cquoted\u201d \u00a0nb&nbsp;sp</p><a href=\u201chttp://q.example.com/\u201d>q</a>',
  '<table><tr><td><font color=red>a<td>b</font></table><div><span>unclosed<div>x</div>',
  "<a href=' http://trim.example.com/ '>t</a><a href=\"\">empty</a><a href=\"javascript:void(0)\">js</a>",
  '< not a tag > a<b c="d" c="e" f>text</b>&lt;escaped&gt;',
  '<p style="color:rgb(255,255,255)">w</p><p style="color: rgb(300, 0, 0); background-color: #f00">c</p><div style="color:#fff !important">i</div>',
  'a<br/>b<p/>c<hr />d<img src=x />e',
  '<noframes><b>x</b></noframes>y<noembed><i>z</i></noembed>w',
  '<textarea>a&amp;b <b>t</b></textarea><xmp>c&amp;d <i>q</i></xmp>after',
  'text &#0; &#x110000; &#xD800; &#65x &notin &notin; &amp;amp;',
  '<div style="background-color: #123456"><font color="#123457">close colours</font></div>',
  '<span style="Display: none">case</span><span style="display: NONE">upper</span>',
  '<base href="ftp://ftp.example.com/pub/"><a href="file.txt">f</a><a href="//www.example.com/x">pr</a><a href="?q=1">q</a>',
  '<a href="x/../y/./z">dots</a><base href="http://b.example.com/a/b/"><a href="../c">up</a><a href="../../../d">upup</a>',
  '<pre>  spaced   text  </pre><blockquote>q</blockquote><listing>l</listing><plaintext><b>raw</b>',
  'abc<!--c1-->def<!---->ghi<!--->jkl<!-- -- -->mno',
  'a<![CDATA[<b>q</b> &amp; x]]>b',
  // CDATA never closed (its `]]>` lost, say, to a mislabelled charset) runs to the end as raw text; lower case counts too.
  'A<![CDATA[xyz]>B<br>C <b>bold</b> D',
  'A<![cdata[xyz]>B<br>C',
  'A<![cdata[x<b>y</b>]]>B<i>z</i>',
  'A<![CDATA[xyz>B <a href="http://cdata.example.com/">l</a>',
  'q<![if !mso]>r<![endif]>s',
  '<!x>y<?php echo 1 ?>z</>w</ b>v',
  '<span style="color: #abc">short</span><span style="color:#aabbccdd">long</span><font color="abc">nohash</font><font color="#ab">two</font>',
];

/** Our results in HTML.pm's shape (keys Node.pm adds are left out). */
function ours(r: HtmlResults): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of r.values) if (k !== 'html_length' && k !== 'non_space_len' && k !== 'ratio') o[k] = v;
  o['inside'] = Object.fromEntries(r.inside);
  for (const k of ['comment', 'script', 'title', 'anchor']) {
    const a = r.arrays?.get(k) ?? [];
    if (a.length > 0) o[k] = a;
  }
  o['uri'] = [...(r.uri ?? [])].sort();
  for (const [k, v] of r.uriDetail ?? []) {
    const entry: Record<string, unknown> = {};
    if (v.anchorText !== undefined) entry['anchor_text'] = v.anchorText;
    if (v.types.size > 0) entry['types'] = Object.fromEntries([...v.types].map((t) => [t, 1]));
    ((o['uri_detail'] ??= {}) as Record<string, unknown>)[k] = entry;
  }
  return normalise(o);
}

/** Sorted keys, numbers for numeric strings (Perl keeps regex captures as strings), no nulls. */
function normalise(v: unknown): Record<string, unknown> {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string' && /^-?\d+(?:\.\d+)?$/.test(x)) return Number(x);
    if (typeof x === 'number') return Number(x.toPrecision(12));
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') {
      const entries = Object.entries(x).filter(([, y]) => y !== null && y !== undefined);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, y]) => [k, walk(y)]));
    }
    return x;
  };
  return walk(v) as Record<string, unknown>;
}

for (const [i, html] of FIXTURES.entries()) {
  test(`fixture ${i} renders and scores as SpamAssassin does: ${JSON.stringify(html).slice(0, 60)}`, () => {
    const sa = saRenderHtml(html);
    const r = renderHtml(html);
    assert.equal(r.text, sa.text);
    assert.equal(r.visible, sa.visible);
    assert.equal(r.invisible, sa.invisible);
    const theirs = normalise({ ...sa.results, uri: [...((sa.results['uri'] as string[] | undefined) ?? [])].sort() });
    assert.deepEqual(ours(r.results), theirs);
  });
}
