/**
 * Pyzor and Razor through Debian's programs, with the helper home spamd's
 * -H gives (HOME of the helpers: ~/.pyzor/servers, ~/.razor). Pyzor runs
 * against Debian's pyzord on loopback: a message reported to it hits
 * PYZOR_CHECK in Spamward as in Debian's spamd, another does not, and a
 * server that never answers costs at most pyzor_timeout. Razor has no local
 * server: razor-check is run with the helper home's server list (a TCP port
 * that accepts and never answers, so the test needs no Internet) and costs
 * at most razor_timeout without a hit. Network tests off (-L): neither runs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { spamcRequest, startRealSpamd } from '../bench/lib/real-spamd.js';
import { type MiniRules, miniRules } from '../helpers/mini-rules.js';
import { helperHome, type Pyzord, pyzor, requireProgram, startPyzord, startSilentTcp, startSilentUdp } from '../helpers/pyzor-razor.js';

function message(tag: string, body: string): Buffer {
  return Buffer.from(
    [
      'Received: from mx.sw-bulk.org (mx.sw-bulk.org [11.22.33.44]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)',
      'From: Offers <offers@sw-bulk.org>',
      'To: bob@sw-local.test',
      `Subject: ${tag}`,
      'Date: Thu, 26 Nov 2026 01:59:00 +0000',
      `Message-ID: <${tag}@sw-bulk.org>`,
      '',
      body,
      '',
    ].join('\r\n'),
    'latin1',
  );
}

const REPORTED = message('reported', 'Cheap replica watches shipped worldwide from our warehouse.\r\nOrder today and save ninety percent on every model in the catalogue.');
const ONCE = message('once', 'A one-off circular about garden furniture with discounts on teak benches,\r\nreported a single time only by one of the recipients of the mailing.');
const CLEAN = message('clean', 'Hello Bob, the minutes of Tuesday are attached to the calendar entry.\r\nSee you at the review on Thursday morning, Alice.');

const RULES = [
  'full PYZOR_CHECK eval:check_pyzor()',
  'tflags PYZOR_CHECK net',
  'score PYZOR_CHECK 1.9',
  'full RAZOR2_CHECK eval:check_razor2()',
  'tflags RAZOR2_CHECK net',
  'score RAZOR2_CHECK 1.7',
  'full RAZOR2_CF_RANGE_51_100 eval:check_razor2_range(\'\',\'51\',\'100\')',
  'tflags RAZOR2_CF_RANGE_51_100 net',
  'score RAZOR2_CF_RANGE_51_100 0.5',
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'dns_available yes',
  // Two reports make a hit (pyzor_count_min defaults to 5).
  'pyzor_count_min 2',
];

let pyzord: Pyzord;
let dirs: MiniRules;
let razorSilent: Awaited<ReturnType<typeof startSilentTcp>>;
let home: ReturnType<typeof helperHome>;
let engine: SpamwardEngine;
const savedHome = process.env.HOME;

before(async () => {
  requireProgram('razor-check', 'razor');
  pyzord = await startPyzord();
  razorSilent = await startSilentTcp();
  home = helperHome([pyzord.server], razorSilent.server);
  for (let i = 0; i < 2; i++) assert.match(await pyzor(home.dir, 'report', REPORTED), /\(200, 'OK'\)/);
  assert.match(await pyzor(home.dir, 'report', ONCE), /\(200, 'OK'\)/);
  dirs = miniRules(['Pyzor', 'Razor2']);
  // What spamd -H does: the helpers' HOME is the helper home.
  process.env.HOME = home.dir;
  engine = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: [...RULES, 'use_razor2 0'] });
});

after(async () => {
  process.env.HOME = savedHome;
  await engine?.close();
  await razorSilent?.stop();
  await pyzord?.stop();
  home?.remove();
  dirs?.remove();
});

const hits = (names: readonly string[]): string => names.filter((n) => /^(PYZOR|RAZOR2)_/.test(n)).sort().join(',');

test('a message reported to pyzord hits PYZOR_CHECK in Spamward and in Debian\'s spamd; the others do not', async () => {
  const ours: Record<string, string> = {};
  for (const [name, msg] of Object.entries({ REPORTED, ONCE, CLEAN })) ours[name] = hits((await engine.scan(msg)).testNames);
  const spamd = await startRealSpamd({ network: true, children: 1, cf: [...RULES, 'use_razor2 0'], extraArgs: [...dirs.spamdArgs, `--helper-home-dir=${home.dir}`] });
  const sa: Record<string, string> = {};
  try {
    for (const [name, msg] of Object.entries({ REPORTED, ONCE, CLEAN })) {
      const reply = await spamcRequest(spamd.port, 'SYMBOLS', msg, { timeoutMs: 60_000 });
      sa[name] = hits(reply.body.toString('latin1').trim().split(','));
    }
  } finally {
    await spamd.stop();
  }
  assert.deepEqual(ours, { REPORTED: 'PYZOR_CHECK', ONCE: '', CLEAN: '' });
  assert.deepEqual(sa, ours);
});

test('razor-check ran with the helper home (its server list) and, with no answer, costs at most razor_timeout and no hit', async () => {
  // razor_timeout leaves Perl time to start razor-check on a loaded machine.
  const e = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: [...RULES, 'use_pyzor 0', 'razor_timeout 4'] });
  try {
    const before = razorSilent.accepted();
    const t0 = Date.now();
    const r = await e.scan(CLEAN);
    const ms = Date.now() - t0;
    assert.equal(hits(r.testNames), '');
    assert.ok(razorSilent.accepted() > before, 'razor-check connected to the server of the helper home');
    assert.ok(ms < 4000 + 1500, `scan took ${ms} ms with razor_timeout 4`);
  } finally {
    await e.close();
  }
});

test('a Pyzor server that never answers costs at most pyzor_timeout, without a hit', async () => {
  const silent = await startSilentUdp();
  const quietHome = helperHome([silent.server], '127.0.0.1:1');
  process.env.HOME = quietHome.dir;
  const e = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: [...RULES, 'pyzor_timeout 1.5', 'use_razor2 0'] });
  try {
    const t0 = Date.now();
    const r = await e.scan(REPORTED);
    const ms = Date.now() - t0;
    assert.equal(hits(r.testNames), '');
    assert.ok(silent.received() > 0, 'pyzor asked the silent server');
    assert.ok(ms < 1500 + 1500, `scan took ${ms} ms with pyzor_timeout 1.5`);
  } finally {
    process.env.HOME = home.dir;
    await e.close();
    await silent.stop();
    quietHome.remove();
  }
});

test('with network tests off (-L) neither helper runs', async () => {
  const e = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: RULES });
  try {
    const before = razorSilent.accepted();
    const r = await e.scan(REPORTED, { localTestsOnly: true });
    assert.equal(hits(r.testNames), '');
    assert.equal(razorSilent.accepted(), before);
  } finally {
    await e.close();
  }
});
