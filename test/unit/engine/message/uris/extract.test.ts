/**
 * extractUris / uriList: text and HTML sources merged per raw URI, anchor
 * texts, and the cleaned list `uri` rules see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractUris, uriList } from '../../../../../src/engine/message/uris/extract.js';
import { renderHtml } from '../../../../../src/engine/message/html/render.js';
import { messageUris } from '../../../../../src/engine/message/uris/message-uris.js';
import { extractInput } from './fixtures.js';

test('HTML URIs keep their tag types and anchor texts; text URIs of the same key merge in', () => {
  const html = renderHtml('<a href="http://www.example.com">one</a><a href="http://www.example.com">one</a><img src="http://img.example.com/a.gif">');
  const details = extractUris({ ...extractInput(['go to www.example.com\n']), htmlUris: html.uris });
  const www = details.get('http://www.example.com');
  assert.deepEqual([...(www?.types ?? [])].sort(), ['a', 'parsed', 'schemeless']);
  assert.deepEqual(www?.anchorText, ['one']);
  assert.deepEqual(details.get('http://img.example.com/a.gif')?.hosts, new Map([['img.example.com', 'example.com']]));
});

test('HTML URIs count without a valid domain; anchor-only entries are treated as parsed', () => {
  const html = renderHtml('<a href="#top">t</a><a name="x">n</a><base href="http://b.example.com/"><a href="page.html">p</a>');
  const details = extractUris({ ...extractInput([]), htmlUris: html.uris });
  assert.deepEqual(details.get('#top')?.cleaned, ['#top']);
  assert.deepEqual(details.get('')?.cleaned, ['']);
  assert.deepEqual([...(details.get('page.html')?.types ?? [])], ['parsed']);
  assert.deepEqual(details.get('page.html')?.cleaned.sort(), ['http://page.html', 'page.html']);
  assert.deepEqual([...(details.get('http://b.example.com/page.html')?.types ?? [])], ['a']);
});

test('HTML URIs are character strings: Latin-1 characters are %-encoded as single bytes', () => {
  const html = renderHtml('<img src="smart%20\u00ba\u00f4\u00a7}/a.gif">');
  const details = extractUris({ ...extractInput([]), htmlUris: html.uris });
  assert.ok(details.get('smart%20\u00ba\u00f4\u00a7}/a.gif')?.cleaned.includes('http://smart%20%ba%f4%a7}/a.gif'));
});

test('uriList holds every cleaned form once', () => {
  const details = extractUris(extractInput(['http://192.0.2.1/x and again http://192.0.2.1/x mailto:a@example.com?subject=x\n']));
  assert.deepEqual(uriList(details).sort(), ['http://192..2.1/x', 'http://192.0.2.1/x', 'mailto:a@example.com', 'mailto:a@example.com?subject=x']);
});

test('Unicode text is encoded to UTF-8 octets when asked', () => {
  const details = extractUris({ ...extractInput(['see http://b\u00fccher.de/x\n']), textsAreOctets: false });
  const d = details.get('http://b\xc3\xbccher.de/x');
  assert.ok(d !== undefined);
  assert.ok(d.cleaned.includes('http://xn--bcher-kva.de/x'));
  assert.deepEqual([...d.domains], ['xn--bcher-kva.de']);
});

test('messageUris wires the rendered body and the configuration together', () => {
  const html = renderHtml('<a href="http://www.google.com/url?q=http://landing.example.org/">x</a>');
  const conf = {
    tlds: new Set(['com', 'org']),
    twoLevelDomains: new Set<string>(),
    threeLevelDomains: new Set<string>(),
    redirectorPatterns: [{ pattern: "^https?:/*(?:\\w+\\.)?google(?:\\.\\w{2,3}){1,2}/url\\?.*?(?<=[?&])q=(.*?)(?:$|[&\\#])", flags: 'i' }],
  };
  const details = messageUris({ body: ['Subject www.subject.com\n', 'see example.org/x\n'], html: [html.results] }, conf);
  assert.deepEqual([...details.keys()], ['http://www.subject.com', 'http://example.org/x', 'http://www.google.com/url?q=http://landing.example.org/']);
  assert.ok(details.get('http://www.google.com/url?q=http://landing.example.org/')?.cleaned.includes('http://landing.example.org/'));
});
