import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoLearnDecision, autoLearnPoints } from '../../../../src/engine/bayes/autolearn.js';
import { bayesSettings } from '../../../../src/engine/bayes/settings.js';
import { bayesConfig } from './bayes-helpers.js';

const RULES = [
  'header HDR_A Subject =~ /a/', 'score HDR_A 4',
  'body BODY_A /a/', 'score BODY_A 5',
  'header HDR_B From =~ /b/', 'score HDR_B 4',
  'meta META_AB HDR_A && BODY_A', 'score META_AB 2',
  'body BAYES_99 eval:check_bayes(0.99,1.00)', 'tflags BAYES_99 learn', 'score BAYES_99 0 0 3.5 3.5',
  'body BAYES_00 eval:check_bayes(0,0.01)', 'tflags BAYES_00 learn nice', 'score BAYES_00 0 0 -1.5 -1.5',
  'header WL From =~ /w/', 'tflags WL userconf nice', 'score WL -100',
  'body FORCED /f/', 'tflags FORCED autolearn_force', 'score FORCED 13',
  'header NICE Subject =~ /n/', 'score NICE -1',
].join('\n');

const conf = bayesConfig(RULES);
const settings = bayesSettings(conf);

describe('autoLearnPoints', () => {
  it('splits points into header and body, metas by their dependencies, and keeps learned points apart', () => {
    const p = autoLearnPoints({ conf, scoreSet: 2, testsHit: ['HDR_A', 'BODY_A', 'META_AB', 'BAYES_99', 'WL'], score: 0, requiredScore: 5 });
    assert.equal(p.points, 11);
    assert.equal(p.headPoints, 5);
    assert.equal(p.bodyPoints, 6);
    assert.equal(p.learnedPoints, 3.5);
  });
});

describe('autoLearnDecision', () => {
  it('learns spam at the threshold with enough header and body points', () => {
    const d = autoLearnDecision({ conf, scoreSet: 0, testsHit: ['HDR_A', 'BODY_A', 'HDR_B'], score: 13, requiredScore: 5 }, settings);
    assert.equal(d.learnAs, 'spam');
    assert.equal(d.forceStatus, 'no');
  });

  it('refuses spam without 3 body points unless an autolearn_force rule hit', () => {
    const noBody = autoLearnDecision({ conf, scoreSet: 0, testsHit: ['HDR_A', 'HDR_B', 'META_AB'], score: 13, requiredScore: 5 }, settings);
    assert.equal(noBody.learnAs, undefined);
    const forced = autoLearnDecision({ conf, scoreSet: 0, testsHit: ['FORCED'], score: 13, requiredScore: 5 }, settings);
    assert.equal(forced.learnAs, 'spam');
    assert.equal(forced.forceStatus, 'yes (FORCED,)');
  });

  it('learns ham below the nonspam threshold unless Bayes says spam', () => {
    assert.equal(autoLearnDecision({ conf, scoreSet: 0, testsHit: ['NICE'], score: -1, requiredScore: 5 }, settings).learnAs, 'ham');
    assert.equal(autoLearnDecision({ conf, scoreSet: 2, testsHit: ['NICE', 'BAYES_99'], score: 2.5, requiredScore: 5 }, settings).learnAs, undefined);
  });

  it('learns nothing in between the thresholds or when the final verdict disagrees', () => {
    assert.equal(autoLearnDecision({ conf, scoreSet: 0, testsHit: ['HDR_A'], score: 4, requiredScore: 5 }, settings).learnAs, undefined);
    assert.equal(autoLearnDecision({ conf, scoreSet: 0, testsHit: ['HDR_A', 'BODY_A', 'HDR_B'], score: 3, requiredScore: 5 }, settings).learnAs, undefined);
  });
});
