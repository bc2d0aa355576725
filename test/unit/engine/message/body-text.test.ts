import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBody, type RenderOptions } from '../../../../src/engine/message/body-text.js';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import { splitShortLines, splitShortParagraphs } from '../../../../src/engine/message/text-split.js';
import { fixture, lines, u8 } from './fixtures.js';

const opts = (o: Partial<RenderOptions> = {}): RenderOptions => ({
  normalizeCharset: true, bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, subject: 'Subj\n', ...o,
});

test('Subject comes first; blank lines make paragraphs; other whitespace collapses', () => {
  const r = renderBody(parseMessage(lines('Subject: Subj', '', 'Para one', 'line two', '', '', 'Para   two\t\tend', '')), opts());
  assert.deepEqual(r.body, ['Subj\n', 'Para one line two\n', 'Para two end ']);
  assert.deepEqual(r.rawbody, ['Para one\nline two\n\n\nPara   two\t\tend\n']);
  assert.deepEqual(r.invisible, []);
});

test('empty input: body is the Subject line, rawbody one empty chunk', () => {
  const r = renderBody(parseMessage(Buffer.alloc(0)), opts({ subject: '\n' }));
  assert.deepEqual(r.body, ['\n']);
  assert.deepEqual(r.rawbody, ['']);
  assert.deepEqual(r.invisible, []);
});

test('body lines are cut at 2048 bytes, after a space when one is in range', () => {
  assert.deepEqual(splitShortLines('a'.repeat(2048) + ' b\n').map((l) => l.length), [2049, 2]);
  assert.deepEqual(splitShortLines('x'.repeat(5000)).map((l) => l.length), [2048, 2048, 904]);
  assert.deepEqual(splitShortLines('ab cd\nef'), ['ab cd\n', 'ef']);
});

test('rawbody is chunked at 2048..4096 bytes preferring newline, then >, then space', () => {
  const text = ('y'.repeat(99) + '\n').repeat(100);
  const chunks = splitShortParagraphs(text);
  assert.equal(chunks.join(''), text);
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= 2048 && c.length <= 4096 && c.endsWith('\n'));
  assert.deepEqual(splitShortParagraphs('z'.repeat(5000)).map((c) => c.length), [2049, 2951]);
  assert.deepEqual(splitShortParagraphs('short'), ['short']);
});

test('parts over the scan size are cut at a nearby newline', () => {
  const body = 'a'.repeat(120) + '\n' + 'b'.repeat(50);
  const r = renderBody(parseMessage(lines('Subject: s', '', body)), opts({ bodyPartScanSize: 100, rawbodyPartScanSize: 100 }));
  assert.deepEqual(r.body, ['Subj\n', 'a'.repeat(120) + ' ']);
  assert.deepEqual(r.rawbody, ['a'.repeat(120) + '\n']);
});

test('charsets: body is UTF-8, rawbody keeps the original octets', () => {
  const r = renderBody(parseMessage(fixture('cp1251-headers.eml')), opts());
  assert.deepEqual(r.body.slice(1), [u8('Привет, мир!\n'), u8('Второй абзац. ')]);
  assert.match(r.rawbody[0]!, /^\xcf\xf0\xe8\xe2\xe5\xf2,/);
  const off = renderBody(parseMessage(fixture('cp1251-headers.eml')), opts({ normalizeCharset: false }));
  assert.equal(off.body[1], '\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0!\n');
});

test('HTML parts (also by file name) go through the renderer; other leaves add only a separator', () => {
  const r = renderBody(parseMessage(fixture('nested-mime.eml')), opts({ subject: 'Nested parts test\n' }));
  assert.deepEqual(r.body, ['Nested parts test\n', u8('Café menu, soft break and tab here.\n'), 'Hello world\n', 'Inner body text.\n', 'rendered as html\n']);
  assert.equal(r.html.length, 2);
  assert.deepEqual(r.textParts.map((p) => p.type), ['text/plain', 'text/html', 'text/plain', 'text/html']);
  assert.equal(r.rawbody.length, 4);
});

test('the body scan size counts characters, not UTF-16 units', () => {
  const text = '\u{1F600}'.repeat(150);
  const r = renderBody(parseMessage(Buffer.from(`Subject: s\nContent-Type: text/plain; charset=utf-8\n\n${text}`, 'utf8')), opts({ bodyPartScanSize: 100 }));
  assert.equal(Buffer.from(r.body[1]!, 'latin1').toString('utf8'), '\u{1F600}'.repeat(100));
});
