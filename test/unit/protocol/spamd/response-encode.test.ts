import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanCommand } from '../../../../src/protocol/spamd/constants.js';
import { encodePong, encodeScanReply, encodeTellReply, symbolsBody } from '../../../../src/protocol/spamd/response-encode.js';

const spam = { isSpam: true, scoreText: '1000.0', requiredText: '5.0' };
const ham = { isSpam: false, scoreText: '-0.0', requiredText: '5.0' };
const text = (b: Buffer) => b.toString('latin1');

function reply(command: ScanCommand, version: number, verdict: typeof spam, body = '') {
  return text(encodeScanReply({ command, version, ...verdict, body: Buffer.from(body, 'latin1') }));
}

describe('scan replies match spamd 4.0.1 captures', () => {
  it('CHECK: Spam header only, no Content-length, any version', () => {
    for (const v of [1.0, 1.2, 1.3, 1.5]) {
      assert.equal(reply('CHECK', v, spam), 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n');
      assert.equal(reply('CHECK', v, ham), 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.0 / 5.0\r\n\r\n');
    }
  });

  it('SYMBOLS 1.5 has Content-length and no trailing CRLF; 1.2 the reverse', () => {
    const names = ['GTUBE', 'NO_RECEIVED', 'NO_RELAYS'];
    const r15 = text(encodeScanReply({ command: 'SYMBOLS', version: 1.5, ...spam, body: symbolsBody(names, 1.5) }));
    assert.equal(r15, 'SPAMD/1.1 0 EX_OK\r\nContent-length: 27\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RECEIVED,NO_RELAYS');
    const r12 = text(encodeScanReply({ command: 'SYMBOLS', version: 1.2, ...spam, body: symbolsBody(names, 1.2) }));
    assert.equal(r12, 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RECEIVED,NO_RELAYS\r\n');
    assert.equal(text(symbolsBody([], 1.5)), '');
  });

  it('REPORT_IFSPAM says Yes/No and REPORT True/False', () => {
    assert.equal(reply('REPORT_IFSPAM', 1.5, ham), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; -0.0 / 5.0\r\n\r\n');
    assert.equal(reply('REPORT_IFSPAM', 1.5, spam, 'rep\n'), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 4\r\nSpam: Yes ; 1000.0 / 5.0\r\n\r\nrep\n');
    assert.equal(reply('REPORT', 1.5, ham, 'rep\n'), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 4\r\nSpam: False ; -0.0 / 5.0\r\n\r\nrep\n');
  });

  it('PROCESS differs by version: 1.3+ Content-length and Spam, 1.2 Content-length only, 1.0 bare', () => {
    const msg = 'X-Spam-Flag: YES\r\n\r\nbody\r\n';
    assert.equal(reply('PROCESS', 1.5, spam, msg), `SPAMD/1.1 0 EX_OK\r\nContent-length: ${msg.length}\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n${msg}`);
    assert.equal(reply('PROCESS', 1.2, spam, msg), `SPAMD/1.1 0 EX_OK\r\nContent-length: ${msg.length}\r\n\r\n${msg}`);
    assert.equal(reply('PROCESS', 1.0, spam, msg), `SPAMD/1.0 0 EX_OK\r\n${msg}`);
    assert.equal(reply('HEADERS', 1.4, ham, 'A: b\r\n\r\n'), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 8\r\nSpam: False ; -0.0 / 5.0\r\n\r\nA: b\r\n\r\n');
  });

  it('PONG and TELL replies are byte-exact', () => {
    assert.equal(text(encodePong()), 'SPAMD/1.5 0 PONG\r\n');
    assert.equal(text(encodeTellReply(['local'], [])), 'SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n');
    assert.equal(text(encodeTellReply([], [])), 'SPAMD/1.1 0 EX_OK\r\n\r\n\r\n');
    assert.equal(text(encodeTellReply([], ['local'])), 'SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n');
    assert.equal(encodeTellReply(['local'], []).length, 38);
  });
});
