import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SpamdClient } from '../../spamc/client.js';
import { FakeEngine, GTUBE } from '../helpers/spamd-fake-engine.js';
import { startTestServer, type TestServer } from '../helpers/spamd-server.js';
import { ourSpamc, selfSignedCert } from '../helpers/spamd-tools.js';

const HAM = 'From: a@b\nSubject: lunch\n\nAre we still on?\n';
const SPAM = `From: a@b\nSubject: offer\n\n${GTUBE}\n`;

const tmp = mkdtempSync(join(tmpdir(), 'spamd-spamc-'));
const sock = join(tmp, 'spamd.sock');
const tls = selfSignedCert();
let tcp: TestServer;
let unix: TestServer;
let secure: TestServer;

before(async () => {
  tcp = await startTestServer(new FakeEngine());
  unix = await startTestServer(new FakeEngine(), {}, [{ kind: 'unix', path: sock }]);
  secure = await startTestServer(new FakeEngine(), { tls: { key: readFileSync(tls.key), cert: readFileSync(tls.cert) } }, [{ kind: 'tcp', host: '127.0.0.1', port: 0, tls: true }]);
});
after(async () => {
  await Promise.all([tcp.close(), unix.close(), secure.close()]);
  rmSync(tmp, { recursive: true, force: true });
  rmSync(tls.dir, { recursive: true, force: true });
});

const transports = () =>
  [
    ['TCP', ['-p', String(tcp.port), '-d', '127.0.0.1']],
    ['Unix socket', ['-U', sock]],
    ['TLS', ['-S', '-p', String(secure.port), '-d', '127.0.0.1']],
  ] as const;

describe('spamward-spamc against spamward spamd', () => {
  it('every mode over TCP, Unix socket and TLS', async () => {
    for (const [name, where] of transports()) {
      const c = await ourSpamc([...where, '-c'], SPAM);
      assert.deepEqual([c.stdout.toString(), c.code], ['1000.0/5.0\n', 1], name);
      const h = await ourSpamc([...where, '-c'], HAM);
      assert.deepEqual([h.stdout.toString(), h.code], ['-0.1/5.0\n', 0], name);
      const y = await ourSpamc([...where, '-y'], SPAM);
      assert.deepEqual([y.stdout.toString(), y.code], ['GTUBE,NO_RECEIVED', 0], name);
      const R = await ourSpamc([...where, '-R'], HAM);
      assert.match(R.stdout.toString(), /^-0\.1\/5\.0\nFake report/, name);
      const r = await ourSpamc([...where, '-r'], SPAM);
      assert.match(r.stdout.toString(), /^Fake report/, `${name}: spamd says Yes, which spamc does not take for spam`);
      const p = await ourSpamc([...where, '-E'], SPAM);
      assert.equal(p.code, 1, name);
      assert.ok(p.stdout.toString().startsWith('X-Spam-Checker-Version: Fake 1.0\r\n'), name);
      assert.ok(p.stdout.toString().endsWith(SPAM), name);
      const hd = await ourSpamc([...where, '--headers'], HAM);
      assert.ok(hd.stdout.toString().endsWith('Subject: lunch\n\nAre we still on?\n'), name);
      const k = await ourSpamc([...where, '-K'], '');
      assert.deepEqual([k.stdout.toString(), k.code], ['SPAMD/1.5 0\n', 0], name);
      const l1 = await ourSpamc([...where, '-L', 'spam'], SPAM);
      assert.equal(l1.stdout.toString(), 'Message successfully un/learned\n', name);
      const l2 = await ourSpamc([...where, '-L', 'spam'], SPAM);
      assert.equal(l2.stdout.toString(), 'Message was already un/learned\n', name);
      const cr = await ourSpamc([...where, '-C', 'report'], SPAM);
      assert.equal(cr.stdout.toString(), 'Unable to report/revoke message\n', name);
      const z = await ourSpamc([...where, '-z', '-y'], SPAM);
      assert.equal(z.stdout.toString(), 'GTUBE,NO_RECEIVED', name);
    }
  });

  it('the library API', async () => {
    const client = new SpamdClient({ hosts: ['127.0.0.1'], port: tcp.port, user: 'lib' });
    assert.deepEqual(await client.ping(), { version: '1.5', code: 0 });
    const c = await client.check(Buffer.from(SPAM));
    assert.deepEqual([c.isSpam, c.score, c.threshold], [true, 1000, 5]);
    assert.deepEqual((await client.symbols(Buffer.from(SPAM))).names, ['GTUBE', 'NO_RECEIVED']);
    assert.ok((await client.process(Buffer.from(HAM))).body.toString().endsWith(HAM));
    assert.deepEqual((await client.tell(Buffer.from(HAM), { messageClass: 'ham', set: { local: true } })).didSet, { local: true, remote: false });
  });

  it('fails over to the next host and passes the message through when none answers', async () => {
    const fo = await ourSpamc(['-d', '127.0.0.2,127.0.0.1', '-p', String(tcp.port), '--retry-sleep', '0', '-c'], SPAM);
    // 127.0.0.2 is refused (nothing listens there), then 127.0.0.1 answers.
    assert.deepEqual([fo.stdout.toString(), fo.code], ['1000.0/5.0\n', 1]);
    const none = await ourSpamc(['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1'], SPAM);
    assert.deepEqual([none.stdout.toString(), none.code], [SPAM, 0]);
    const strict = await ourSpamc(['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x'], SPAM);
    assert.deepEqual([strict.stdout.toString(), strict.code], ['', 69]);
  });

  it('passes an oversized message through without connecting', async () => {
    const big = await ourSpamc(['-d', '127.0.0.1', '-p', '1', '-s', '20', '-x', '-c'], SPAM);
    assert.deepEqual([big.stdout.toString(), big.code], ['0/0\n', 0]);
  });
});
