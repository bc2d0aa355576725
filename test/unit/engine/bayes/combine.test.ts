import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chi2q, chiSquareCombine, tokenProbability } from '../../../../src/engine/bayes/combine.js';

describe('tokenProbability', () => {
  it('applies Robinson f(w) with s=0.030 and x=0.538', () => {
    // s=1 n=0 with equal corpora: p=1, f=(0.01614+1)/(1.03)
    assert.equal(tokenProbability(1, 0, 10, 10), (0.03 * 0.538 + 1) / 1.03);
    assert.equal(tokenProbability(0, 0, 10, 10), undefined);
    assert.equal(tokenProbability(1, 1, 0, 10), undefined);
    assert.equal(tokenProbability(1, 0, 10, 10, false), undefined);
  });
});

describe('chi2q', () => {
  it('is 1 at x=0 and decreases with x', () => {
    assert.equal(chi2q(0, 3), 1);
    assert.ok(chi2q(10, 3) < chi2q(5, 3));
    // 2 degrees of freedom: the tail is exp(-x/2).
    assert.equal(chi2q(4, 1), Math.exp(-2));
  });
});

describe('chiSquareCombine', () => {
  it('returns undefined without tokens and 0.5 for balanced evidence', () => {
    assert.equal(chiSquareCombine(10, 10, []), undefined);
    assert.ok(Math.abs((chiSquareCombine(10, 10, [0.99, 0.01]) as number) - 0.5) < 1e-9);
  });

  it('goes to 1 for spammy and to 0 for hammy tokens', () => {
    assert.ok((chiSquareCombine(10, 10, Array(20).fill(0.99)) as number) > 0.99);
    assert.ok((chiSquareCombine(10, 10, Array(20).fill(0.01)) as number) < 0.01);
  });

  it('keeps working past the underflow threshold (frexp renormalisation)', () => {
    const p = chiSquareCombine(100, 100, Array(150).fill(0.999)) as number;
    assert.ok(p > 0.999 && p <= 1);
    const q = chiSquareCombine(100, 100, Array(150).fill(0.001)) as number;
    assert.ok(q >= 0 && q < 0.001);
  });

  it('uses the database spam fraction as the starting value', () => {
    const lots = chiSquareCombine(1000, 10, [0.9]) as number;
    const few = chiSquareCombine(10, 1000, [0.9]) as number;
    assert.notEqual(lots, few);
  });
});
