/**
 * A DNS server that never answers (a UDP socket that reads and drops) costs
 * a message at most its budget: rbl_timeout from the queries' start, or the
 * scan's own time limit when that is shorter. The verdict still comes,
 * without the network rules, and the queries did go out.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { startSilentServer } from '../helpers/dns-peers.js';

const MESSAGE = Buffer.from(
  [
    'Return-Path: <alice@sw-silent.org>',
    'Received: from host.sw-silent.org (host.sw-silent.org [45.67.89.10]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)',
    'From: Alice <alice@sw-silent.org>',
    'To: bob@sw-local.test',
    'Subject: silent resolver',
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    'Message-ID: <silent@sw-silent.org>',
    '',
    'See http://www.some-uri-site.com/ for details.',
    '',
  ].join('\r\n'),
  'latin1',
);

const RULES = [
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'use_pyzor 0',
  'use_razor2 0',
  "header SW_SILENT_RBL eval:check_rbl('silent', 'zen.dnsbl.test.')",
  'tflags SW_SILENT_RBL net',
  'score SW_SILENT_RBL 3',
  'urirhssub SW_SILENT_URI multi.uribl.test. A 2',
  "body SW_SILENT_URI eval:check_uridnsbl('SW_SILENT_URI')",
  'tflags SW_SILENT_URI net',
  'score SW_SILENT_URI 3',
];

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let engine: SpamwardEngine;

before(async () => {
  silent = await startSilentServer();
  engine = await createEngine({ noUserConfig: true, cfLines: [...RULES, `dns_server 127.0.0.1:${silent.port}`, 'rbl_timeout 1 0.5'] });
  // Warm up both rule sets (lazy compilation), so the timings below compare like with like.
  await engine.scan(MESSAGE, { localTestsOnly: true });
  await engine.scan(MESSAGE);
});

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = Date.now();
  await run();
  return Date.now() - t0;
}

after(async () => {
  await engine?.close();
  await silent?.stop();
});

test('rbl_timeout bounds the wait for a server that never answers', async () => {
  const local = await timed(() => engine.scan(MESSAGE, { localTestsOnly: true }));
  let verdict: Awaited<ReturnType<SpamwardEngine['scan']>> | undefined;
  const elapsed = await timed(async () => (verdict = await engine.scan(MESSAGE)));
  // The queries went out (the warm-up's are still shared in flight: the resolver client does not ask twice).
  assert.ok(silent.received() > 0, 'the queries were sent');
  assert.ok(elapsed >= 900, `waited for the budget (${elapsed} ms)`);
  assert.ok(elapsed - local < 1000 + 1500, `the DNS wait is the budget (${elapsed} ms with, ${local} ms without network)`);
  assert.ok(verdict && !verdict.testNames.includes('SW_SILENT_RBL') && !verdict.testNames.includes('SW_SILENT_URI'));
  assert.match(verdict.scoreText, /^-?\d/);
});

test("the scan's time limit caps the DNS wait when it is shorter than rbl_timeout", async () => {
  const slow = await createEngine({ noUserConfig: true, cfLines: [...RULES, `dns_server 127.0.0.1:${silent.port}`, 'rbl_timeout 30'] });
  try {
    await slow.scan(MESSAGE, { localTestsOnly: true });
    await slow.scan(MESSAGE, { timeoutMs: 1500 });
    const t0 = Date.now();
    const v = await slow.scan(MESSAGE, { timeoutMs: 1500 });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 1400 && elapsed < 1500 + 2500, `bounded by the scan's limit (${elapsed} ms)`);
    assert.ok(!v.testNames.includes('SW_SILENT_RBL'));
  } finally {
    await slow.close();
  }
});
