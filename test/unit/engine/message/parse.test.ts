import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import type { MimePart } from '../../../../src/engine/message/types.js';
import { fixture, lines } from './fixtures.js';

const types = (p: MimePart): unknown => (p.isLeaf ? p.type : [p.type, p.children.map(types)]);

test('mbox From line is removed and kept as the separator only', () => {
  const m = parseMessage(lines('From someone@example.org Mon Jan  6 10:00:00 2025', 'Subject: hi', '', 'From here on', '>From there'));
  assert.equal(m.mboxSeparator, 'From someone@example.org Mon Jan  6 10:00:00 2025\n');
  assert.deepEqual(m.headers.map((h) => h.name), ['Subject']);
  assert.equal(m.pristineBody.toString('latin1'), 'From here on\n>From there');
  assert.equal(parseMessage(lines('From: a@example.org', '', 'x')).mboxSeparator, null);
});

test('CRLF mode is chosen from the first or last line only', () => {
  const m = parseMessage(fixture('crlf.eml'));
  assert.equal(m.crlf, true);
  assert.equal(m.headers[0]!.rawValue, ' crlf test\n');
  assert.equal(m.root.decoded().toString('latin1'), 'line one\nline two\n');
  const inner = parseMessage(Buffer.from('Subject: x\n\nbody\r\r\r\nmore\nend\n', 'latin1'));
  assert.equal(inner.crlf, false);
  assert.match(inner.root.decoded().toString('latin1'), /\r\r\r\n/);
});

test('header section ends at a blank line, a -- line, EOF, or a 4th invalid line', () => {
  const eof = parseMessage(lines('Subject: only headers', 'X-A: 1'));
  assert.equal(eof.flags.missingHeadBodySeparator, true);
  assert.deepEqual(eof.headers.map((h) => h.name), ['Subject', 'X-A']);
  const dash = parseMessage(lines('Subject: s', '--boundary', 'X-Not: header'));
  assert.equal(dash.flags.missingHeadBodySeparator, true);
  assert.equal(dash.pristineBody.toString('latin1'), '--boundary\nX-Not: header');
  const three = parseMessage(lines('Subject: s', 'junk one', 'junk two', 'junk three', 'X-After: kept', '', 'b'));
  assert.equal(three.flags.missingHeadBodySeparator, false);
  assert.deepEqual(three.headers.map((h) => h.name), ['Subject', 'X-After']);
  assert.equal(three.rawHeaderLines.length, 5);
  const four = parseMessage(lines('Subject: s', 'j1', 'j2', 'j3', 'j4', 'X-After: body now', '', 'b'));
  assert.equal(four.flags.missingHeadBodySeparator, true);
  assert.deepEqual(four.headers.map((h) => h.name), ['Subject']);
});

test('an invalid line with a colon still becomes a field; whitespace before a colon is dropped', () => {
  const m = parseMessage(lines('Bad Name: v1', 'Spaced  : v2', '', 'b'));
  assert.deepEqual(m.headers.map((h) => [h.name, h.rawValue]), [['Bad Name', ' v1\n'], ['Spaced', ' v2\n']]);
});

test('long header values and names are cut at 8192 and 256 bytes', () => {
  const m = parseMessage(lines('X-Long: ' + 'a'.repeat(9000), 'N'.repeat(300) + ': v', '', 'b'));
  assert.equal(m.flags.truncatedHeader, true);
  assert.equal(m.headers[0]!.rawValue.length, 8192);
  assert.equal(m.headers[1]!.name.length, 256);
});

test('empty input parses as a single newline', () => {
  const m = parseMessage(Buffer.alloc(0));
  assert.equal(m.headers.length, 0);
  assert.equal(m.root.type, 'text/plain');
  assert.equal(m.root.isLeaf, true);
});

