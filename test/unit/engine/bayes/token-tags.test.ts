import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenProbability } from '../../../../src/engine/bayes/combine.js';
import { declassificationDistance, tokenListTag } from '../../../../src/engine/bayes/token-tags.js';

const NOW = 1_800_000_000;
const tok = (token: string, spam: number, ham: number) => ({ token, spam, ham, atime: NOW - 3 * 86400, probability: tokenProbability(spam, ham, 100, 100) as number });

describe('SPAMMYTOKENS / HAMMYTOKENS', () => {
  const spammy = [tok('viagra', 40, 0), tok('H*F:D*offers.example', 12, 1), tok('cheap', 9, 1)];

  it('defaults to five tokens in the compact format', () => {
    assert.match(tokenListTag(spammy, 100, 100, undefined, NOW), /^1\.000-[\d+]--viagra, 0\.\d{3}-\d--H\*F:D\*offers\.example, 0\.\d{3}-\d--cheap$/);
  });

  it('honours the count and the named formats', () => {
    assert.equal(tokenListTag(spammy, 100, 100, '1,short', NOW), 'viagra');
    assert.equal(tokenListTag(spammy, 100, 100, '1,long', NOW), `1.000-${declassificationDistance(100, 100, 40, 0, spammy[0]?.probability ?? 0)}--0h-40s--3d--viagra`);
    assert.match(tokenListTag(spammy, 100, 100, '2,bogus', NOW), /^Invalid format/);
  });

  it('grows the declassification distance with the evidence', () => {
    const few = declassificationDistance(100, 100, 2, 0, tokenProbability(2, 0, 100, 100) as number);
    const many = declassificationDistance(100, 100, 40, 0, tokenProbability(40, 0, 100, 100) as number);
    assert.ok(few >= 1 && many > few, `${few} ${many}`);
    assert.equal(declassificationDistance(100, 100, 5, 5, 0.5), 0);
  });
});
