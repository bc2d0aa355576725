import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BayesClassifier } from '../../../../src/engine/bayes/classifier.js';
import { expireTokens, expiryDue } from '../../../../src/engine/bayes/expiry.js';
import { bayesConfig, message, scanState } from './bayes-helpers.js';
import { splitMbox } from '../../../../src/engine/bayes/mail-sources.js';
import { MemoryBayesStore } from '../../../../src/engine/bayes/memory-store.js';
import { tokenSources } from '../../../../src/engine/bayes/settings.js';

describe('expiry', () => {
  it('only records the run when fewer than 1000 tokens would go', async () => {
    const store = new MemoryBayesStore();
    await store.write((tx) => {
      for (let i = 0; i < 50; i++) tx.putToken(Buffer.from(i.toString(16).padStart(10, '0'), 'hex'), { spam: 1, ham: 0, atime: i });
      tx.setMagic({ ntokens: 50, newestAtime: 49 });
    });
    const r = await expireTokens(store, 150000, 1000);
    assert.equal(r.removed, 0);
    assert.equal(store.magic().lastExpire, 1000);
    assert.equal(expiryDue(store.magic(), 150000, true, 2000), false);
  });

  it('removes the oldest tokens but keeps at least 100 000', async () => {
    const store = new MemoryBayesStore();
    const day = 86400;
    const newest = 400 * day;
    await store.write((tx) => {
      for (let i = 0; i < 130000; i++) {
        // 95 000 fresh tokens, 25 000 a day old, 10 000 a year old.
        const atime = i < 95000 ? newest - (i % 1000) : i < 120000 ? newest - day : newest - 365 * day;
        tx.putToken(Buffer.from(i.toString(16).padStart(10, '0'), 'hex'), { spam: 1, ham: 0, atime });
      }
      tx.setMagic({ ntokens: 130000, newestAtime: newest, oldestAtime: newest - 365 * day });
    });
    // The search finds 24 h still removes more than the 30 000 wanted, then doubles it to 48 h.
    const r = await expireTokens(store, 100000, newest);
    assert.equal(r.delta, 2 * 86400);
    assert.equal(r.removed, 10000);
    assert.equal(store.magic().ntokens, 120000);
    assert.equal(store.magic().oldestAtime, newest - day);
  });
});

describe('mbox splitting', () => {
  it('splits on From lines at the start and after a blank line only', () => {
    const mbox = 'From a@x Mon Jan  1 00:00:00 2026\nSubject: one\n\nFrom here on, text\n\nFrom b@x Mon Jan  1 00:00:00 2026\nSubject: two\n\nbody\n';
    const parts = [...splitMbox('box', Buffer.from(mbox, 'latin1'))].map((m) => m.raw.toString('latin1'));
    assert.equal(parts.length, 2);
    assert.match(parts[0] as string, /Subject: one[\s\S]*From here on/);
    assert.match(parts[1] as string, /^From b@x[\s\S]*Subject: two/);
  });
});

describe('bayes_token_sources', () => {
  it('applies keywords left to right over the default set', () => {
    assert.deepEqual([...tokenSources([])].sort(), ['header', 'invisible', 'uri', 'visible']);
    assert.deepEqual([...tokenSources(['none', 'header'])], ['header']);
    assert.deepEqual([...tokenSources(['all', 'nouri'])].sort(), ['header', 'invisible', 'mimepart', 'visible']);
  });
});

describe('automatic expiry (bayes_auto_expire)', () => {
  const day = 86400;
  // The learned message's receive date (5 Jan 2026, 10:00 UTC) becomes the newest atime.
  const newest = Date.UTC(2026, 0, 5, 10) / 1000;
  async function bigStore(): Promise<MemoryBayesStore> {
    const store = new MemoryBayesStore();
    await store.write((tx) => {
      for (let i = 0; i < 130000; i++) tx.putToken(Buffer.from(i.toString(16).padStart(10, '0'), 'hex'), { spam: 1, ham: 1, atime: i < 95000 ? newest - (i % 1000) : i < 120000 ? newest - day : newest - 365 * day });
      tx.setMagic({ ntokens: 130000, nspam: 1, nham: 1, newestAtime: newest, oldestAtime: newest - 365 * day });
    });
    return store;
  }
  const learnOne = (c: BayesClassifier): Promise<unknown> =>
    c.learn(scanState(c['conf'] as ReturnType<typeof bayesConfig>, message({ body: 'one more message to learn', id: 'auto-expire@example.org' })), true);

  it('runs after a learn once the database passes bayes_expiry_max_db_size', async () => {
    const store = await bigStore();
    const c = new BayesClassifier(store, bayesConfig('bayes_expiry_max_db_size 100000'), () => newest);
    await learnOne(c);
    await c.flush();
    assert.equal(store.magic().lastExpire, newest);
    assert.ok(store.magic().ntokens < 120100, String(store.magic().ntokens));
  });

  it('does not run with bayes_auto_expire 0', async () => {
    const store = await bigStore();
    const c = new BayesClassifier(store, bayesConfig('bayes_expiry_max_db_size 100000\nbayes_auto_expire 0'), () => newest);
    await learnOne(c);
    await c.flush();
    assert.equal(store.magic().lastExpire, 0);
  });
});
