import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { nxdomainReply, startNxdomainResolver } from '../../bench/lib/nxdomain-resolver.js';

test('every lookup through the responder fails at once with NXDOMAIN (A, PTR, TXT)', async () => {
  const server = await startNxdomainResolver();
  try {
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    const started = Date.now();
    await assert.rejects(resolver.resolve4('example.com'), { code: 'ENOTFOUND' });
    await assert.rejects(resolver.reverse('192.0.2.7'), { code: 'ENOTFOUND' });
    await assert.rejects(resolver.resolveTxt('2.0.0.127.zen.spamhaus.org'), { code: 'ENOTFOUND' });
    assert.ok(Date.now() - started < 1500, 'answered, not timed out');
  } finally {
    server.close();
  }
});

test('the reply keeps the id and question, drops additional records, and ignores runts', () => {
  // id 0xbeef, RD, one question (a.b A IN), one additional record (an EDNS OPT, 11 octets).
  const question = Buffer.from([1, 0x61, 1, 0x62, 0, 0, 1, 0, 1]);
  const opt = Buffer.from([0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]);
  const query = Buffer.concat([Buffer.from([0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1]), question, opt]);
  const reply = nxdomainReply(query) as Buffer;
  assert.deepEqual([...reply.subarray(0, 12)], [0xbe, 0xef, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(reply.subarray(12), question);
  assert.equal(nxdomainReply(Buffer.alloc(5)), undefined);
  assert.equal(nxdomainReply(Buffer.concat([query.subarray(0, 12), Buffer.from([5, 0x61])])), undefined);
});
