/**
 * Asks the installed SpamAssassin (through sa-relays.pl) for its relay
 * analysis of the self-written fixtures and compares every field. Fails,
 * never skips, when perl or Mail::SpamAssassin is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyzeRelays, type RelayConfig } from '../../../../../src/engine/message/received/analyze.js';
import { chain, configFor, NETWORK_CASES } from './network-cases.js';
import { message, stockConfig } from './relay-fixtures.js';
import { RECEIVED_CASES } from './received-lines.js';

interface Scenario {
  name: string;
  cf: string;
  conf: RelayConfig;
  lines: string[];
}

/** The Perl helper lives beside this test's TypeScript source. */
const script = fileURLToPath(new URL('../../../../../../test/unit/engine/message/received/sa-relays.pl', import.meta.url));
const OLDER_HOP = 'Received: from z.example.net (z.example.net [192.0.2.200]) by y.example.org (8.12/8.12) with ESMTP id zz1';

/**
 * Envelope senders written above the Received headers. The first is what a
 * spam-2 message of the public corpus carries: SpamAssassin's own parser finds
 * no address in it and Email::Address::XS does, so EnvelopeFrom (and
 * HK_RANDOM_ENVFROM) depend on that module being there.
 */
const ENVELOPE_LINES = [
  'Return-Path: <xkqzvbnmw@[1234567890] [zz]>',
  'Return-Path: (first (nested) comment) <nested@example.net>',
  'Return-Path: <>',
  'Return-Path: plain@example.net',
  'X-Envelope-From: Joe <joe@example.com> (x (y) z)',
  'Envelope-Sender: <a@example.org> <b@example.org>',
  'Return-Path: <odd@exa mple.net>',
  'Return-Path: "quoted, comma" <qc@example.net>, other',
];

function scenarios(): Scenario[] {
  const formats = RECEIVED_CASES.map((c) => ({ name: c.name, cf: '', conf: stockConfig(), lines: [`Received: ${c.line}`, OLDER_HOP] }));
  const nets = NETWORK_CASES.map((c) => ({
    name: c.name,
    cf: Object.entries(c.cf).map(([k, v]) => `${k} ${v}\n`).join(''),
    conf: configFor(c),
    lines: ['Return-Path: <rp@example.net>', ...chain(c.ips)],
  }));
  const envelopes = ENVELOPE_LINES.map((line) => ({ name: line, cf: '', conf: stockConfig(), lines: [line, OLDER_HOP] }));
  return [...formats, ...nets, ...envelopes];
}

/**
 * Debian's spamassassin reaches Email::Address::XS through its recommends
 * (libmail-dmarc-perl, then libemail-mime-perl), and SpamAssassin's address
 * parser falls back to it: without it the installed SpamAssassin is not the
 * one a site runs, nor the one the shared vectors were made with.
 */
function requireAddressXs(): void {
  try {
    execFileSync('perl', ['-MEmail::Address::XS', '-e', '1'], { stdio: 'ignore' });
  } catch {
    throw new Error("Perl's Email::Address::XS is not installed, so SpamAssassin parses addresses without its fallback: apt-get install -y libemail-address-xs-perl");
  }
}

function askSpamAssassin(list: Scenario[]): Record<string, unknown>[] {
  const input = list.map((s) => `=====CONFIG=====\n${s.cf}=====MESSAGE=====\n${s.lines.join('\n')}\nSubject: t\n\nbody\n`).join('');
  let out: Buffer;
  try {
    out = execFileSync('perl', [script], { input: Buffer.from(input, 'latin1'), stdio: ['pipe', 'pipe', 'pipe'], timeout: 300_000 });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`the installed SpamAssassin (perl + Mail::SpamAssassin) is required and failed: ${String(err)}\n${stderr}`);
  }
  return out.toString('latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('relay analysis agrees with the installed SpamAssassin on every fixture', () => {
  requireAddressXs();
  const list = scenarios();
  const expected = askSpamAssassin(list);
  assert.equal(expected.length, list.length, 'SpamAssassin answered for every fixture');
  list.forEach((s, i) => {
    const r = analyzeRelays(message(...s.lines), s.conf);
    const got = {
      trusted: r.relaysTrustedStr, untrusted: r.relaysUntrustedStr, internal: r.relaysInternalStr, external: r.relaysExternalStr,
      unparseable: r.numRelaysUnparseable, last_trusted: r.lastTrustedRelayIndex, last_internal: r.lastInternalRelayIndex,
      envelope_from: r.envelopeFrom ?? null,
    };
    assert.deepEqual(got, expected[i], s.name);
  });
});
