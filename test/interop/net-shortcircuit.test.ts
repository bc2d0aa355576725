/**
 * A shortcircuit before priority -100 sends no DNS query, as SpamAssassin
 * launches its lookups only when the scan reaches -100: the scan then does
 * not wait for the resolver either. A rule shortcircuiting at priority 0
 * comes after the launch, so the queries went out. The resolver here never
 * answers (a UDP socket that counts what it reads), so every query shows.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { startSilentServer } from '../helpers/dns-peers.js';

function message(n: number, subject: string): Buffer {
  return Buffer.from(
    [
      `Received: from host${n}.sw-silent.org (host${n}.sw-silent.org [45.67.89.${n}]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C${n}; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)`,
      `From: Alice <alice@sw-silent${n}.org>`,
      'To: bob@sw-local.test',
      `Subject: ${subject}`,
      'Date: Thu, 26 Nov 2026 01:59:00 +0000',
      `Message-ID: <sc${n}@sw-silent.org>`,
      '',
      `See http://www.uri-site-${n}.com/ for details.`,
      '',
    ].join('\r\n'),
    'latin1',
  );
}

const RULES = [
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'use_pyzor 0',
  'use_razor2 0',
  "header SW_SC_RBL eval:check_rbl('silent', 'zen.dnsbl.test.')",
  'tflags SW_SC_RBL net',
  'score SW_SC_RBL 3',
  'urirhssub SW_SC_URI multi.uribl.test. A 2',
  "body SW_SC_URI eval:check_uridnsbl('SW_SC_URI')",
  'tflags SW_SC_URI net',
  'score SW_SC_URI 3',
  'header SW_EARLY Subject =~ /early-exit/',
  'score SW_EARLY 5',
  'shortcircuit SW_EARLY spam',
  'header SW_LATE Subject =~ /late-exit/',
  'score SW_LATE 1',
  'shortcircuit SW_LATE on',
];

let silent: Awaited<ReturnType<typeof startSilentServer>>;
let engine: SpamwardEngine;

before(async () => {
  silent = await startSilentServer();
  engine = await createEngine({
    noUserConfig: true,
    preLines: ['loadplugin Mail::SpamAssassin::Plugin::Shortcircuit'],
    cfLines: [...RULES, `dns_server 127.0.0.1:${silent.port}`, 'rbl_timeout 1 0.5'],
  });
  await engine.scan(message(1, 'warm-up'));
});

after(async () => {
  await engine?.close();
  await silent?.stop();
});

async function scanCounting(msg: Buffer): Promise<{ tests: string[]; queries: number; ms: number }> {
  const before = silent.received();
  const t0 = Date.now();
  const v = await engine.scan(msg);
  return { tests: v.testNames, queries: silent.received() - before, ms: Date.now() - t0 };
}

test('a shortcircuit at -200 sends no query and does not wait for the resolver', async () => {
  const r = await scanCounting(message(2, 'an early-exit message'));
  assert.deepEqual(r.tests, ['SHORTCIRCUIT', 'SW_EARLY']);
  assert.equal(r.queries, 0);
  assert.ok(r.ms < 900, `no wait for the resolver (${r.ms} ms)`);
});

test('without a shortcircuit the queries go out and the scan waits for them', async () => {
  const r = await scanCounting(message(3, 'an ordinary message'));
  assert.ok(!r.tests.includes('SHORTCIRCUIT'));
  assert.ok(r.queries > 0, 'queries sent');
  assert.ok(r.ms >= 900, `waited for the budget (${r.ms} ms)`);
});

test('a shortcircuit at priority 0 comes after the lookups were launched', async () => {
  const r = await scanCounting(message(4, 'a late-exit message'));
  assert.ok(r.tests.includes('SHORTCIRCUIT') && r.tests.includes('SW_LATE'), r.tests.join(','));
  assert.ok(r.queries > 0, 'queries sent');
});
