import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addrGlobToRegExp, addrInList } from '../../../../src/engine/evals/util/addr-list.js';
import { lcBytes } from '../../../../src/engine/evals/util/perl-values.js';

/** What the list answered before it was indexed: the entry literally, else any entry's pattern. */
function bruteForce(list: readonly string[], addr: string): boolean {
  const lc = lcBytes(addr);
  return list.some((e) => lcBytes(e) === lc || addrGlobToRegExp(e).test(lc));
}

const LIST = [
  '*@paypal.com', '*@*.paypal.com', 'service@example.org', '*@*.gov', 'news?@lists.example.net', 'a(b@x.com',
  'back\\slash@x.com', '*@mail.*', 'exact@one.test', '*', 'x*y@z.com', '*@amazon.co.uk', 'Mixed@Case.COM',
];

describe('address lists', () => {
  it('answer as a test of every entry would, for matches and misses alike', () => {
    const addresses = [
      'someone@paypal.com', 'someone@paypal.com\n', 'someone@paypal.com\n\n', 'someone@notpaypal.com', 'x@a.paypal.com',
      'clerk@agency.gov', 'clerk@agency.gov.uk', 'news1@lists.example.net', 'news12@lists.example.net', 'a(b@x.com',
      'a_b@x.com', 'back_slash@x.com', 'back\\slash@x.com', 'who@mail.anything', 'exact@one.test', 'exact@one.test.',
      'xAy@z.com', 'xy@z.com', 'me@amazon.co.uk', 'mixed@case.com', 'MIXED@CASE.COM', '', '\n', 'line\nbreak@paypal.com',
    ];
    const withoutStar = LIST.filter((e) => e !== '*');
    for (const list of [LIST, withoutStar]) {
      for (const addr of addresses) assert.equal(addrInList(list, addr), bruteForce(list, addr), `${JSON.stringify(addr)} in ${list.length} entries`);
    }
  });

  it('agree with a test of every entry on generated globs and addresses', () => {
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 8) % n;
    const pick = (alphabet: string, len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    const globs = Array.from({ length: 300 }, () => pick('ab.@*?(\\_', 1 + rand(6)));
    for (let i = 0; i < 3000; i++) {
      const addr = pick('ab.@(\\_\n', rand(8));
      assert.equal(addrInList(globs, addr), bruteForce(globs, addr), JSON.stringify(addr));
    }
  });
});
