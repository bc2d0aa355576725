/**
 * Several dns_server lines, as SpamAssassin's DnsResolver uses them: every
 * query goes to the first server; one that nobody runs (port unreachable)
 * is failed over to the next for good; one that takes queries and never
 * answers is NOT failed over (its queries time out) unless `dns_available
 * test` found it silent and dropped it. Debian's spamd, pointed at the same
 * servers, gives the same hits. And an answer too large for UDP (TC bit)
 * is fetched again over TCP from nsd.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';
import { UdpDnsClient } from '../../src/engine/net/udp-dns-client.js';
import { spamcRequest, startRealSpamd } from '../bench/lib/real-spamd.js';
import { type MiniRules, miniRules } from '../helpers/mini-rules.js';
import { type DnsPeer, freeUdpPort, startNsd, startSilentServer } from '../helpers/dns-peers.js';

const MESSAGE = Buffer.from(
  [
    'Return-Path: <alice@sw-servers.org>',
    'Received: from host.sw-servers.org (host.sw-servers.org [45.67.89.10]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)',
    'From: Alice <alice@sw-servers.org>',
    'To: bob@sw-local.test',
    'Subject: several servers',
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    'Message-ID: <servers@sw-servers.org>',
    '',
    'Hello Bob.',
    '',
  ].join('\r\n'),
  'latin1',
);

/**
 * Two listed relays: SpamAssassin loses the query that met the dead server
 * (its send succeeded; the refusal shows on the next send, which then fails
 * over), so it needs a second query to hit. Spamward re-sends that first
 * query to the next server too.
 */
const TWO_HOPS = Buffer.from(
  MESSAGE.toString('latin1').replace(
    'From: Alice',
    'Received: from client.sw-servers.org (client.sw-servers.org [45.67.89.11]) by host.sw-servers.org (Postfix) with ESMTP id 5A1B2C3D4E; Thu, 26 Nov 2026 01:59:30 +0000 (UTC)\r\nFrom: Alice',
  ),
  'latin1',
);

/** A TXT record of `n` character-strings of 200 bytes, the last one marked. */
function bigTxt(n: number): string {
  return Array.from({ length: n }, (_, i) => `"${String(i).padStart(3, '0')}${(i === n - 1 ? 'END-MARK' : 'x').padEnd(197, 'y')}"`).join(' ');
}

const RULES = [
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'bayes_auto_learn 0',
  'rbl_timeout 2 1',
  "header SW_SRV_RBL eval:check_rbl('swsrv', 'zen.dnsbl.test.')",
  'tflags SW_SRV_RBL net',
  'score SW_SRV_RBL 3',
];

let dirs: MiniRules;

let nsd: DnsPeer;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let closedPort: number;

before(async () => {
  dirs = miniRules(['DNSEval', 'AskDNS']);
  nsd = await startNsd([
    {
      name: 'zen.dnsbl.test',
      records: ['10.89.67.45 A 127.0.0.2', '11.89.67.45 A 127.0.0.2', ...[1, 2, 3, 4].map((i) => `probe${i} A 127.0.0.1`), `big TXT ${bigTxt(5)}`, `huge TXT ${bigTxt(25)}`],
    },
  ]);
  silent = await startSilentServer();
  closedPort = await freeUdpPort();
});

after(async () => {
  await silent?.stop();
  await nsd?.stop();
  dirs?.remove();
});

function engineFor(cf: string[]) {
  return createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: cf });
}

const real = (): string => `dns_server 127.0.0.1:${nsd.port}`;
const quiet = (): string => `dns_server 127.0.0.1:${silent.port}`;
const closed = (): string => `dns_server 127.0.0.1:${closedPort}`;

interface Outcome {
  ours: boolean;
  sa: boolean;
  ms: number;
}

