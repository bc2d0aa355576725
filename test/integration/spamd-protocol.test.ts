import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { FakeEngine, GTUBE } from '../helpers/spamd-fake-engine.js';
import { rawExchange } from '../helpers/spamd-raw.js';
import { startTestServer, type TestServer } from '../helpers/spamd-server.js';

const HAM = 'From: a@b\r\nSubject: lunch\r\n\r\nAre we still on?\r\n';
const SPAM = `From: a@b\r\nSubject: offer\r\n\r\n${GTUBE}\r\n`;

let srv: TestServer;
const engine = new FakeEngine();
before(async () => {
  srv = await startTestServer(engine);
});
after(() => srv.close());

const req = (cmd: string, body: string, version = '1.5', extra = '') => `${cmd} SPAMC/${version}\r\nUser: test\r\n${extra}Content-length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
const ask = async (r: string | Buffer, halfClose = true) => (await rawExchange(srv.port, r, { halfClose })).bytes.toString('latin1');

describe('our spamd answers every command like spamd 4.0.1', () => {
  it('CHECK', async () => {
    assert.equal(await ask(req('CHECK', SPAM)), 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n');
    assert.equal(await ask(req('CHECK', HAM)), 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n');
  });

  it('SYMBOLS for 1.5 and 1.2', async () => {
    assert.equal(await ask(req('SYMBOLS', SPAM)), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 17\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RECEIVED');
    assert.equal(await ask(req('SYMBOLS', SPAM, '1.2')), 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RECEIVED\r\n');
  });

  it('REPORT and REPORT_IFSPAM', async () => {
    const rep = await ask(req('REPORT', HAM));
    assert.match(rep, /^SPAMD\/1\.1 0 EX_OK\r\nContent-length: \d+\r\nSpam: False ; -0\.1 \/ 5\.0\r\n\r\nFake report/);
    assert.equal(await ask(req('REPORT_IFSPAM', HAM)), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; -0.1 / 5.0\r\n\r\n');
    assert.match(await ask(req('REPORT_IFSPAM', SPAM)), /^SPAMD\/1\.1 0 EX_OK\r\nContent-length: \d+\r\nSpam: Yes ; 1000\.0 \/ 5\.0\r\n\r\nFake report/);
  });

  it('PROCESS at 1.5, 1.2 and 1.0; HEADERS stops after the header section', async () => {
    const p15 = await ask(req('PROCESS', HAM));
    const body = p15.slice(p15.indexOf('\r\n\r\n') + 4);
    assert.match(p15, new RegExp(`^SPAMD/1\\.1 0 EX_OK\\r\\nContent-length: ${body.length}\\r\\nSpam: False ; -0\\.1 / 5\\.0\\r\\n\\r\\nX-Spam-Checker-Version`));
    assert.ok(body.endsWith(HAM));
    assert.match(await ask(req('PROCESS', HAM, '1.2')), /^SPAMD\/1\.1 0 EX_OK\r\nContent-length: \d+\r\n\r\nX-Spam-Checker/);
    assert.equal(await ask(`PROCESS SPAMC/1.0\r\n${HAM}`), `SPAMD/1.0 0 EX_OK\r\nX-Spam-Checker-Version: Fake 1.0\r\nX-Spam-Status: No, score=-0.1 required=5.0 tests=NO_RECEIVED\r\n${HAM}`);
    const h = await ask(req('HEADERS', HAM));
    assert.ok(h.endsWith('Subject: lunch\r\n\r\n'));
    assert.ok(!h.includes('Are we still on'));
  });

  it('PING (1.5 with headers, 1.2 without) and SKIP', async () => {
    assert.equal(await ask('PING SPAMC/1.5\r\n\r\n', false), 'SPAMD/1.5 0 PONG\r\n');
    assert.equal(await ask('PING SPAMC/1.2\r\n', false), 'SPAMD/1.5 0 PONG\r\n');
    const skip = await rawExchange(srv.port, 'SKIP SPAMC/1.5\r\n\r\n', { halfClose: false });
    assert.deepEqual([skip.bytes.length, skip.closed], [0, true]);
  });

  it('TELL learns, then reports nothing to do, then forgets', async () => {
    const learn = req('TELL', SPAM, '1.5', 'Message-class: spam\r\nSet: local\r\n');
    assert.equal(await ask(learn), 'SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n');
    assert.equal(await ask(learn), 'SPAMD/1.1 0 EX_OK\r\n\r\n\r\n');
    assert.equal(await ask(req('TELL', SPAM, '1.5', 'Remove: local\r\n')), 'SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n');
    assert.equal(await ask(req('TELL', SPAM, '1.5', 'Set: local\r\nRemove: local\r\n')), 'SPAMD/1.0 76 Bad header line: Unable to set local and remove local in the same operation.\r\n');
  });

  it('Compress: zlib', async () => {
    const z = deflateSync(Buffer.from(SPAM), { level: 3 });
    const head = Buffer.from(`SYMBOLS SPAMC/1.5\r\nUser: x\r\nCompress: zlib\r\nContent-length: ${z.length}\r\n\r\n`);
    assert.equal(await ask(Buffer.concat([head, z])), 'SPAMD/1.1 0 EX_OK\r\nContent-length: 17\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RECEIVED');
  });

  it('a Haraka-style client: HEADERS 1.4, no Content-length, half-close', async () => {
    const r = await ask(`HEADERS SPAMC/1.4\r\nUser: haraka\r\n\r\nX-Envelope-From: <a@b>\r\n${SPAM}`);
    assert.match(r, /^SPAMD\/1\.1 0 EX_OK\r\nContent-length: \d+\r\nSpam: True ; 1000\.0 \/ 5\.0\r\n\r\nX-Spam-Checker-Version/);
  });

  it('an rspamd-style client: HEADERS 1.5 with Content-length and no half-close', async () => {
    const r = await ask(req('HEADERS', SPAM), false);
    assert.match(r, /^SPAMD\/1\.1 0 EX_OK\r\nContent-length: \d+\r\nSpam: True ; 1000\.0 \/ 5\.0\r\n\r\n/);
  });

  it('the engine saw the client address and user', () => {
    const last = engine.scans.at(-1);
    assert.equal(last?.options.remoteAddr, '127.0.0.1');
  });
});

describe('error replies', () => {
  it('answers malformed requests with one status line and closes', async () => {
    assert.equal(await ask('FOO SPAMC/1.5\r\n\r\n'), 'SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5\r\n');
    assert.equal(await ask(''), 'SPAMD/1.0 76 Bad header line: (closed before headers)\r\n');
    assert.equal(await ask(req('CHECK', HAM).replace(/Content-length: \d+/, 'Content-length: 9999')), `SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 9999 bytes, got ${HAM.length} bytes)\r\n`);
  });

  it('refuses TELL without --allow-tell before reading the body', async () => {
    const closed = await startTestServer(new FakeEngine(), { allowTell: false });
    try {
      const r = await rawExchange(closed.port, 'TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: 100000\r\n\r\n', { halfClose: false });
      assert.equal(r.bytes.toString(), 'SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n');
    } finally {
      await closed.close();
    }
  });
});
