/**
 * Hostile HTML: deep nesting, megabytes of tags, unterminated constructs and
 * long attribute values must render in linear time and never throw. Each
 * case doubles its size and checks the time does not grow quadratically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';

const CASES: Record<string, (n: number) => string> = {
  'deep nesting closed by a tag never opened': (n) => '<div>'.repeat(n) + '</span>'.repeat(n),
  'nested fonts and cells': (n) => '<font color=red><td>'.repeat(n) + 'x',
  'many small tags': (n) => '<b>a</b>'.repeat(n),
  'unterminated comments': (n) => 'a<!-- b>'.repeat(n),
  'one unterminated comment': (n) => '<!--' + 'x'.repeat(n * 8),
  'HTML5-only comment ends': (n) => '<!--->x-->'.repeat(n),
  'stray < soup': (n) => '< '.repeat(n * 4),
  'entity soup': (n) => '&amp'.repeat(n * 2) + '&#' + '9'.repeat(n),
  'spaces inside an href': (n) => `<a href="a${' '.repeat(n * 8)}b">x</a>`,
  'long font face': (n) => `<font face="${'a '.repeat(n * 4)}!">x</font>`,
  'spaces inside a style value': (n) => `<span style="color: a${' '.repeat(n * 8)}b !important">x</span>`,
  'long base href': (n) => `<base href="http://a/${'a.'.repeat(n)}html"><a href="${'../'.repeat(n)}x">y</a>`,
  'unclosed script': (n) => '<script>' + 'x<y '.repeat(n * 2),
  'nested noframes': (n) => '<noframes>'.repeat(n) + 'x',
};

function timed(html: string): number {
  const start = process.hrtime.bigint();
  const r = renderHtml(html);
  assert.equal(typeof r.text, 'string');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

for (const [name, make] of Object.entries(CASES)) {
  test(`hostile input renders in linear time: ${name}`, () => {
    timed(make(1000));
    const small = Math.max(timed(make(10000)), 1);
    const large = timed(make(40000));
    // 4x the input; quadratic work would take about 16x. The margin absorbs timing noise.
    assert.ok(large < small * 12 + 1000, `${small.toFixed(1)} ms → ${large.toFixed(1)} ms`);
  });
}

test('an empty document and plain text without markup', () => {
  assert.equal(renderHtml('').text, '');
  assert.equal(renderHtml('').results.values.get('html'), 1);
  assert.equal(renderHtml('just text').text, 'just text');
});
