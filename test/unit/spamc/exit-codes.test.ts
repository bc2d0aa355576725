import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EX_TOOBIG, failureOutcome, successExit } from '../../../spamc/exit-codes.js';
import type { SpamcMode } from '../../../spamc/options.js';

const input = Buffer.from('From: a@b\n\nbody\n');
const run = (mode: SpamcMode, safeFallback: boolean, code: number, tempfail = false) => {
  const o = failureOutcome({ mode, safeFallback, unavailableTempfail: tempfail }, code, input);
  return [o.stdout.toString(), o.exit] as const;
};

describe('spamc failure matrix (observed with spamc 4.0.1)', () => {
  it('filter and --headers pass the input through unless -x', () => {
    for (const mode of ['process', 'headers', 'report_msg'] as const) {
      assert.deepEqual(run(mode, true, 69), [input.toString(), 0]);
      assert.deepEqual(run(mode, false, 69), ['', 69]);
      assert.deepEqual(run(mode, false, 69, true), ['', 75]);
      assert.deepEqual(run(mode, false, 74, true), ['', 74]);
    }
  });

  it('-c, -R and -r print 0/0; -y prints an empty line', () => {
    for (const mode of ['check', 'report', 'report_ifspam'] as const) {
      assert.deepEqual(run(mode, true, 69), ['0/0\n', 0]);
      assert.deepEqual(run(mode, false, 69), ['0/0\n', 69]);
    }
    assert.deepEqual(run('symbols', true, 74), ['\n', 0]);
    assert.deepEqual(run('symbols', false, 74), ['\n', 74]);
  });

  it('PING and learning never fall back and ignore -X', () => {
    for (const mode of ['ping', 'learn'] as const) {
      assert.deepEqual(run(mode, true, 69), ['', 69]);
      assert.deepEqual(run(mode, false, 69, true), ['', 69]);
    }
  });

  it('too big is success for everyone but -L (98)', () => {
    assert.deepEqual(run('process', false, EX_TOOBIG), [input.toString(), 0]);
    assert.deepEqual(run('check', false, EX_TOOBIG), ['0/0\n', 0]);
    assert.deepEqual(run('learn', true, EX_TOOBIG), ['', 98]);
  });

  it('success: -c always tells spam, other modes only with -E', () => {
    assert.equal(successExit('check', true, false), 1);
    assert.equal(successExit('check', false, true), 0);
    assert.equal(successExit('process', true, false), 0);
    assert.equal(successExit('process', true, true), 1);
    assert.equal(successExit('symbols', true, true), 1);
    assert.equal(successExit('learn', true, true), 0);
  });
});
