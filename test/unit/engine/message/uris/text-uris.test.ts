/**
 * URIs found in body text. Expected values were checked against
 * SpamAssassin 4.0.1's get_uri_detail_list on the same body lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractUris } from '../../../../../src/engine/message/uris/extract.js';
import { extractInput } from './fixtures.js';

function found(...lines: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, d] of extractUris(extractInput(lines))) out[k] = [...d.types].sort();
  return out;
}

test('www. hosts, schemes and ports; the subject line is searched too', () => {
  assert.deepEqual(found('see www.subject-link.com now\n', 'Visit www.example.com, or http://Example.COM:8080/Path?q=1#frag. \n'), {
    'http://www.subject-link.com': ['parsed', 'schemeless'],
    'http://www.example.com': ['parsed', 'schemeless'],
    'http://Example.COM:8080/Path?q=1#frag': ['parsed'],
  });
});

test('bare host names need a known TLD and are marked unlinked', () => {
  assert.deepEqual(found('plus example.co.uk/page and bare.example.net. and x.example.notatld and file.txt 1.2.3\n'), {
    'http://example.co.uk/page': ['parsed', 'schemeless', 'unlinked'],
    'http://bare.example.net': ['parsed', 'schemeless', 'unlinked'],
  });
});

test('parentheses, trailing punctuation, quotes and brackets end a URI', () => {
  assert.deepEqual(
    Object.keys(found('(http://paren.example.com/x) http://wiki.example.com/page_(x) trailing http://trail.example.com/!!! <http://angle.example.com/x> "http://quoted.example.com/" [http://bracket.example.com/] {www.brace.example.com}\n')),
    [
      'http://paren.example.com/x',
      'http://wiki.example.com/page_(x',
      'http://trail.example.com/',
      'http://angle.example.com/x',
      'http://quoted.example.com/',
      'http://bracket.example.com/',
      'http://www.brace.example.com',
    ],
  );
});

test('mail addresses become mailto:, with or without the scheme; cid: and TLD-less ones are ignored', () => {
  const got = extractUris(extractInput(['at someone@example.org, Someone <other@example.net>, mailto:third@example.net?subject=hi skype:user@example.com foo@bar cid:image001.png@01D4986E.E3459640\n']));
  assert.deepEqual([...got.keys()], ['mailto:someone@example.org', 'mailto:other@example.net', 'mailto:third@example.net?subject=hi', 'mailto:user@example.com']);
  assert.deepEqual(got.get('mailto:third@example.net?subject=hi')?.cleaned.sort(), ['mailto:third@example.net', 'mailto:third@example.net?subject=hi']);
  assert.deepEqual([...(got.get('mailto:someone@example.org')?.types ?? [])].sort(), ['parsed', 'schemeless']);
});

test('hxxp is no scheme, IPv6 literals and scheme-only strings give nothing; IPs and redirects give extra cleaned forms', () => {
  const got = extractUris(extractInput(['hxxp://bad.example.com https://[2001:db8::1]/v6 http:// IP http://192.0.2.1/x http://www.google.com/url?q=http://redirected.example.info/landing\n']));
  // After the unknown scheme, the host name still counts as a bare host name.
  assert.deepEqual([...got.keys()], ['http://bad.example.com', 'http://192.0.2.1/x', 'http://www.google.com/url?q=http://redirected.example.info/landing']);
  assert.deepEqual(got.get('http://192.0.2.1/x')?.cleaned.sort(), ['http://192..2.1/x', 'http://192.0.2.1/x']);
  assert.deepEqual([...(got.get('http://www.google.com/url?q=http://redirected.example.info/landing')?.domains ?? [])].sort(), ['example.info', 'google.com']);
});

test('ftp. and wwwN. prefixes, one-slash schemes', () => {
  assert.deepEqual(found('ftp.example.com/pub www2.example.com http:/oneslash.example.com\n'), {
    'ftp://ftp.example.com/pub': ['parsed', 'schemeless'],
    'http://www2.example.com': ['parsed', 'schemeless'],
    'http://oneslash.example.com': ['parsed', 'schemeless', 'unlinked'],
  });
});

test('long lines without URIs and hostile punctuation finish quickly', () => {
  const lines = ['a.'.repeat(1024) + '\n', '@a.'.repeat(680) + '\n', 'x'.repeat(2048) + '\n', 'www.'.repeat(512) + '\n'];
  const start = Date.now();
  extractUris(extractInput(lines));
  assert.ok(Date.now() - start < 20000);
});
