import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachClassifier, BayesClassifier, checkBayesEval } from '../../../../src/engine/bayes/classifier.js';
import { learnRaw } from '../../../../src/engine/bayes/learn-raw.js';
import { MemoryBayesStore } from '../../../../src/engine/bayes/memory-store.js';
import { bayesConfig, message, scanState } from './bayes-helpers.js';

const SPAMMY = ['cheap pills online pharmacy discount', 'winner lottery prize claim money', 'viagra cialis cheap pharmacy order'];
const HAMMY = ['meeting agenda tomorrow project review', 'quarterly report attached please review', 'lunch tomorrow project sync notes'];

async function trained(conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 3')): Promise<BayesClassifier> {
  const c = new BayesClassifier(new MemoryBayesStore(), conf, () => 1_800_000_000);
  for (const [i, body] of SPAMMY.entries()) await c.learn(scanState(conf, message({ body, id: `s${i}@spam.example`, from: 'Spammer <x@spam.example>' })), true);
  for (const [i, body] of HAMMY.entries()) await c.learn(scanState(conf, message({ body, id: `h${i}@work.example`, from: 'Colleague <y@work.example>' })), false);
  return c;
}

describe('BayesClassifier', () => {
  it('is not usable until bayes_min_spam_num and bayes_min_ham_num are reached', async () => {
    const conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 4');
    const c = await trained(conf);
    assert.equal(c.isUsable(), false);
    const r = c.classify(scanState(conf, message({ body: 'cheap pharmacy' })));
    assert.equal(r.probability, undefined);
    assert.equal(r.reason, 'not enough messages learned');
  });

  it('classifies spammy text high and hammy text low', async () => {
    const c = await trained();
    assert.equal(c.isUsable(), true);
    const conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 3');
    const spam = c.classify(scanState(conf, message({ body: 'cheap pharmacy pills discount', id: 'n1@x.example', from: 'Spammer <x@spam.example>' })));
    const ham = c.classify(scanState(conf, message({ body: 'project review meeting notes', id: 'n2@x.example', from: 'Colleague <y@work.example>' })));
    assert.ok((spam.probability as number) > 0.9, `spam p=${spam.probability}`);
    assert.ok((ham.probability as number) < 0.1, `ham p=${ham.probability}`);
    assert.ok(spam.tokensUsed > 0 && spam.spammy.length > 0);
  });

  it('memoises the result per message and sets the BAYES tags', async () => {
    const c = await trained();
    const conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 3');
    const ctx = scanState(conf, message({ body: 'cheap pharmacy pills' }));
    const first = c.classify(ctx);
    assert.equal(c.classify(ctx), first);
    assert.equal(ctx.getTag('BAYES'), (first.probability as number).toFixed(4));
    assert.equal(ctx.getTag('BAYESTC'), String(first.tokenCount));
  });

  it('implements the check_bayes band test (open below, closed above, 0 inclusive)', async () => {
    const c = await trained();
    const conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 3');
    const ctx = scanState(conf, message({ body: 'cheap pharmacy pills discount', from: 'Spammer <x@spam.example>' }));
    const p = c.classify(ctx).probability as number;
    assert.equal(c.checkBayes(ctx, ['0.00', '1.00']), true);
    assert.equal(c.checkBayes(ctx, [String(p), '1.00']), false);
    assert.equal(c.checkBayes(ctx, ['0.00', String(p)]), true);
    assert.equal(checkBayesEval(ctx, ['0.00', '1.00']), false);
    attachClassifier(ctx, c);
    assert.equal(checkBayesEval(ctx, ['0.00', '1.00']), true);
  });

  it('gives no result when no token is known', async () => {
    const c = await trained();
    const conf = bayesConfig('bayes_min_spam_num 3\nbayes_min_ham_num 3\nbayes_token_sources none');
    const r = c.classify(scanState(conf, message({ body: 'zzzq unknownword' })));
    assert.equal(r.probability, undefined);
  });

  it('honours bayes_ignore_from when learning', async () => {
    const conf = bayesConfig('bayes_ignore_from *@ignored.example');
    const c = new BayesClassifier(new MemoryBayesStore(), conf);
    assert.equal(await c.learn(scanState(conf, message({ body: 'text', from: 'a@ignored.example' })), true), 'ignored');
    assert.equal(c.store.magic().nspam, 0);
  });

  it('forgets what it learned', async () => {
    const conf = bayesConfig();
    const c = new BayesClassifier(new MemoryBayesStore(), conf);
    const raw = message({ body: 'some words here' });
    await c.learn(scanState(conf, raw), true);
    assert.equal(await c.forget(scanState(conf, raw)), 'learned');
    assert.equal(c.store.magic().nspam, 0);
    assert.equal(c.store.magic().ntokens, 0);
  });

  it('learns raw messages for Engine.learn and explains refusals', async () => {
    const conf = bayesConfig();
    const c = new BayesClassifier(new MemoryBayesStore(), conf);
    const raw = Buffer.from(message({ body: 'raw message words' }), 'latin1');
    assert.deepEqual(await learnRaw(c, conf, raw, 'spam'), { learned: true });
    assert.deepEqual(await learnRaw(c, conf, raw, 'spam'), { learned: false, reason: 'already learned as that class' });
    assert.deepEqual(await learnRaw(c, conf, raw, 'forget'), { learned: true });
    const ro = new BayesClassifier(new MemoryBayesStore({ readOnly: true }), conf);
    assert.equal((await learnRaw(ro, conf, raw, 'ham')).learned, false);
  });
});
