/**
 * Building blocks of the HTML renderer: entity decoding, colour parsing,
 * CSS background layers, link resolution against a base.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities } from '../../../../../src/engine/message/html/entities.js';
import { cssRgbToHex, nameToRgb } from '../../../../../src/engine/message/html/colors.js';
import { parseCssBackground } from '../../../../../src/engine/message/html/css-background.js';
import { baseFromHref, removeDotSegments, targetUri } from '../../../../../src/engine/message/html/uri-target.js';

test('entities in attribute values need a non-alphanumeric after a bare name', () => {
  assert.equal(decodeEntities('1&copyx 2&amp=3&#65x 5&lt 6&notin; 7&notin', true), '1&copyx 2&=3Ax 5< 6\u2209 7&notin');
  assert.equal(decodeEntities('1&copyx 7&notin'), '1\u00a9x 7\u00acin');
  assert.equal(decodeEntities('&#x41;&#X42;&#67;&#xZ;&'), 'ABC&#xZ;&');
});

test('named, hex, short hex and rgb colours; anything else is invalid', () => {
  assert.equal(nameToRgb('White'), '#ffffff');
  assert.equal(nameToRgb(' #ABC '), '#aabbcc');
  assert.equal(nameToRgb('#aabbccdd'), '#aabbcc');
  assert.equal(nameToRgb('#abcd'), '#aabbcc');
  assert.equal(nameToRgb('#ab'), '#aabb00');
  assert.equal(nameToRgb('ffffff'), 'invalid');
  assert.equal(nameToRgb('bogus'), 'invalid');
  assert.equal(nameToRgb('rgb(255, 0, 16)'), '#ff0010');
  assert.equal(nameToRgb('rgb(100%, 50%, 0%)'), '#ff7f00');
  assert.equal(cssRgbToHex('rgb(300, -5, 12)'), '#ff050c');
});

test('CSS background values split into layers and values', () => {
  assert.deepEqual(parseCssBackground('url("a b.png") no-repeat, rgb(1, 2, 3) #fff'), [
    ['url("a b.png")', 'no-repeat'],
    ['rgb(1, 2, 3)', '#fff'],
  ]);
});

test('links resolve against a base; dot segments are removed', () => {
  assert.equal(targetUri('http://h.example.com/a/b/', '../c'), 'http://h.example.com/a/c');
  assert.equal(targetUri('http://h.example.com/a/b/', 'http://other.example.com/x'), 'http://other.example.com/x');
  assert.equal(targetUri('http://h.example.com/a/', 'http:rel'), 'http://h.example.com/a/rel');
  assert.equal(targetUri('', '//www2.example.com/p'), 'http://www2.example.com/p');
  assert.equal(targetUri('', '//ftp.example.com/p'), 'ftp://ftp.example.com/p');
  assert.equal(targetUri('', 'page.html'), 'page.html');
  assert.equal(removeDotSegments('/a/./b/../c/'), '/a/c/');
  assert.equal(baseFromHref('http://h.example.com/dir/index.html'), 'http://h.example.com/dir/');
  assert.equal(baseFromHref('http://h.example.com/dir'), 'http://h.example.com/dir/');
  assert.equal(baseFromHref('mailto:x@example.com'), undefined);
});
