import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMta } from '../helpers/fake-mta.js';
import { hamMessage, spamMessage, startHarness } from '../helpers/milter-harness.js';
import type { MilterReply } from '../../src/protocol/milter/replies.js';
import { SMFIP } from '../../src/protocol/milter/constants.js';
import type { MilterOptions } from '../../milter/options.js';

const kinds = (rs: MilterReply[]) => rs.map((r) => r.kind);
const added = (rs: MilterReply[]) =>
  Object.fromEntries(rs.flatMap((r) => (r.kind === 'addheader' ? [[r.name, r.value]] : [])));

async function session(port: number): Promise<FakeMta> {
  const mta = await FakeMta.open({ port });
  await mta.negotiate();
  await mta.hello({});
  return mta;
}

test('ham is tagged and accepted; the engine sees a synthesized Received header first', async () => {
  const h = await startHarness();
  try {
    const mta = await session(h.port);
    assert.equal(mta.negotiated?.version, 6);
    const { eom, final } = await mta.message(hamMessage());
    assert.equal(final?.kind, 'accept');
    assert.match(added(eom)['X-Spam-Status'] ?? '', /^ No, score=0\.0 required=5\.0\n\ttests=FAKE_HAM$/);
    const seen = h.engine.scanned[0]?.message ?? '';
    assert.match(seen, /^Received: from client\.example\.net \(client\.example\.net \[192\.0\.2\.7\]\)\r\n\tby mx\.test\.example \(Postfix\) with ESMTP id QID42\r\n\t\(envelope-from <alice@example\.org>\)\r\n\tfor <bob@example\.com>; /);
    assert.match(seen, /\r\nFrom: Alice <alice@example\.org>\r\nTo: bob@example\.com\r\nSubject: lunch tomorrow\r\n\r\nShall we meet at noon\?\r\n$/);
    assert.equal(h.engine.scanned[0]?.options?.remoteAddr, '192.0.2.7');
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('GTUBE is rejected with the configured reply, % escaped', async () => {
  const h = await startHarness({
    policy: { ...(await import('../../milter/options.js')).defaultMilterOptions().policy, rejectScore: 15, rejectReply: { code: '554', enhanced: '5.7.1', text: '100% spam (_SCORE_)' } },
  });
  try {
    const mta = await session(h.port);
    const { eom } = await mta.message(spamMessage());
    assert.deepEqual(eom, [{ kind: 'replycode', text: '554 5.7.1 100%% spam (1000.0)' }]);
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('spam below the reject score: Subject rewritten, forged X-Spam headers deleted last-first', async () => {
  const h = await startHarness();
  try {
    const mta = await session(h.port);
    const msg = spamMessage();
    msg.headers.push(['X-Spam-Status', ' No, forged'], ['X-Spam-Flag', ' NO'], ['x-spam-status', ' No, again']);
    const { eom } = await mta.message(msg);
    assert.deepEqual(eom.slice(0, 4), [
      { kind: 'chgheader', index: 2, name: 'X-Spam-Status', value: '' },
      { kind: 'chgheader', index: 1, name: 'X-Spam-Status', value: '' },
      { kind: 'chgheader', index: 1, name: 'X-Spam-Flag', value: '' },
      { kind: 'chgheader', index: 1, name: 'Subject', value: ' *****SPAM***** buy now' },
    ]);
    assert.equal(added(eom)['X-Spam-Flag'], ' YES');
    assert.equal(eom[eom.length - 1]?.kind, 'accept');
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('several messages on one connection, with ABORT in between and mid-message', async () => {
  const h = await startHarness();
  try {
    const mta = await session(h.port);
    assert.equal((await mta.message(hamMessage())).final?.kind, 'accept');
    mta.send({ cmd: 'abort' });
    await mta.step({ cmd: 'mail', args: ['<x@example.org>'] }, SMFIP.NR_MAIL);
    await mta.step({ cmd: 'rcpt', args: ['<y@example.com>'] }, SMFIP.NR_RCPT);
    await mta.step({ cmd: 'header', name: 'Subject', value: ' dropped' }, SMFIP.NR_HDR);
    mta.send({ cmd: 'abort' });
    const second = await mta.message(spamMessage());
    assert.ok(added(second.eom)['X-Spam-Flag']);
    assert.equal(h.engine.scanned.length, 2, 'the aborted message was never scanned');
    assert.doesNotMatch(h.engine.scanned[1]?.message ?? '', /dropped/);
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('quarantine and discard thresholds', async () => {
  const { defaultMilterOptions } = await import('../../milter/options.js');
  const h = await startHarness({ policy: { ...defaultMilterOptions().policy, quarantineScore: 8, discardScore: 50 } });
  try {
    const mta = await session(h.port);
    const q = await mta.message({ ...hamMessage([['X-Test-Score', ' 9']]) });
    assert.deepEqual(kinds(q.eom).slice(-2), ['quarantine', 'accept']);
    const d = await mta.message(spamMessage());
    assert.deepEqual(kinds(d.eom), ['discard']);
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('scan failure: tempfail by default, accept with a header when configured', async () => {
  const failing = await startHarness({}, { fail: new Error('boom') });
  const accepting = await startHarness({ onError: 'accept' }, { fail: new Error('boom') });
  try {
    const a = await session(failing.port);
    assert.deepEqual(kinds((await a.message(hamMessage())).eom), ['replycode']);
    assert.ok(failing.logs.some((l) => /error: .*scan failed \(tempfail\): boom/.test(l)));
    const b = await session(accepting.port);
    const r = await b.message(hamMessage([['X-Spam-Flag', ' YES']]));
    assert.deepEqual(kinds(r.eom), ['chgheader', 'addheader', 'accept']);
    assert.match(added(r.eom)['X-Spamward-Skipped'] ?? '', /scan failed/);
  } finally {
    await failing.milter.close();
    await accepting.milter.close();
  }
});

test('the scan time budget tempfails a slow scan', async () => {
  const h = await startHarness({ scanTimeoutMs: 100 }, { delayMs: 1000 });
  try {
    const mta = await session(h.port);
    const started = Date.now();
    const { eom } = await mta.message(hamMessage());
    assert.deepEqual(eom, [{ kind: 'replycode', text: '451 4.7.1 Spam scan failed, please try again later' }]);
    assert.ok(Date.now() - started < 900);
  } finally {
    await h.milter.close();
  }
});

test('messages over the size cap pass unscanned with a header; an MTA waiting on body replies is told to SKIP', async () => {
  const waiting = await startHarness({ maxMessageBytes: 100_000, noReplyFlags: false });
  const streaming = await startHarness({ maxMessageBytes: 100_000 });
  try {
    const big = { ...hamMessage(), body: Buffer.alloc(300_000, 'a') };
    const w = await (await session(waiting.port)).message(big);
    assert.deepEqual(kinds(w.all).filter((k) => k !== 'continue').slice(0, 1), ['skip']);
    assert.match(added(w.eom)['X-Spamward-Skipped'] ?? '', /larger than 100000 bytes/);
    // With NR_BODY the MTA sends the whole body without waiting; the milter drops what is past the cap.
    const s = await (await session(streaming.port)).message(big);
    assert.deepEqual(kinds(s.all), ['continue', ...kinds(s.eom)], 'no reply between MAIL and end of message');
    assert.match(added(s.eom)['X-Spamward-Skipped'] ?? '', /larger than 100000 bytes/);
    assert.equal(waiting.engine.scanned.length + streaming.engine.scanned.length, 0);
  } finally {
    await waiting.milter.close();
    await streaming.milter.close();
  }
});

test('a large multipart body spills to disk and reaches the engine whole', async () => {
  const h = await startHarness({ memoryThresholdBytes: 10_000 });
  try {
    const mta = await session(h.port);
    const part = 'x'.repeat(76) + '\r\n';
    const body = `--b\r\nContent-Type: text/plain\r\n\r\n${part.repeat(3000)}--b--\r\n`;
    const r = await mta.message({ ...hamMessage([['Content-Type', ' multipart/mixed; boundary="b"']]), body });
    assert.equal(r.final?.kind, 'accept');
    assert.ok(h.engine.scanned[0]?.message.endsWith(body));
  } finally {
    await h.milter.close();
  }
});

test('authenticated senders and trusted networks are accepted unscanned', async () => {
  const h = await startHarness({ trustedNetworks: ['198.51.100.0/24'] });
  try {
    const mta = await FakeMta.open({ port: h.port });
    await mta.negotiate();
    assert.deepEqual(kinds(await mta.hello({ client: { hostname: 'in', address: '198.51.100.9' } })), ['accept']);
    const other = await session(h.port);
    const r = await other.message({ ...hamMessage(), macros: { M: [['{auth_authen}', 'alice']] } });
    assert.deepEqual(kinds(r.all), ['accept']);
    assert.equal(h.engine.scanned.length, 0);
  } finally {
    await h.milter.close();
  }
});

test('per-recipient preferences: the first recipient with a user_prefs file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'milter-prefs-'));
  mkdirSync(join(dir, 'example.com', 'carol'), { recursive: true });
  writeFileSync(join(dir, 'example.com', 'carol', 'user_prefs'), 'required_score 3\n');
  const h = await startHarness({ virtualConfigDir: join(dir, '%d', '%l') });
  try {
    const mta = await session(h.port);
    await mta.message({ ...hamMessage(), recipients: ['<bob@example.com>', '<Carol@Example.com>'] });
    assert.equal(h.engine.scanned[0]?.options?.userPrefsPath, join(dir, 'example.com', 'carol', 'user_prefs'));
  } finally {
    await h.milter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed and oversized frames close only that connection', async () => {
  const h = await startHarness();
  try {
    for (const junk of [Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41]), Buffer.from([0, 0, 0, 2, 0x5a, 0])]) {
      const raw = await FakeMta.open({ port: h.port });
      await raw.negotiate();
      raw.socket.write(junk);
      await raw.waitClosed();
    }
    assert.ok(h.logs.some((l) => /exceeds the limit/.test(l)));
    assert.ok(h.logs.some((l) => /unknown command byte 0x5a/.test(l)));
    const ok = await session(h.port);
    assert.equal((await ok.message(hamMessage())).final?.kind, 'accept');
  } finally {
    await h.milter.close();
  }
});

const NOT_SENT = SMFIP.NODATA | SMFIP.NOUNKNOWN | SMFIP.NOEOH;
const ALWAYS_NR = SMFIP.NR_HELO | SMFIP.NR_RCPT | SMFIP.NR_DATA | SMFIP.NR_HDR | SMFIP.NR_EOH | SMFIP.NR_UNKN | SMFIP.NR_BODY;

test('negotiation: events not used are declined; no reply where the answer is always CONTINUE', async () => {
  const cases: Array<[Partial<MilterOptions>, number]> = [
    [{}, ALWAYS_NR | SMFIP.NR_CONN],
    // A trusted network may ACCEPT at CONNECT, an authenticated sender at MAIL: those stages keep their reply.
    [{ trustedNetworks: ['10.0.0.0/8'] }, ALWAYS_NR],
    [{ skipAuthenticated: false }, ALWAYS_NR | SMFIP.NR_CONN | SMFIP.NR_MAIL],
    [{ noReplyFlags: false }, 0],
  ];
  for (const [over, nr] of cases) {
    const h = await startHarness(over);
    try {
      const mta = await FakeMta.open({ port: h.port });
      const granted = await mta.negotiate();
      assert.equal(granted.protocol, SMFIP.HDR_LEADSPC | SMFIP.SKIP | NOT_SENT | nr, JSON.stringify(over));
      // Against an MTA that offers none of them, none is used, and every stage is answered.
      const old = await FakeMta.open({ port: h.port });
      assert.equal((await old.negotiate({ version: 6, actions: 0x1ff, protocol: SMFIP.SKIP })).protocol, SMFIP.SKIP);
      await old.hello({});
      const r = await old.message(hamMessage());
      const stages = 1 /* MAIL */ + 1 /* RCPT */ + 1 /* DATA */ + hamMessage().headers.length + 1 /* EOH */ + 1 /* body */;
      assert.deepEqual(kinds(r.all), [...Array<string>(stages).fill('continue'), ...kinds(r.eom)]);
      assert.equal(r.final?.kind, 'accept');
      await mta.quit();
      await old.quit();
    } finally {
      await h.milter.close();
    }
  }
});

test('no-reply flags: nothing is answered between MAIL and end of message, and the answer there is complete', async () => {
  const h = await startHarness();
  try {
    const mta = await session(h.port);
    const r = await mta.message(spamMessage());
    // MAIL keeps its reply (an authenticated sender is accepted there); nothing else is answered before the end.
    assert.deepEqual(r.all, [{ kind: 'continue' }, ...r.eom]);
    assert.equal(r.final?.kind, 'accept');
    assert.ok(added(r.eom)['X-Spam-Flag']);
    // The session stays in step: the next message on the connection works the same.
    const second = await mta.message(hamMessage());
    assert.deepEqual(second.all, [{ kind: 'continue' }, ...second.eom]);
    assert.ok(added(second.eom)['X-Spam-Status']);
    // An MTA that sends the declined events anyway (DATA, EOH, UNKNOWN) gets no reply to them either.
    assert.deepEqual(await mta.command({ cmd: 'mail', args: ['<a@example.org>'] }), [{ kind: 'continue' }]);
    mta.send({ cmd: 'rcpt', args: ['<b@example.com>'] });
    mta.send({ cmd: 'data' });
    mta.send({ cmd: 'unknown', line: 'XYZZY' });
    mta.send({ cmd: 'header', name: 'Subject', value: 'x' });
    mta.send({ cmd: 'eoh' });
    mta.send({ cmd: 'body', chunk: Buffer.from('hello\r\n') });
    const eom = await mta.command({ cmd: 'eob', chunk: Buffer.alloc(0) });
    assert.equal(eom[eom.length - 1]?.kind, 'accept');
    assert.equal(h.engine.scanned.length, 3);
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('unix socket with mode; SIGHUP-style reload; drain finishes the message in flight', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'milter-sock-'));
  const path = join(dir, 'milter.sock');
  const h = await startHarness({ listen: { kind: 'unix', path }, socketMode: '660' }, { delayMs: 300 });
  try {
    assert.equal(statSync(path).mode & 0o777, 0o660);
    await h.milter.reload();
    assert.equal(h.engine.reloads, 1);
    const mta = await FakeMta.open({ path });
    await mta.negotiate();
    await mta.hello({});
    const pending = mta.message(hamMessage());
    await new Promise((r) => setTimeout(r, 100));
    const closing = h.milter.close();
    const r = await pending;
    assert.equal(r.final?.kind, 'accept', 'the in-flight message got its verdict');
    await mta.waitClosed();
    await closing;
    await assert.rejects(
      new Promise((resolve, reject) => connect(path).once('connect', resolve).once('error', reject)),
      'no longer listening',
    );
  } finally {
    await h.milter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a silent MTA connection is closed after the idle timeout, but a long scan is not cut', async () => {
  const h = await startHarness({ idleTimeoutMs: 200 }, { delayMs: 500 });
  try {
    const idle = await FakeMta.open({ port: h.port });
    await idle.negotiate();
    await idle.waitClosed(3000);
    assert.ok(h.logs.some((l) => /no data for 200 ms/.test(l)));
    const busy = await session(h.port);
    assert.equal((await busy.message(hamMessage())).final?.kind, 'accept', 'the 500 ms scan outlived the 200 ms idle timeout');
  } finally {
    await h.milter.close();
  }
});

test('SQL preferences: the only recipient is the SQL user; several recipients scan as the default user', async () => {
  const h = await startHarness({ sqlPrefs: { user: 'address', defaultUser: 'nobody' } });
  try {
    const mta = await session(h.port);
    await mta.message({ ...hamMessage(), recipients: ['<Carol@Example.com>'] });
    await mta.message({ ...hamMessage(), recipients: ['<bob@example.com>', '<carol@example.com>'] });
    assert.deepEqual(h.engine.scanned.map((s) => s.options?.sqlPrefsUser), ['carol@example.com', 'nobody']);
  } finally {
    await h.milter.close();
  }
});

test('--redirect-spam: spam leaves its recipients (kept in X-Spam-Orig-To) for the spam address; ham is untouched', async () => {
  const h = await startHarness({ spamRecipient: { mode: 'redirect', address: 'trap@example.com' } });
  try {
    const mta = await session(h.port);
    const spam = await mta.message({ ...spamMessage(), recipients: ['<bob@example.com>', '<carol@example.com>'] });
    const envelope = spam.eom.filter((r) => r.kind === 'delrcpt' || r.kind === 'addrcpt' || (r.kind === 'addheader' && r.name === 'X-Spam-Orig-To'));
    assert.deepEqual(envelope, [
      { kind: 'addheader', name: 'X-Spam-Orig-To', value: ' <bob@example.com>' },
      { kind: 'delrcpt', rcpt: '<bob@example.com>' },
      { kind: 'addheader', name: 'X-Spam-Orig-To', value: ' <carol@example.com>' },
      { kind: 'delrcpt', rcpt: '<carol@example.com>' },
      { kind: 'addrcpt', rcpt: '<trap@example.com>' },
    ]);
    assert.equal(spam.final?.kind, 'accept');
    const ham = await mta.message(hamMessage());
    assert.deepEqual(ham.eom.filter((r) => r.kind === 'delrcpt' || r.kind === 'addrcpt'), []);
    await mta.quit();
  } finally {
    await h.milter.close();
  }
});

test('--copy-spam adds the spam address beside the recipients; an MTA that grants no recipient edits gets a tagged message and a warning', async () => {
  const h = await startHarness({ spamRecipient: { mode: 'copy', address: 'trap@example.com' } });
  try {
    const mta = await session(h.port);
    const spam = await mta.message(spamMessage());
    assert.deepEqual(spam.eom.filter((r) => r.kind === 'delrcpt' || r.kind === 'addrcpt'), [{ kind: 'addrcpt', rcpt: '<trap@example.com>' }]);
    await mta.quit();
    const stingy = await FakeMta.open({ port: h.port });
    await stingy.negotiate({ version: 6, actions: 0x1ff & ~0x04, protocol: 0x1fffff });
    await stingy.hello({});
    const kept = await stingy.message(spamMessage());
    assert.deepEqual(kept.eom.filter((r) => r.kind === 'addrcpt'), []);
    assert.equal(kept.final?.kind, 'accept');
    assert.ok(h.logs.some((l) => /copy of spam to trap@example\.com wanted but the MTA did not grant/.test(l)), h.logs.join('\n'));
  } finally {
    await h.milter.close();
  }
});
