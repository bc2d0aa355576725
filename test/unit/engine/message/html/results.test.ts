/**
 * The HTML statistics (SpamAssassin's `$pms->{html}` keys) that HTMLEval
 * reads. Expected values were checked against SpamAssassin 4.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';
import { htmlTest, htmlValue } from '../../../../../src/engine/message/html/results-access.js';

function values(html: string): Record<string, number | string> {
  return Object.fromEntries(renderHtml(html).results.values);
}

test('tag balance, extra closes, invalid tags and doctype', () => {
  const r = renderHtml('</b></b><b>x</i><!DOCTYPE html><x-foo>y</x-foo><blink>z</blink>');
  assert.deepEqual(Object.fromEntries(r.results.inside), { b: 1, i: 0, '!doctype': 0, 'x-foo': 0, blink: 0 });
  const v = Object.fromEntries(r.results.values);
  assert.equal(v['closed_extra_ratio'], 3 / 9);
  assert.equal(v['bad_tag_ratio'], 4 / 9);
  assert.equal(v['non_element_ratio'], 0.5);
});

test('tag names run to whitespace or >, Office namespace tags count as elements', () => {
  const r = renderHtml('<p>a</p><o:p/><b/i>q');
  assert.deepEqual(Object.fromEntries(r.results.inside), { p: 0, 'o:p/': 1, 'b/i': 1 });
  assert.equal(r.results.values.get('bad_tag_ratio'), 0.25);
});

test('obfuscation and backhair count words split by markup', () => {
  const v = values('Vi<!-- x -->agra and V<b></b>ia<i></i>gra');
  assert.equal(v['obfuscation_ratio'], 0.75);
  assert.equal(v['backhair_count'], 3);
  const w = values('word<b>inner</b>join<i>ab</i>cdefghijk lm<u>no</u>p');
  assert.equal(w['obfuscation_ratio'], 1);
  assert.equal(w['backhair_count'], 5);
});

test('image area: pixels, percentages of 800x600, 200 for unusable sizes', () => {
  assert.equal(values('<img width=50% height=10%><img width=abc height=0><img src=x width=3>')['image_area'], 400 * 60 + 200 * 200);
});

test('font sizes: relative to basefont, big/small do not move the range', () => {
  const v = values('<font size=+2>big</font><font size=-1>small</font><basefont size=5><font size=+1>rel</font><big>b</big><small>s</small>');
  assert.equal(v['max_size'], 6);
  assert.equal(v['min_size'], 2);
});

test('font_face_bad, form_action_mailto, embeds', () => {
  assert.equal(values('<font face="Arial, Helvetica">ok</font>')['font_face_bad'], undefined);
  assert.equal(values('<font face=\'"Times New Roman", serif\'>a</font><font face="Verdana;">b</font>')['font_face_bad'], undefined);
  assert.equal(values('<font face="@#$">bad</font>')['font_face_bad'], 1);
  assert.equal(values('<form action="MAILTO:x@example.com"></form>')['form_action_mailto'], 1);
  assert.equal(values('<object></object>')['embeds'], 1);
});

test('lengths: source length, rendered length, non-space length and ratio to the decoded size', () => {
  const r = renderHtml('<p>caf\u00e9 ok</p>', { decodedBytes: 40 });
  const v = Object.fromEntries(r.results.values);
  assert.equal(v['length'], 14);
  assert.equal(v['html_length'], 11);
  assert.equal(v['non_space_len'], 6);
  assert.equal(v['ratio'], (40 - 11) / 40);
  assert.equal(r.results.length, 11);
  assert.equal(r.results.nonSpaceLength, 6);
  assert.equal(renderHtml('<p>x</p>').results.values.has('ratio'), false);
});

test('non_space_len counts only ASCII whitespace for octet input', () => {
  const text = 'a\u0085b\u00a0c';
  assert.equal(renderHtml(text).results.values.get('non_space_len'), 3);
  assert.equal(renderHtml(text, { octets: true }).results.values.get('non_space_len'), 5);
});

test('titles, anchors and comments are collected as written', () => {
  const r = renderHtml('<title>t1</title><title>t2 &amp; more</title><a href="x">one <b>two</b></a><!-- c -->');
  assert.deepEqual(r.results.title, ['t1', 't2 & more']);
  assert.deepEqual(r.results.anchorText, ['one two']);
  assert.deepEqual(r.results.arrays?.get('comment'), ['<!-- c -->']);
});

test('htmlValue and htmlTest read keys the way HTMLEval does', () => {
  const r = renderHtml('<title>T</title><img width=10 height=10>').results;
  assert.equal(htmlValue(r, 'image_area'), 100);
  assert.deepEqual(htmlValue(r, 'title'), ['T']);
  assert.equal((htmlValue(r, 'inside') as ReadonlyMap<string, number>).get('img'), 1);
  assert.equal(htmlTest(r, 'html'), true);
  assert.equal(htmlTest(r, 'font_low_contrast'), false);
  assert.equal(htmlValue(r, 'no_such_key'), undefined);
});
