import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinBsmtp, splitBsmtp } from '../../../spamc/bsmtp.js';

describe('BSMTP (-B)', () => {
  const raw = Buffer.from('MAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\nSubject: x\n\n..dotted\nline\n.\nQUIT\n');

  it('splits envelope, unstuffed message and trailer', () => {
    const p = splitBsmtp(raw);
    assert.ok(p !== undefined);
    assert.equal(p.pre.toString(), 'MAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\n');
    assert.equal(p.message.toString(), 'Subject: x\n\n.dotted\nline\n');
    assert.equal(p.post.toString(), '.\nQUIT\n');
  });

  it('re-stuffs dots when wrapping the result', () => {
    const p = splitBsmtp(raw);
    assert.ok(p !== undefined);
    assert.equal(joinBsmtp(p, p.message).toString(), raw.toString());
  });

  it('refuses input without DATA or without the final dot', () => {
    assert.equal(splitBsmtp(Buffer.from('Subject: x\n\nbody\n')), undefined);
    assert.equal(splitBsmtp(Buffer.from('MAIL FROM:<a@b>\nDATA\nSubject: x\n')), undefined);
  });
});