test('nested MIME: preamble and epilogue dropped, message/rfc822 parsed as a child, names, types', () => {
  const m = parseMessage(fixture('nested-mime.eml'));
  assert.deepEqual(types(m.root), [
    'multipart/mixed',
    [['multipart/alternative', ['text/plain', 'text/html']], ['message/rfc822', ['text/plain']], 'application/octet-stream', 'text/plain'],
  ]);
  const [alt, rfc, bin, named] = m.root.children as MimePart[];
  assert.equal(alt!.children[0]!.decoded().toString('latin1'), 'Caf\xc3\xa9 menu, soft break and tab\there.\n');
  assert.equal(rfc!.children[0]!.header('subject')[0], 'Inner message');
  assert.deepEqual([...bin!.decoded()], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(bin!.name, 'blob.bin');
  assert.equal(named!.effectiveType, 'text/html');
  assert.equal(m.flags.mimeEpilogueExists, true);
  assert.equal(m.flags.mimeBoundaryMissing, false);
});

test('missing closing boundary, missing part headers and head/body separator are flagged', () => {
  const m = parseMessage(lines('Content-Type: multipart/mixed; boundary=b', '', '--b', 'no header here', '--b', 'Content-Type: text/plain', 'text straight away'));
  assert.equal(m.flags.mimeBoundaryMissing, true);
  assert.equal(m.flags.missingMimeHeaders, true);
  assert.equal(m.flags.missingMimeHeadBodySeparator, true);
  assert.equal(m.root.children.length, 2);
});

test('default part types: digest children are message/rfc822, no boundary gives text/plain', () => {
  const d = parseMessage(lines('Content-Type: multipart/digest; boundary=d', '', '--d', '', 'Subject: in digest', '', 'x', '--d--'));
  assert.equal(d.root.children[0]!.type, 'message/rfc822');
  assert.equal(d.root.children[0]!.children[0]!.header('subject')[0], 'in digest');
  assert.equal(parseMessage(lines('Content-Type: multipart/mixed', '', 'x')).root.type, 'text/plain');
  assert.equal(parseMessage(lines('Content-Type: Text/Enriched', '', 'x')).root.type, 'text/plain');
});

test('lines longer than 2048 bytes are cut inside multiparts only', () => {
  const long = 'x'.repeat(5000);
  const mp = parseMessage(lines('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', long, '--b--'));
  assert.deepEqual(mp.root.children[0]!.decoded().toString('latin1').split('\n').map((l) => l.length), [2048, 2048, 904]);
  assert.equal(parseMessage(lines('Subject: s', '', long)).root.decoded().length, 5000);
});

test('runs of more than 20 blank lines are squashed to 20', () => {
  const m = parseMessage(lines('Subject: s', '', 'a', ...Array<string>(30).fill(''), 'b'));
  assert.equal(m.root.decoded().toString('latin1'), 'a\n' + '\n'.repeat(20) + 'b');
});

test('hostile input: deep nesting stops at the depth limit without throwing', () => {
  const depth = 200;
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`Content-Type: multipart/mixed; boundary=b${i}`, '', `--b${i}`);
  parts.push('Content-Type: text/plain', '', 'deep');
  const m = parseMessage(lines(...parts));
  assert.equal(m.flags.limitReached, 'maxDepth');
  let levels = 0;
  for (let p: MimePart | undefined = m.root; p && !p.isLeaf; p = p.children[0]) levels++;
  assert.equal(levels, 20);
});

test('hostile input: part count, size limit, broken base64, NULs and unknown charsets', () => {
  const many = ['Content-Type: multipart/mixed; boundary=p', ''];
  for (let i = 0; i < 1500; i++) many.push('--p', '', `part ${i}`);
  const m = parseMessage(lines(...many));
  assert.equal(m.root.children.length, 1000);
  assert.equal(m.flags.limitReached, 'maxParts');
  const big = parseMessage(Buffer.alloc(3000, 0x61), { maxMessageBytes: 1000 });
  assert.equal(big.flags.limitReached, 'maxMessageBytes');
  assert.equal(big.pristine.length, 3000);
  assert.equal(big.root.decoded().length, 0);
  const junk = parseMessage(lines('Content-Type: text/plain; charset=x-nonexistent', 'Content-Transfer-Encoding: base64', '', '!!!@@@QUJD\0RA=*=', '\0\0'));
  assert.equal(junk.root.decoded().toString('latin1'), 'ABCD');
});

test('parse time grows linearly with size', () => {
  const body = ('word '.repeat(15) + '\n').repeat(70000);
  const t0 = process.hrtime.bigint();
  parseMessage(Buffer.from(`Subject: big\n\n${body}`, 'latin1'));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(ms < 3000, `5 MB took ${ms} ms`);
});

test('long blank runs: a leading run keeps 21 lines, later runs keep 20', () => {
  const m = parseMessage(Buffer.from('Subject: s\n\n' + '\n'.repeat(100) + 'x\n' + '\n'.repeat(100) + 'y\n', 'latin1'));
  assert.equal(m.root.decoded().toString('latin1'), '\n'.repeat(21) + 'x\n' + '\n'.repeat(20) + 'y\n');
  const spaced = parseMessage(Buffer.from('Subject: s\n\nx\n' + ' \n'.repeat(50) + 'y\n', 'latin1'));
  assert.equal(spaced.root.decoded().toString('latin1'), 'x\n' + ' \n'.repeat(20) + 'y\n');
});
