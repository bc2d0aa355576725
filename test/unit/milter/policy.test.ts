import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultMilterOptions, type ActionPolicy } from '../../../milter/options.js';
import { chooseAction, quarantineReason, rejectReplyText } from '../../../milter/policy.js';
import { makeVerdict } from '../../helpers/milter-fake-engine.js';

function policy(over: Partial<ActionPolicy>): ActionPolicy {
  return { ...defaultMilterOptions().policy, ...over };
}

test('with no thresholds every message is only tagged', () => {
  assert.equal(chooseAction(1000, policy({}), 5), 'tag');
});

test('the reached threshold that is highest wins', () => {
  const p = policy({ quarantineScore: 8, rejectScore: 12, discardScore: 30 });
  assert.equal(chooseAction(7.9, p, 5), 'tag');
  assert.equal(chooseAction(8, p, 5), 'quarantine');
  assert.equal(chooseAction(12, p, 5), 'reject');
  assert.equal(chooseAction(31, p, 5), 'discard');
  assert.equal(chooseAction(-5, p, 5), 'tag');
});

test('equal thresholds go to the harsher action', () => {
  assert.equal(chooseAction(10, policy({ quarantineScore: 10, rejectScore: 10 }), 5), 'reject');
});

test('never-reject turns off reject and discard but keeps quarantine', () => {
  const p = policy({ quarantineScore: 8, rejectScore: 12, discardScore: 20, neverReject: true });
  assert.equal(chooseAction(50, p, 5), 'quarantine');
  assert.equal(chooseAction(50, policy({ rejectScore: 1, neverReject: true }), 5), 'tag');
});

test('a threshold of -1 is the required_score the message was judged against (spamass-milter -r -1)', () => {
  const p = policy({ rejectScore: -1 });
  assert.equal(chooseAction(4.9, p, 5), 'tag');
  assert.equal(chooseAction(5, p, 5), 'reject');
  assert.equal(chooseAction(5, p, 8), 'tag', "a user's own threshold");
  assert.equal(chooseAction(8, policy({ quarantineScore: -1, rejectScore: 12 }), 6), 'quarantine');
});

test('reject text expands the verdict and escapes %', () => {
  const p = policy({ rejectReply: { code: '550', enhanced: '5.7.1', text: 'Spam _SCORE_/_REQD_ 100% (_TESTS_)' } });
  assert.equal(rejectReplyText(p, makeVerdict(1000, 5)), '550 5.7.1 Spam 1000.0/5.0 100%% (FAKE_SPAM)');
  assert.match(quarantineReason(makeVerdict(9, 5)), /9\.0.*5\.0/);
});
