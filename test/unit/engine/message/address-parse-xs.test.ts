/**
 * SpamAssassin's Email::Address::XS fallback for address headers: values
 * its internal parser reads poorly, with the answers the installed
 * SpamAssassin 4.0.1 gives (test/interop/address-parse-xs.test.ts compares
 * thousands more), and the emulation's speed on hostile values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeaderAddresses } from '../../../../src/engine/message/address-parse.js';
import { parseHeaderAddressesXs } from '../../../../src/engine/message/address-parse-xs.js';
import { xsParse } from '../../../../src/engine/message/address-xs-list.js';

const addrAndName = (v: string): [(string | undefined)[], (string | undefined)[]] => {
  const r = parseHeaderAddresses(v);
  return [r.map((a) => a.address), r.map((a) => a.phrase)];
};

test('unclosed or stray brackets: the module still finds the address and the name', () => {
  assert.deepEqual(addrAndName('fark <a@b.example'), [['a@b.example'], ['fark']]);
  assert.deepEqual(addrAndName('fark <a@b.example x'), [['a@b.example'], ['fark']]);
  assert.deepEqual(addrAndName('<a@b.example'), [['a@b.example'], [undefined]]);
  assert.deepEqual(addrAndName('"x <y" <a@b.example'), [['a@b.example'], ['x <y']]);
});

test('the module is asked only when the internal parser found nothing or fewer addresses than commas suggest', () => {
  // Two `(`: SpamAssassin means to prefer the module (nested comments), but its test never holds.
  assert.deepEqual(addrAndName('a@b.example (x (y) z)'), [[undefined], ['a@b.example (x  z)']]);
  // One record each way: the internal one stays.
  assert.deepEqual(addrAndName('"Doe, John" <j@d.example>'), [['j@d.example'], ['Doe, John ']]);
  // The module finds three where the internal parser found one.
  assert.deepEqual(addrAndName('a..b@docomo.ne.jp, c.@docomo.ne.jp, <d@e.example'), [
    ['a..b@docomo.ne.jp', '"c."@docomo.ne.jp', 'd@e.example'],
    [undefined, undefined, undefined],
  ]);
});

test("SpamAssassin's post-processing of the module's records", () => {
  // Bug 5201: a lone quoted address is taken as the address.
  assert.deepEqual(parseHeaderAddressesXs('"joe+foobar@example.com"'), [
    { phrase: undefined, address: 'joe+foobar@example.com', user: 'joe+foobar', host: 'example.com', comment: undefined },
  ]);
  // The comment stands in for a missing name; with neither, the whole value does.
  assert.deepEqual(parseHeaderAddressesXs('a@b.example (Joe), ,'), [
    { phrase: 'Joe', address: 'a@b.example', user: 'a', host: 'b.example', comment: 'Joe' },
    { phrase: 'a@b.example (Joe), ,', address: undefined, user: undefined, host: undefined, comment: undefined },
  ]);
});

test("the module's quirks: dots, source routes, folded quoted strings", () => {
  // [phrase, user, host, is_valid]
  const fields = (v: string) => xsParse(v).map((a) => [a.phrase, a.user, a.host, a.user !== undefined && a.host !== undefined && !a.invalid]);
  assert.deepEqual(fields('a.'), [[undefined, 'a.', undefined, false]]);
  assert.deepEqual(fields('a..b'), [['a..b', undefined, undefined, false]]);
  assert.deepEqual(fields('a.@b.example'), [[undefined, 'a.', 'b.example', false]]);
  assert.deepEqual(fields('<a@b.'), [[undefined, 'a', 'b.', true]]);
  assert.deepEqual(fields('<a@b.>'), [[undefined, 'a', 'b.', false]]);
  assert.deepEqual(fields('<@a.]b@c>'), [[undefined, 'b', 'c', false]]);
  assert.deepEqual(fields('"a\n b"@c'), [[undefined, 'a\n b', 'c', false]]);
  assert.deepEqual(fields('"a\r\n b"@c'), [[undefined, 'a\r\n b', 'c', true]]);
});

test('hostile values of 100 KB are read in linear time', () => {
  const rep = (s: string): string => s.repeat(Math.ceil(100_000 / s.length)).slice(0, 100_000);
  const started = performance.now();
  for (const unit of ['(', '<"', '\\(', '"', '<', '<a', 'a ', ',', '<>,', 'a@b,', '"\\', '<@a..b,', 'a<@b.(c\\', 'g:a@b;,']) {
    parseHeaderAddressesXs(rep(unit));
  }
  parseHeaderAddressesXs(rep('(') + rep(')'));
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

test('hostile header values of 8 KB (SpamAssassin cuts longer ones) go through the whole parser quickly', () => {
  const rep = (s: string): string => s.repeat(Math.ceil(8192 / s.length)).slice(0, 8192);
  const started = performance.now();
  // Many `<` and no `>`: the internal parser's `<…>` branch used to take 300-450 ms on each of these.
  for (const unit of ['<', '<"', 'a<', '"a"<', '(', '"', 'a,', '<a@b c', 'x <a@b.example']) parseHeaderAddresses(rep(unit));
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});