/** Spamward and Debian's spamd on the same message with the same server lines: did SW_SRV_RBL hit? */
async function bothScan(lines: string[], withSa = true, message = MESSAGE): Promise<Outcome> {
  const cf = [...lines, ...RULES];
  const engine = await engineFor(cf);
  try {
    const t0 = Date.now();
    const ours = (await engine.scan(message)).testNames.includes('SW_SRV_RBL');
    const ms = Date.now() - t0;
    if (!withSa) return { ours, sa: ours, ms };
    const spamd = await startRealSpamd({ network: true, children: 1, cf, extraArgs: dirs.spamdArgs });
    try {
      const reply = await spamcRequest(spamd.port, 'SYMBOLS', message, { timeoutMs: 60_000 });
      return { ours, sa: reply.body.toString('latin1').split(',').includes('SW_SRV_RBL'), ms };
    } finally {
      await spamd.stop();
    }
  } finally {
    await engine.close();
  }
}

test('the first server answers: the silent second one is never asked', async () => {
  const before = silent.received();
  const r = await bothScan(['dns_available yes', real(), quiet()], false);
  assert.equal(r.ours, true);
  assert.equal(silent.received(), before);
});

test('a silent first server is not failed over: no hit, within the budget, as in SpamAssassin', async () => {
  const before = silent.received();
  const r = await bothScan(['dns_available yes', quiet(), real()]);
  assert.deepEqual({ ours: r.ours, sa: r.sa }, { ours: false, sa: false });
  assert.ok(silent.received() > before, 'the queries went to the silent server');
  // rbl_timeout 2 s per query, twice that for the whole message.
  assert.ok(r.ms < 4500, `scan took ${r.ms} ms`);
});

test('a first server nobody runs (port unreachable) is failed over to the next, as in SpamAssassin', async () => {
  const r = await bothScan(['dns_available yes', closed(), real()], true, TWO_HOPS);
  assert.deepEqual({ ours: r.ours, sa: r.sa }, { ours: true, sa: true });
});

test('dns_available test drops the silent server and keeps the one that answered', async () => {
  // Dns.pm takes up to three test domains per server from one pool: the silent server uses three, the real one the fourth.
  const probes = [1, 2, 3, 4].map((i) => `probe${i}.zen.dnsbl.test`).join(' ');
  const r = await bothScan([`dns_available test: ${probes}`, 'dns_options nov6', quiet(), real()], false);
  assert.equal(r.ours, true);
  // One answer's timeout (3 s) for the probe, then the real server answers at once.
  assert.ok(r.ms < 7500, `scan took ${r.ms} ms`);
});

test('a truncated UDP answer is fetched again over TCP (no EDNS, and EDNS answers beyond 4096 bytes)', async () => {
  const noEdns = new UdpDnsClient([`127.0.0.1:${nsd.port}`], { edns: 0, rotate: false });
  const withEdns = new UdpDnsClient([`127.0.0.1:${nsd.port}`], { edns: 4096, rotate: false });
  try {
    const big = await noEdns.query('big.zen.dnsbl.test', 'TXT');
    assert.equal(big.code, 'NOERROR');
    const strings = big.records[0] as string[];
    assert.equal(strings.length, 5);
    assert.ok(strings[4]?.includes('END-MARK'));
    assert.equal(noEdns.tcpFallbacks, 1);
    // 1000 bytes fit in an EDNS answer: no TCP.
    assert.equal((await withEdns.query('big.zen.dnsbl.test', 'TXT')).code, 'NOERROR');
    assert.equal(withEdns.tcpFallbacks, 0);
    const huge = await withEdns.query('huge.zen.dnsbl.test', 'TXT');
    assert.equal((huge.records[0] as string[]).length, 25);
    assert.equal(withEdns.tcpFallbacks, 1);
  } finally {
    noEdns.close();
    withEdns.close();
  }
});

test('an askdns rule matches a record that only TCP delivers', async () => {
  const engine = await engineFor([real(), 'dns_available yes', 'dns_options noedns', ...RULES, 'askdns SW_SRV_BIG big.zen.dnsbl.test TXT /END-MARK/', 'tflags SW_SRV_BIG net', 'score SW_SRV_BIG 1']);
  try {
    assert.ok((await engine.scan(MESSAGE)).testNames.includes('SW_SRV_BIG'));
  } finally {
    await engine.close();
  }
});
