/**
 * Cleaned URI variants (uri_list_canonicalize). Expected lists were checked
 * against SpamAssassin 4.0.1's Util::uri_list_canonicalize.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUris } from '../../../../../src/engine/message/uris/canonicalize.js';
import { urlDecode } from '../../../../../src/engine/message/uris/url-decode.js';
import { REDIRECTORS, registry } from './fixtures.js';

function variants(uri: string): string[] {
  return canonicalizeUris([uri], [], registry()).sort();
}

test('an IPv4 host also yields the zero-dropping variant', () => {
  assert.deepEqual(variants('http://192.0.2.1/x'), ['http://192..2.1/x', 'http://192.0.2.1/x']);
  assert.deepEqual(variants('http://010.0.0.01/'), ['http://010.0.0.01/', 'http://8...1/']);
});

test('numeric hosts in hex or decimal become dotted quads', () => {
  assert.deepEqual(variants('http://0x7f000001/'), ['http://0x7f000001/', 'http://127.0.0.1/']);
  assert.deepEqual(variants('http://2130706433/'), ['http://127.0.0.1/', 'http://2130706433/']);
  assert.deepEqual(variants('http://0x7f.1/'), ['http://0x7f.1/']);
});

test('%-decoding, scheme fixes, backslashes, ? after the host', () => {
  assert.deepEqual(variants('http://%65xample%2Ebiz/'), ['http://%65xample%2Ebiz/', 'http://example.biz/']);
  assert.deepEqual(variants('www.example.com'), ['http://www.example.com', 'www.example.com']);
  assert.deepEqual(variants('http:www.example.com\\path'), ['http://www.example.com/path', 'http:www.example.com\\path']);
  assert.deepEqual(variants('http://www.example.com?x=1'), ['http://www.example.com/?x=1', 'http://www.example.com?x=1']);
});

test('default ports go, but only for a lower-case scheme', () => {
  assert.deepEqual(variants('https://example.com:443/a'), ['https://example.com/a', 'https://example.com:443/a']);
  assert.deepEqual(variants('HTTP://example.com:80/a'), ['HTTP://example.com:80/a']);
  assert.deepEqual(variants('http://Example.COM:8080/Path?q=1#frag'), ['http://Example.COM:8080/Path?q=1#frag']);
});

test('user info and trailing punctuation are dropped from the host', () => {
  assert.deepEqual(variants('http://user:pw@host.example.com./x'), ['http://host.example.com/x', 'http://user:pw@host.example.com./x']);
});

test('single-label hosts get the browser fix-up www.X.com', () => {
  assert.deepEqual(variants('http://intranet/x'), ['http://intranet/x', 'http://www.intranet.com/x']);
  assert.deepEqual(variants('http://localhost/'), ['http://localhost/']);
});

test('entity-encoded printable characters and dots are decoded', () => {
  assert.deepEqual(variants('http://a.example.com/&#x41;&#46;&#x2e;'), ['http://a.example.com/&#x41;&#46;&#x2e;', 'http://a.example.com/A..']);
});

test('mail addresses: query and & cut off, %20 and display names removed', () => {
  assert.deepEqual(variants('mailto:a@example.com?subject=x'), ['mailto:a@example.com', 'mailto:a@example.com?subject=x']);
  assert.deepEqual(variants('a@example.com&x'), ['a@example.com', 'a@example.com&x']);
  assert.deepEqual(variants('mailto:%20a@example.com%20'), ['mailto:%20a@example.com%20', 'mailto:a@example.com']);
  assert.deepEqual(variants('mailto:"Foo Bar" <foo@example.com>'), ['mailto:"Foo Bar" <foo@example.com>', 'mailto:foo@example.com']);
});

test('fragments, queries and relative paths are kept but not expanded', () => {
  assert.deepEqual(variants('#top'), ['#top']);
  assert.deepEqual(variants('/rel'), ['/rel']);
  assert.deepEqual(variants('x'), ['x']);
});

test('redirect targets are added and canonicalised in turn', () => {
  assert.deepEqual(variants('http://redirect.example.com/r?u=http://target.example.org/x&y'), [
    'http://redirect.example.com/r?u=http://target.example.org/x&y',
    'http://target.example.org/x',
  ]);
  const viaPattern = canonicalizeUris(['http://www.google.com/url?q=www.target.example.net/p&sa=D'], REDIRECTORS, registry()).sort();
  assert.deepEqual(viaPattern, [
    'http://www.google.com/url?q=www.target.example.net/p&sa=D',
    'http://www.target.example.net/p',
    'www.target.example.net/p',
  ]);
});

test('a redirector loop is cut off instead of running away', () => {
  let uri = 'http://end.example.com/';
  for (let i = 0; i < 500; i++) uri = `http://r${i}.example.com/?u=${uri}`;
  const out = canonicalizeUris([uri], [], registry());
  assert.ok(out.length > 10 && out.length < 1000);
});

test('url_encode decodes printable escapes and encodes unsafe raw bytes', () => {
  assert.equal(urlDecode('http://a/%41%2F%20%7F%80%7e x"<>%'), 'http://a/A/%20%7F%80~%20x%22%3c%3e%25');
});
