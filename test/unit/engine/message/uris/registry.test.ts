/**
 * Host name validity, registrable domains and URI → domain, with a small
 * self-written TLD configuration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryBoundaries, isFqdnValid, isIpAddress } from '../../../../../src/engine/message/uris/registry.js';
import { idnToAscii } from '../../../../../src/engine/message/uris/idn.js';
import { registry } from './fixtures.js';

test('host name syntax', () => {
  assert.equal(isFqdnValid('www.example.com'), true);
  assert.equal(isFqdnValid('sub_domain.host.example.com'), true);
  assert.equal(isFqdnValid('exa_mple.com'), false);
  assert.equal(isFqdnValid('-bad.example.com'), false);
  assert.equal(isFqdnValid('a..b.com'), false);
  assert.equal(isFqdnValid('localhost'), false);
  assert.equal(isFqdnValid(`${'a'.repeat(64)}.com`), false);
});

test('IP addresses', () => {
  assert.equal(isIpAddress('192.0.2.1'), true);
  assert.equal(isIpAddress('192.0.2.01'), false);
  assert.equal(isIpAddress('2001:db8::1'), true);
  assert.equal(isIpAddress('example.com'), false);
});

test('registrable domains with 2- and 3-level delegations and .us localities', () => {
  const rb = registry();
  assert.equal(rb.trimDomain('www.foo.com'), 'foo.com');
  assert.equal(rb.trimDomain('a.b.foo.co.uk'), 'foo.co.uk');
  assert.equal(rb.trimDomain('www.x.kyoto.ac.jp'), 'x.kyoto.ac.jp');
  assert.equal(rb.trimDomain('x.y.k12.ca.us'), 'y.k12.ca.us');
  // A .us locality acts as a delegation: the registrable name is one label more.
  assert.equal(rb.trimDomain('foo.ny.us'), 'foo.ny.us');
  assert.equal(rb.trimDomain('www.foo.ny.us'), 'www.foo.ny.us');
  assert.equal(rb.trimDomain('school.pvt.k12.ma.us'), 'school.pvt.k12.ma.us');
  assert.equal(rb.trimDomain('www..foo.com.'), 'foo.com');
});

test('domain validity needs a known TLD', () => {
  const rb = registry();
  assert.equal(rb.isDomainValid('example.com'), true);
  assert.equal(rb.isDomainValid('example.notatld'), false);
  assert.equal(rb.isDomainValid('com'), false);
  assert.equal(rb.isDomainValid('exa mple.com'), false);
});

test('URI to domain: schemes, user info, ports, mail, IPs, undecoded escapes', () => {
  const rb = registry();
  assert.deepEqual(rb.uriToDomain('http://user@Www.Example.COM:8080/x?y#z'), { domain: 'example.com', host: 'www.example.com' });
  assert.deepEqual(rb.uriToDomain('mailto:a@mail.example.org?subject=x'), { domain: 'example.org', host: 'mail.example.org' });
  assert.equal(rb.uriToDomain('mailto:a@b@example.org'), undefined);
  assert.deepEqual(rb.uriToDomain('http://192.0.2.1/x'), { domain: '192.0.2.1', host: '192.0.2.1' });
  assert.equal(rb.uriToDomain('http://%65xample.com/'), undefined);
  assert.equal(rb.uriToDomain('javascript:alert(1)'), undefined);
  assert.equal(rb.uriToDomain('http://example.notatld/'), undefined);
});

test('IDN host names become punycode; ASCII ones are lower-cased', () => {
  assert.equal(idnToAscii('EXAMPLE.com'), 'example.com');
  assert.equal(idnToAscii('b\xc3\xbccher.example'), 'xn--bcher-kva.example');
  assert.equal(idnToAscii('B\xc3\x9cCHER.Example'), 'xn--bcher-kva.example');
  assert.equal(idnToAscii('b\xfccher.de'), 'xn--bcher-kva.de');
  assert.equal(idnToAscii('foo\xe3\x80\x82com'), 'foo.com');
  assert.equal(idnToAscii('Ex%61mple.COM'), 'ex%61mple.com');
  // A link from decoded HTML (here TIS-620 text) holds characters above U+00FF: Unicode, converted as it is.
  assert.equal(idnToAscii('b\u0e23\u0e1ccher.example'), 'xn--bcher-kcr6b.example');
  // Symbols and punctuation IDNA2008 disallows stop the conversion, as libidn2 does; mapped ones and middle dots do not.
  assert.equal(idnToAscii('ab\xc2\xa9.example'), 'ab\xc2\xa9.example');
  assert.equal(idnToAscii('b\u221a\u0409cher.example'), Buffer.from('b\u221a\u0409cher.example', 'utf8').toString('latin1'));
  assert.equal(idnToAscii('a\u2019b.example'), Buffer.from('a\u2019b.example', 'utf8').toString('latin1'));
  assert.equal(idnToAscii('a\xc2\xb7b.example'), 'xn--ab-0ea.example');
  assert.equal(idnToAscii('\u2460.example'), '1.example');
});

test('without a configured TLD list, the public suffix list decides', () => {
  const rb = new RegistryBoundaries({ tlds: new Set(), twoLevelDomains: new Set(), threeLevelDomains: new Set() });
  assert.equal(rb.isDomainValid('example.com'), true);
  assert.equal(rb.isDomainValid('example.de'), true);
  assert.equal(rb.isDomainValid('example.notatld'), false);
});
