/**
 * Trailing runs trimmed by hand instead of by `[…]+$` regexes, which V8
 * retries from every character of a long run that does not reach the end
 * (quadratic: 100 KB of spaces in a quoted-printable line took 26 s). Each
 * must give the regex's answer on random values, and stay fast on the
 * values that made the regexes crawl.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenizeLine } from '../../../../src/engine/bayes/line-tokenizer.js';
import { extractHost } from '../../../../src/engine/message/host-extract.js';
import { perlTrim, trimEndWhere, trimTrailingDots } from '../../../../src/engine/message/octets.js';
import { cleanEnvfrom } from '../../../../src/engine/message/received/finish-relay.js';
import { qpDecode } from '../../../../src/engine/message/transfer-decoding.js';

function randomStrings(alphabet: string[], count: number, seed: number): string[] {
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  return Array.from({ length: count }, () => Array.from({ length: rand(16) }, () => alphabet[rand(alphabet.length)]).join(''));
}

const qpByRegex = (s: string): string =>
  s
    .replace(/[ \t]+(?=\r?\n)/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

test('quoted-printable: the regexes’ answer on random text', () => {
  for (const s of randomStrings([' ', '\t', '\r', '\n', 'a', '=', '0', 'F', '\r\n', '=\n'], 100_000, 5)) assert.equal(qpDecode(s), qpByRegex(s), JSON.stringify(s));
});

test('envelope senders and white space: the regexes’ answer on random text', () => {
  for (const s of randomStrings(['<', '>', ' ', '\t', '\n', 'a', '@'], 50_000, 9)) {
    assert.equal(cleanEnvfrom(s), s.replace(/^[\t\n\v\f\r ]*<*/, '').replace(/>*[\t\n\v\f\r ]*$/, '').replace(/[\t\n\v\f\r \0#[\]()<>|]/g, '!'), JSON.stringify(s));
    assert.equal(perlTrim(s), s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, ''), JSON.stringify(s));
    assert.equal(trimEndWhere(s, (c) => c === 0x3e || c === 0x20), s.replace(/[> ]+$/, ''), JSON.stringify(s));
  }
});

test('the host after an address\'s @ and trailing dots: the regexes\' answer on random text', () => {
  for (const s of randomStrings(['@', 'a', '.', ' ', '\n', '\t', 'b@', '@ '], 50_000, 13)) {
    assert.equal(extractHost(s, true, undefined as never), /[^\n]*@([^\t\n\x0b\f\r ]+)/.exec(s)?.[1], JSON.stringify(s));
    assert.equal(trimTrailingDots(s), s.replace(/\.+$/, ''), JSON.stringify(s));
  }
});

test('long runs that do not reach the end are trimmed at once', () => {
  const started = process.hrtime.bigint();
  assert.equal(qpDecode(`${' '.repeat(1_000_000)}x\n`), `${' '.repeat(1_000_000)}x\n`);
  assert.equal(qpDecode(`x${' '.repeat(1_000_000)}\n`), 'x\n');
  assert.equal(cleanEnvfrom(`<${'>'.repeat(1_000_000)}a>`), `${'!'.repeat(1_000_000)}a`);
  const tokens = tokenizeLine(`a${'-'.repeat(1_000_000)}b.`, '', 1, { maxTokenLength: 15, stopwords: [], stopwordCache: new Map() });
  assert.ok(tokens.length > 0);
  assert.equal(extractHost(`${'x'.repeat(1_000_000)}\na@b`, true, undefined as never), 'b');
  assert.equal(trimTrailingDots(`a${'.'.repeat(1_000_000)}b`).length, 1_000_002);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Each of these took hours as a regex; linear work is a few milliseconds.
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});
