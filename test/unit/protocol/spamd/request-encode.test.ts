import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeRequestHead } from '../../../../src/protocol/spamd/request-encode.js';
import { RequestReader } from '../../../../src/protocol/spamd/request-reader.js';

describe('encodeRequestHead matches spamc 4.0.1 captures', () => {
  it('CHECK head, byte for byte', () => {
    const hex = encodeRequestHead({ command: 'CHECK', user: 'root', contentLength: 39 }).toString('hex');
    assert.equal(hex, '434845434b205350414d432f312e350d0a557365723a20726f6f740d0a436f6e74656e742d6c656e6774683a2033390d0a0d0a');
  });

  it('PING is 18 bytes with no User', () => {
    assert.equal(encodeRequestHead({ command: 'PING', user: 'root' }).toString('hex'), '50494e47205350414d432f312e350d0a0d0a');
  });

  it('TELL headers come in spamc order', () => {
    const learn = encodeRequestHead({ command: 'TELL', messageClass: 'spam', set: { local: true }, user: 'root', contentLength: 39 });
    assert.equal(learn.toString(), 'TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nUser: root\r\nContent-length: 39\r\n\r\n');
    const report = encodeRequestHead({ command: 'TELL', messageClass: 'spam', set: { local: true, remote: true }, user: 'root', contentLength: 39 });
    assert.equal(report.toString(), 'TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local,remote\r\nUser: root\r\nContent-length: 39\r\n\r\n');
    const revoke = encodeRequestHead({ command: 'TELL', messageClass: 'ham', set: { local: true }, remove: { remote: true }, user: 'root', contentLength: 39 });
    assert.equal(revoke.toString(), 'TELL SPAMC/1.5\r\nMessage-class: ham\r\nSet: local\r\nRemove: remote\r\nUser: root\r\nContent-length: 39\r\n\r\n');
    const forget = encodeRequestHead({ command: 'TELL', remove: { local: true }, user: 'root', contentLength: 39 });
    assert.equal(forget.toString(), 'TELL SPAMC/1.5\r\nRemove: local\r\nUser: root\r\nContent-length: 39\r\n\r\n');
  });

  it('Compress comes between User and Content-length, and the server reader accepts what we encode', () => {
    const head = encodeRequestHead({ command: 'SYMBOLS', user: 'x', compress: true, contentLength: 5 });
    assert.equal(head.toString(), 'SYMBOLS SPAMC/1.5\r\nUser: x\r\nCompress: zlib\r\nContent-length: 5\r\n\r\n');
    const reader = new RequestReader();
    reader.push(head);
    reader.next();
    const h = reader.next();
    assert.ok(h?.kind === 'headers');
    assert.deepEqual({ ...h.headers }, { user: 'x', compressZlib: true, contentLength: 5, contentLengthText: '5' });
  });
});
