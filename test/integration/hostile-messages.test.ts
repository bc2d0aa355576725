/**
 * Hostile and broken messages through the whole engine with the installed
 * SpamAssassin ruleset: each gets a verdict (or a clear error), nothing
 * crashes, nothing hangs.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { buildMessage } from '../helpers/messages.js';

let engine: SpamwardEngine;

before(async () => {
  engine = await createEngine({ localTestsOnly: true, noUserConfig: true, cfLines: ['use_bayes 0'] });
});

function scanWithin(raw: Buffer, ms: number) {
  const started = Date.now();
  const v = engine.scanSync(raw);
  assert.ok(Date.now() - started < ms, `scan took ${Date.now() - started} ms`);
  assert.ok(Number.isFinite(v.score));
  assert.ok(v.addedHeaders.some((h) => h.name === 'X-Spam-Status'));
  assert.ok(v.rewrittenMessage().length > 0);
  return v;
}

test('deeply nested multiparts are cut at the depth limit', { timeout: 120_000 }, () => {
  let body = 'innermost text\n';
  for (let i = 2000; i > 0; i--) {
    body = `--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n${body}\n--b${i}--\n`;
  }
  const raw = buildMessage({ headers: { 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="b1"' }, body });
  scanWithin(raw, 60_000);
});

test('a 50 MB message gets a verdict and keeps its body byte for byte', { timeout: 300_000 }, () => {
  const line = 'All work and no play makes a very long message. '.repeat(20);
  const body = `${line}\n`.repeat(Math.ceil((50 * 1024 * 1024) / (line.length + 1)));
  const raw = buildMessage({ body });
  const v = scanWithin(raw, 240_000);
  const out = v.rewrittenMessage();
  assert.ok(out.subarray(out.length - 100).equals(raw.subarray(raw.length - 100)));
});

test('broken base64 and an unknown charset are decoded as far as possible', { timeout: 60_000 }, () => {
  const raw = buildMessage({
    headers: { 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset="x-no-such-charset"', 'Content-Transfer-Encoding': 'base64' },
    body: 'SGVsbG8gd29ybGQ=!!!@@@notbase64===\nQUJD\n%%%\n',
  });
  scanWithin(raw, 30_000);
});

test('invalid bytes, NULs and a missing closing boundary do not break the scan', { timeout: 60_000 }, () => {
  const raw = Buffer.concat([
    buildMessage({
      headers: { 'MIME-Version': '1.0', 'Content-Type': 'multipart/alternative; boundary="zz"', Subject: 'bad \u00ff\u00fe bytes' },
      body: '--zz\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>unterminated <b><i><!-- comment',
    }),
    Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x00]),
  ]);
  scanWithin(raw, 30_000);
});

test('an empty message and a message of only junk are scanned', { timeout: 60_000 }, () => {
  scanWithin(Buffer.alloc(0), 30_000);
  scanWithin(Buffer.from('\x00\x01\x02 not a mail at all \xff\n\n\n', 'latin1'), 30_000);
});

test('a huge header block and a header line of 1 MB are truncated, not fatal', { timeout: 60_000 }, () => {
  const headers: [string, string][] = [];
  for (let i = 0; i < 5000; i++) headers.push([`X-Junk-${i}`, 'value '.repeat(10)]);
  headers.push(['X-Huge', 'a'.repeat(1024 * 1024)]);
  scanWithin(buildMessage({ headers }), 30_000);
});

/*
 * Address headers that made V8 backtrack where Perl does not: SpamAssassin
 * scans each of these in about the time of any message. Before the fixes the
 * first took minutes (the address parser's `<…>` repeat, address-angle-branch.ts)
 * and the other two seconds each (__PDS_TONAME_EQ_TOLOCAL on a value without
 * `@`, now guarded by its required bytes, regex/required-bytes.ts).
 */
test('address headers built to make regexes backtrack are scanned at once', { timeout: 120_000 }, () => {
  for (const [name, value] of [
    ['From', `${'<a@b>'.repeat(1640)}<`],
    ['To', ' '.repeat(8000)],
    ['To', '\n '.repeat(4000)],
  ] as const) {
    const raw = Buffer.from(`${name}: ${value}\nSubject: t\nFrom: a@b.example\n\nbody\n`, 'latin1');
    scanWithin(raw, 1500);
  }
});
