import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EX_TOOBIG, parseReply, type ReplyMode } from '../../../../src/protocol/spamd/reply-parse.js';
import { libspamcFloat, scan } from '../../../../src/protocol/spamd/scanf.js';
import { formatOneDecimal } from '../../../../src/protocol/spamd/score-format.js';

const parse = (s: string, mode: ReplyMode, max = 1 << 20) => parseReply(Buffer.from(s, 'latin1'), mode, max);

describe('formatOneDecimal is C printf %.1f', () => {
  it('rounds exact binary ties to even and keeps the sign of negative zero results', () => {
    const cases: Array<[number, string]> = [
      [0.25, '0.2'], [1.25, '1.2'], [-0.25, '-0.2'], [0.45, '0.5'], [4.95, '5.0'], [0.05, '0.1'],
      [0.15, '0.1'], [-0.04, '-0.0'], [0.75, '0.8'], [7.25, '7.2'], [1000, '1000.0'], [-0, '-0.0'], [15.3, '15.3'],
    ];
    for (const [x, want] of cases) assert.equal(formatOneDecimal(x), want, String(x));
  });
});

describe('libspamc number and header reading', () => {
  it('reads scores like libspamc (single precision, -0.0 becomes 0)', () => {
    assert.equal(formatOneDecimal(libspamcFloat('7.25')), '7.2');
    assert.equal(formatOneDecimal(libspamcFloat('-0.0')), '0.0');
    assert.equal(formatOneDecimal(libspamcFloat('-0.5')), '-0.5');
    assert.equal(formatOneDecimal(libspamcFloat('1000.0')), '1000.0');
    assert.equal(libspamcFloat('abc'), 0);
  });

  it('sscanf widths and whitespace', () => {
    assert.deepEqual(scan('Spam: True ; 15.3 / 5.0', 'Spam: %5s ; %20s / %20s'), ['True', '15.3', '5.0']);
    assert.deepEqual(scan('Spam: Truely ; 1 / 5', 'Spam: %5s ; %20s / %20s'), ['Truel']);
    assert.deepEqual(scan('SPAMD/1.10 0 EX_OK', 'SPAMD/%18s %d'), ['1.10', '0']);
  });
});

describe('parseReply follows libspamc', () => {
  it('CHECK needs a Spam header; the flag is true only for "true" in any case', () => {
    const ok = parse('SPAMD/1.1 0 EX_OK\r\nSpam: true ; 7.25 / 5.0\r\n\r\n', 'check');
    assert.ok(ok.ok && ok.reply.spam?.isSpam === true);
    const yes = parse('SPAMD/1.1 0 EX_OK\r\nSpam: Yes ; 7.25 / 5.0\r\n\r\n', 'check');
    assert.ok(yes.ok && yes.reply.spam?.isSpam === false);
    assert.deepEqual(parse('SPAMD/1.1 0 EX_OK\r\nspam: True ; 1 / 5\r\n\r\n', 'check'), { ok: false, exit: 76, reason: 'no Spam header' });
  });

  it('an error status line is followed by EOF, which is an I/O error (74)', () => {
    const r = parse('SPAMD/1.0 76 Bad header line: x\r\n', 'body');
    assert.equal(r.ok ? 0 : r.exit, 74);
  });

  it('a non-SPAMD status line or a version below 1.0 is a protocol error', () => {
    for (const s of ['HTTP/1.1 200 OK\r\n\r\n', 'SPAMD/0.9 0 EX_OK\r\n\r\n', 'SPAMD/x 0 EX_OK\r\n\r\n']) {
      const r = parse(s, 'check');
      assert.equal(r.ok ? 0 : r.exit, 76, s);
    }
  });

  it('body replies need Content-length matching the bytes seen', () => {
    const good = parse('SPAMD/1.1 0 EX_OK\r\nContent-length: 3\r\nSpam: False ; 0.0 / 5.0\r\n\r\nabc', 'body');
    assert.ok(good.ok && good.reply.body.toString() === 'abc');
    const short = parse('SPAMD/1.1 0 EX_OK\r\nContent-length: 50\r\n\r\nabcde', 'body');
    assert.equal(short.ok ? 0 : short.exit, 76);
    const missing = parse('SPAMD/1.1 0 EX_OK\r\nSpam: False ; 0.0 / 5.0\r\n\r\nabc', 'body');
    assert.equal(missing.ok ? 0 : missing.exit, 76);
    const negative = parse('SPAMD/1.1 0 EX_OK\r\nContent-length: -1\r\n\r\n', 'body');
    assert.equal(negative.ok ? 0 : negative.exit, 76);
    const big = parse('SPAMD/1.1 0 EX_OK\r\nContent-length: 10\r\n\r\n0123456789', 'body', 5);
    assert.equal(big.ok ? 0 : big.exit, EX_TOOBIG);
  });

  it('PING reads only the status line; TELL collects DidSet/DidRemove', () => {
    const ping = parse('SPAMD/1.5 0 PONG\r\n', 'ping');
    assert.ok(ping.ok && ping.reply.versionText === '1.5' && ping.reply.code === 0);
    const tell = parse('SPAMD/1.1 0 EX_OK\r\nDidSet: local,remote\r\nDidRemove: local\r\n\r\n\r\n', 'tell');
    assert.ok(tell.ok);
    assert.deepEqual([tell.reply.didSet, tell.reply.didRemove], [{ local: true, remote: true }, { local: true, remote: false }]);
  });

  it('a reply line of 8187 bytes or more is too big', () => {
    const r = parse(`SPAMD/1.1 0 EX_OK\r\nX: ${'a'.repeat(9000)}\r\n\r\n`, 'check');
    assert.equal(r.ok ? 0 : r.exit, EX_TOOBIG);
  });
});
