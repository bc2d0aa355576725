/**
 * Invisible text: which styles hide text, how the visible and invisible
 * renderings split, and the flags that go with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';

test('display:none, visibility:hidden, same or near colour, tiny font and bad colour are invisible', () => {
  const r = renderHtml(
    '<div style="display:none">hidden one</div> <span style="visibility:hidden">hidden two</span> ' +
      '<font color=white>white</font> <font color=#fefefe>near</font> <font size=1>tiny</font> ' +
      '<font color=bogus>bad</font> shown',
  );
  assert.equal(r.text, '\nhidden one\nhidden two white near tiny bad shown');
  assert.equal(r.invisible, 'hidden onehidden twowhiteneartinybad');
  assert.equal(r.visible, '\n\n     shown');
  assert.equal(r.results.values.get('font_low_contrast'), 1);
  assert.equal(r.results.values.get('font_invalid_color'), 1);
  assert.equal(r.results.values.get('min_size'), 1);
});

test('the bgcolor attribute has no effect, CSS backgrounds do', () => {
  assert.equal(renderHtml('<body bgcolor=black><font color=black>on black</font></body>').invisible, '');
  const css = renderHtml(
    '<span style="color: red; background-color: red">a</span>' +
      '<span style="background: url(x.png) #00ff00; color:#00ff00">b</span><span style="color: transparent">c</span>',
  );
  assert.equal(css.invisible, 'abc');
});

test('body text colour equal to the default white background hides the text', () => {
  const r = renderHtml('<body text="#ffffff">white body text</body>');
  assert.equal(r.invisible, 'white body text');
});

test('property names are case-sensitive, values are not; !important on display is not "none"', () => {
  const r = renderHtml('<span style="Display: none">case</span><span style="display: NONE">upper</span><span style="display:none !important">imp</span>');
  assert.equal(r.invisible, 'upper');
});

test('rgb() colours, clamping and !important on colours', () => {
  const r = renderHtml(
    '<p style="color:rgb(255,255,255)">w</p><p style="color: rgb(300, 0, 0); background-color: #f00">c</p><div style="color:#fff !important">i</div>',
  );
  assert.equal(r.invisible, 'wci');
});

test('whitespace-only text is never invisible', () => {
  const r = renderHtml('<font color=white>   </font>x');
  assert.equal(r.invisible, '');
  assert.equal(r.results.values.has('font_low_contrast'), false);
});

test('a new cell closes the previous cell and fonts inside it', () => {
  const r = renderHtml('<td style="color:white">a</td><th>b</th><tr><td>c');
  assert.equal(r.invisible, 'a');
  assert.equal(r.text, ' a  b  c');
});
