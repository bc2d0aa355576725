import assert from 'node:assert/strict';
import net from 'node:net';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { FakeEngine } from '../helpers/spamd-fake-engine.js';
import { idleConnection, rawExchange } from '../helpers/spamd-raw.js';
import { startTestServer, type TestServer } from '../helpers/spamd-server.js';

const HAM = 'From: a@b\r\nSubject: hi\r\n\r\nhello\r\n';
const CHECK = `CHECK SPAMC/1.5\r\nContent-length: ${HAM.length}\r\n\r\n${HAM}`;

let srv: TestServer;
before(async () => {
  srv = await startTestServer(new FakeEngine(), { timeoutTcp: 1, timeoutChild: 2, maxConnections: 200, maxMessageBytes: 1_000_000 });
});
after(() => srv.close());

/** Writes `text` one byte every `everyMs`, and reports what came back and when. */
function trickle(port: number, text: string, everyMs: number, limitMs: number): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const s = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < text.length && s.writable) s.write(text[i++] as string);
    }, everyMs);
    const done = () => {
      clearInterval(timer);
      clearTimeout(cap);
      s.destroy();
      resolve({ reply, ms: Date.now() - started });
    };
    const cap = setTimeout(done, limitMs);
    s.on('data', (c: Buffer) => (reply += c.toString('latin1')));
    s.on('close', done);
    s.on('error', done);
  });
}

describe('hostile clients are bounded and others are still served', () => {
  it('slowloris on the request line hits --timeout-tcp', async () => {
    const r = await trickle(srv.port, CHECK, 300, 5000);
    assert.equal(r.reply, 'SPAMD/1.0 79 Timeout: (1 second socket timeout reading input from client)\r\n');
    assert.ok(r.ms < 4500, `closed after ${r.ms} ms`);
  });

  it('slowloris in the headers hits --timeout-child', async () => {
    const r = await trickle(srv.port, `CHECK SPAMC/1.5\r\n${'X-Slow: header\r\n'.repeat(50)}`, 5, 6000);
    assert.equal(r.reply, 'SPAMD/1.0 79 Timeout: (2 second timeout while trying to CHECK)\r\n');
    assert.ok(r.ms < 5500, `closed after ${r.ms} ms`);
  });

  it('a Content-length larger than the body (no half-close) times out', async () => {
    const r = await rawExchange(srv.port, `CHECK SPAMC/1.5\r\nContent-length: 5000\r\n\r\n${HAM}`, { halfClose: false, timeoutMs: 6000 });
    assert.ok(r.closed);
    assert.equal(r.bytes.toString(), 'SPAMD/1.0 79 Timeout: (2 second timeout while trying to CHECK)\r\n');
  });

  it('a 2 GB Content-length is refused before any body is read', async () => {
    const r = await rawExchange(srv.port, 'PROCESS SPAMC/1.5\r\nContent-length: 2147483648\r\n\r\n', { halfClose: false, timeoutMs: 3000 });
    assert.ok(r.closed);
    assert.equal(r.bytes.toString(), 'SPAMD/1.0 69 Service Unavailable: (message larger than 1000000 bytes)\r\n');
  });

  it('garbage request lines get one error line', async () => {
    const r1 = await rawExchange(srv.port, Buffer.from([0, 1, 2, 0xff, 0x0a, 0x0d, 0x0a]));
    assert.match(r1.bytes.toString('latin1'), /^SPAMD\/1\.0 76 Bad header line: /);
    const r2 = await rawExchange(srv.port, Buffer.alloc(200_000, 0x41), { halfClose: false });
    assert.equal(r2.bytes.toString(), 'SPAMD/1.0 76 Bad header line: (line too long)\r\n');
    const r3 = await rawExchange(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(r3.bytes.toString(), 'SPAMD/1.0 76 Bad header line: GET / HTTP/1.1\r\n');
  });

  it('a zlib bomb is refused', async () => {
    const bomb = deflateSync(Buffer.alloc(50_000_000));
    const r = await rawExchange(srv.port, Buffer.concat([Buffer.from(`CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: ${bomb.length}\r\n\r\n`), bomb]));
    assert.equal(r.bytes.toString(), 'SPAMD/1.0 69 Service Unavailable: zlib: inflated message larger than 1000000 bytes\r\n');
  });

  it('1,000 idle connections do not lock out a real client', async () => {
    const idle = await Promise.all(Array.from({ length: 1000 }, () => idleConnection(srv.port).catch(() => undefined)));
    try {
      const r = await rawExchange(srv.port, CHECK, { timeoutMs: 10_000 });
      assert.equal(r.bytes.toString(), 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n');
      // The server never holds more than --max-connections: idle ones were dropped to make room.
      assert.ok(srv.server.openConnections <= 200, `${srv.server.openConnections} open`);
    } finally {
      for (const s of idle) s?.destroy();
    }
  });

  it('peers outside --allowed-ips are closed without a byte', async () => {
    const fenced = await startTestServer(new FakeEngine(), { allowedIps: ['10.0.0.0/8', '2001:db8::/32'] });
    try {
      const r = await rawExchange(fenced.port, CHECK, { timeoutMs: 3000 });
      assert.deepEqual([r.bytes.length, r.closed], [0, true]);
    } finally {
      await fenced.close();
    }
  });

  it('--max-children bounds concurrent scans; queued requests are still answered', async () => {
    const engine = new FakeEngine({ delayMs: 150 });
    const limited = await startTestServer(engine, { maxChildren: 2 });
    try {
      const replies = await Promise.all(Array.from({ length: 6 }, () => rawExchange(limited.port, CHECK, { timeoutMs: 5000 })));
      for (const r of replies) assert.equal(r.bytes.toString(), 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n');
      assert.equal(engine.maxRunning, 2);
    } finally {
      await limited.close();
    }
  });
});
