import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addrInList } from '../../../../src/engine/evals/util/addr-list.js';
import { isFqdnValid, splitDomain, uriToDomain } from '../../../../src/engine/evals/util/domains.js';
import { containsIpAddress, isIpAddress, isIpPrivate } from '../../../../src/engine/evals/util/ip-patterns.js';
import { isCharsetOkForLocales } from '../../../../src/engine/evals/util/locales.js';
import { perlNum } from '../../../../src/engine/evals/util/perl-values.js';
import { fakeConfig } from '../../../helpers/fake-scan-context.js';

describe('eval utilities', () => {
  it('isIpPrivate follows SpamAssassin IP_PRIVATE', () => {
    for (const ip of ['10.1.2.3', '127.0.0.1', '169.254.1.1', '172.16.0.1', '172.31.255.1', '192.168.0.1', '100.64.0.1', '::1', 'fe80::1', '::ffff:10.0.0.1']) {
      assert.equal(isIpPrivate(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', '192.0.2.1']) {
      assert.equal(isIpPrivate(ip), false, ip);
    }
  });

  it('IP address patterns', () => {
    assert.equal(isIpAddress('192.0.2.1'), true);
    assert.equal(isIpAddress('2001:DB8::1'), true);
    assert.equal(isIpAddress('256.1.1.1'), false);
    assert.equal(containsIpAddress('from [192.0.2.1] by x'), true);
    assert.equal(containsIpAddress('no address'), false);
  });

  it('splitDomain uses the two-level list and US state rules', () => {
    const conf = fakeConfig();
    assert.deepEqual(splitDomain(conf, 'www.example.co.uk'), ['www', 'example.co.uk']);
    assert.deepEqual(splitDomain(conf, 'a.b.example.com'), ['a.b', 'example.com']);
    // <locality>.<state>.us is itself a public suffix, as SpamAssassin 4.0.1 answers.
    assert.deepEqual(splitDomain(conf, 'www.city.ca.us'), ['', 'www.city.ca.us']);
    assert.deepEqual(splitDomain(conf, 'com'), ['', 'com']);
    assert.deepEqual(splitDomain(conf, ''), ['', '']);
  });

  it('uriToDomain and isFqdnValid', () => {
    const conf = fakeConfig();
    assert.equal(uriToDomain(conf, 'http://user@www.Example.com:8080/x?y'), 'example.com');
    assert.equal(uriToDomain(conf, 'mailto:joe@mail.example.org?subject=x'), 'example.org');
    assert.equal(uriToDomain(conf, 'http://host.invalidtld/'), undefined);
    assert.equal(uriToDomain(conf, 'http://192.0.2.1/'), '192.0.2.1');
    assert.equal(isFqdnValid('a_b.example.com'), true);
    assert.equal(isFqdnValid('a.ex_ample.com'), false);
    assert.equal(isFqdnValid('localhost'), false);
  });

  it('address lists match literally or as anchored globs', () => {
    assert.equal(addrInList(['*@example.com'], 'Joe@EXAMPLE.com'), true);
    assert.equal(addrInList(['joe@example.com'], 'xjoe@example.com'), false);
    assert.equal(addrInList(['j(e@x.com'], 'j(e@x.com'), true);
    assert.equal(addrInList([], 'a@b.c'), false);
    const grown = ['*@one.example'];
    assert.equal(addrInList(grown, 'x@two.example'), false);
    grown.push('*@two.example');
    assert.equal(addrInList(grown, 'x@two.example'), true);
  });

  it('charset locale checks and Perl numification', () => {
    assert.equal(isCharsetOkForLocales('utf-8', ['en']), true);
    assert.equal(isCharsetOkForLocales('koi8-r', ['en']), false);
    assert.equal(isCharsetOkForLocales('koi8-r', ['ru_RU']), true);
    assert.equal(isCharsetOkForLocales('Shift_JIS', ['ja']), true);
    assert.equal(perlNum('0.05abc'), 0.05);
    assert.equal(perlNum('inf'), Infinity);
    assert.equal(perlNum('x'), 0);
    assert.equal(perlNum('.5'), 0.5);
  });
});
