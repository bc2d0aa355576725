/**
 * ARC_SIGNED / ARC_VALID (DKIM.pm's check_arc_signed / check_arc_valid)
 * on messages ARC-sealed in the test with mailauth, keys in nsd: Spamward
 * and Debian's spamd (Mail::DKIM::ARC::Verifier) give the same hits.
 * SpamAssassin's meaning is not the chain verdict: ARC_VALID hits when any
 * one seal or message signature verifies by itself, so a message whose
 * body changed after sealing still has a valid seal.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sealMessage } from 'mailauth/lib/arc/index.js';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { type RealSpamd, spamcRequest, startRealSpamd } from '../bench/lib/real-spamd.js';
import { type DnsPeer, startNsd } from '../helpers/dns-peers.js';
import { type MiniRules, miniRules } from '../helpers/mini-rules.js';

const RULES = [
  'full ARC_SIGNED eval:check_arc_signed()',
  'tflags ARC_SIGNED net',
  'score ARC_SIGNED 0.01',
  'full ARC_VALID eval:check_arc_valid()',
  'tflags ARC_VALID net nice',
  'score ARC_VALID -0.01',
  'meta ARC_INVALID ARC_SIGNED && !ARC_VALID',
  'score ARC_INVALID 0.01',
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'dns_available yes',
  'rbl_timeout 3 1',
];

function plain(tag: string): string {
  return [
    'Received: from mx.sw-arc.org (mx.sw-arc.org [11.22.33.44]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)',
    'From: Alice <alice@sw-arc.org>',
    'To: list@sw-local.test',
    `Subject: ARC fixture ${tag}`,
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    `Message-ID: <arc.${tag}@sw-arc.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Hello list,',
    'the minutes are attached to the calendar entry.',
    '',
  ].join('\r\n');
}

type Key = string;

async function sealed(text: string, key: Key, i: number, domain = 'sw-arc.org'): Promise<string> {
  const headers = await sealMessage(Buffer.from(text), {
    signingDomain: domain,
    selector: 'arc',
    privateKey: key,
    signTime: new Date('2026-11-26T02:00:00Z'),
    ...({ authResults: `mx.${domain}; spf=pass smtp.mailfrom=sw-arc.org`, cv: i === 1 ? 'none' : 'pass' } as object),
  });
  return headers.toString('latin1') + text;
}

let nsd: DnsPeer;
let dirs: MiniRules;
let spamd: RealSpamd;
let engine: SpamwardEngine;
const messages: Record<string, Buffer> = {};

before(async () => {
  const pair = (): { pem: string; pub: string } => {
    const k = generateKeyPairSync('rsa', { modulusLength: 1024 });
    return { pem: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
  };
  const good = pair();
  const other = pair();
  nsd = await startNsd([
    { name: 'sw-arc.org', records: [`arc._domainkey TXT "v=DKIM1; k=rsa; p=${good.pub}"`] },
    { name: 'sw-fwd.org', records: [`arc._domainkey TXT "v=DKIM1; k=rsa; p=${good.pub}"`] },
  ]);
  const once = await sealed(plain('valid'), good.pem, 1);
  messages.valid = Buffer.from(once, 'latin1');
  messages['two-hops'] = Buffer.from(await sealed(await sealed(plain('hops'), good.pem, 1), good.pem, 2, 'sw-fwd.org'), 'latin1');
  // The body changed after sealing: the message signature fails, the seal (over the ARC headers only) still verifies.
  messages['body-changed'] = Buffer.from((await sealed(plain('changed'), good.pem, 1)).replace('minutes', 'MINUTES'), 'latin1');
  // Sealed with a key that is not the published one: nothing verifies.
  messages['wrong-key'] = Buffer.from(await sealed(plain('wrong'), other.pem, 1), 'latin1');
  messages.unsealed = Buffer.from(plain('none'), 'latin1');
  dirs = miniRules(['DKIM']);
  const cf = [`dns_server 127.0.0.1:${nsd.port}`, ...RULES];
  spamd = await startRealSpamd({ network: true, children: 1, cf, extraArgs: dirs.spamdArgs });
  engine = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: cf });
});

after(async () => {
  await engine?.close();
  await spamd?.stop();
  await nsd?.stop();
  dirs?.remove();
});

const ARC = /^ARC_/;

test('ARC rules hit the same in SpamAssassin and Spamward', async () => {
  const sa: Record<string, string> = {};
  const ours: Record<string, string> = {};
  for (const [name, msg] of Object.entries(messages)) {
    const reply = await spamcRequest(spamd.port, 'SYMBOLS', msg, { timeoutMs: 60_000 });
    sa[name] = reply.body.toString('latin1').trim().split(',').filter((r) => ARC.test(r)).sort().join(',');
    ours[name] = (await engine.scan(msg)).testNames.filter((r) => ARC.test(r)).sort().join(',');
  }
  assert.deepEqual(ours, sa);
  // What SpamAssassin said, pinned: not vacuous, and the per-signature meaning of ARC_VALID.
  assert.deepEqual(sa, {
    valid: 'ARC_SIGNED,ARC_VALID',
    'two-hops': 'ARC_SIGNED,ARC_VALID',
    'body-changed': 'ARC_SIGNED,ARC_VALID',
    'wrong-key': 'ARC_INVALID,ARC_SIGNED',
    unsealed: '',
  });
});

test('without network tests (-L) the ARC rules do not run', async () => {
  const r = await engine.scan(messages.valid as Buffer, { localTestsOnly: true });
  assert.deepEqual(r.testNames.filter((n) => ARC.test(n)), []);
});
