/**
 * The ASN plugin against Debian's SpamAssassin, both asking one local
 * resolver (unbound in front of nsd, started here): `asn_lookup` and
 * `asn_lookup_ipv6` zones answering in the TXT formats the plugin reads
 * (routeviews' three strings, cymru's and spameatingmonkey's bar-separated
 * fields, a bare `as1103`, several records, unassigned space, nonsense), two
 * lookups merged into one pair of tags, a lookup into tags of its own, the
 * `_ASN_`/`_ASNCIDR_` tags in an added header, `check_asn` rules with their
 * report detail, `asn_prefix`, `clear_asn_lookups`, and a private or missing
 * relay. Then the X-ASN metadata Bayes tokenizes: an auto-learn stores the
 * same tokens in both programs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';
import { type DnsPeer, startNsd, startUnbound } from '../helpers/dns-peers.js';
import { autoLearnedTokens, ourStoredTokens } from '../helpers/sa-auto-learn.js';
import { ourRulesHit, reportDetail, sideBySide, type SideBySideCase, spamHeader } from '../helpers/sa-check.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::ASN';

/** Relay address -> the TXT records (zone-file strings) each zone holds for it. */
const RELAYS: Record<string, { ip: string; asn?: string[]; asn2?: string[]; asn6?: string[] }> = {
  routeviews: { ip: '45.67.89.10', asn: ['"1103" "45.67.89.0" "24"'], asn2: ['"45.67.89.0/24 | AS1103 | SURFnet, The Netherlands | 2002-10-15 | EU"'] },
  cymru: {
    ip: '45.67.89.11',
    asn: ['"559 1103 1239 | 45.67.88.0/23 | US | iana | 2001-06-01"'],
    asn2: ['"15169 | 45.67.0.0/16 | IE | ripencc | 2009-10-05"', '"15169 | 45.64.0.0/12 | IE | ripencc"'],
  },
  bare: { ip: '45.67.89.12', asn: ['"as1103"'], asn2: ['"4294967295" "0.0.0.0" "0"'] },
  nonsense: { ip: '45.67.89.13', asn2: ['"garbage here"'] },
  ipv6: { ip: '2a00:1450:4001:80b::2005', asn6: ['"15169 | 2a00:1450::/32 | IE | ripencc | 2009-10-05"'] },
  private: { ip: '192.168.7.9', asn: ['"64512" "192.168.0.0" "16"'] },
};

function reversed(ip: string): string {
  if (!ip.includes(':')) return ip.split('.').reverse().join('.');
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => g.padStart(4, '0')).join('');
  return all.split('').reverse().join('.');
}

function zoneRecords(field: 'asn' | 'asn2' | 'asn6'): string[] {
  return Object.values(RELAYS).flatMap((r) => (r[field] ?? []).map((txt) => `${reversed(r.ip)} TXT ${txt}`));
}

function message(name: string, ip: string | undefined): Buffer {
  const lines = [
    'Return-Path: <alice@sender.example>',
    ...(ip === undefined ? [] : [`Received: from mx.sender.example (mx.sender.example [${ip}]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)`]),
    'From: Alice <alice@sender.example>',
    'To: bob@sw-local.test',
    `Subject: routed through ${name}`,
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    `Message-ID: <asn-${name}@sender.example>`,
    '',
    'Hello Bob, the minutes are attached to the calendar entry. Alice',
    '',
  ];
  return Buffer.from(lines.join('\n'), 'latin1');
}

const MESSAGES: Record<string, Buffer> = {
  ...Object.fromEntries(Object.entries(RELAYS).map(([name, r]) => [name, message(name, r.ip)])),
  'no-relay': message('no-relay', undefined),
};

let peers: DnsPeer[] = [];
let dnsPort = 0;

before(async () => {
  const nsd = await startNsd([
    { name: 'asn.test', records: zoneRecords('asn') },
    { name: 'asn2.test', records: zoneRecords('asn2') },
    { name: 'asn6.test', records: zoneRecords('asn6') },
  ]);
  peers = [nsd];
  peers.push(await startUnbound(['asn.test', 'asn2.test', 'asn6.test'].map((zone) => ({ zone, port: nsd.port }))));
  dnsPort = peers[1]!.port;
});

after(async () => {
  for (const peer of peers.reverse()) await peer.stop();
});

/** Lines both configurations share: the resolver, no other network rules, the tags in headers, rules reading them. */
function baseCf(): string[] {
  return [
    `dns_server 127.0.0.1:${dnsPort}`,
    'dns_available yes',
    'trusted_networks 10.0.0.0/8',
    'internal_networks 10.0.0.0/8',
    'use_bayes 0',
    'use_pyzor 0',
    'use_razor2 0',
    'skip_rbl_checks 1',
    'add_header all ASN _ASN_ _ASNCIDR_',
    'add_header all MyASN _MYASN_ / _MYASNCIDR_',
    "header SW_ASN_1103 eval:check_asn('/^AS1103\\b/')",
    "header SW_ASN_ANY eval:check_asn('/\\d/')",
    "header SW_ASN_EMPTY eval:check_asn('/^$/')",
    "header SW_ASN_MY eval:check_asn('m{15169}', 'MYASN')",
    "header SW_ASN_BAD eval:check_asn('/(/')",
    ...['SW_ASN_1103', 'SW_ASN_ANY', 'SW_ASN_EMPTY', 'SW_ASN_MY', 'SW_ASN_BAD'].map((r) => `score ${r} 0.01`),
  ];
}

const CONFIGS: Record<string, () => string[]> = {
  merged: () => [...baseCf(), 'asn_lookup asn.test', 'asn_lookup asn2.test.', 'asn_lookup asn2.test _MYASN_ _MYASNCIDR_', 'asn_lookup_ipv6 asn6.test _MYASN_ _MYASNCIDR_'],
  'prefix-and-clear': () => [...baseCf(), 'asn_lookup asn.test', 'clear_asn_lookups', 'asn_prefix ""', 'asn_lookup asn2.test _ASN_ _ASN_', 'asn_lookup asn.test _MYASN_ _MYASNCIDR_'],
};

/** A header's value as a set of words: two lookups into one tag append in whichever order their answers came. */
function headerWords(output: string, name: string): string {
  const value = spamHeader(output, name);
  return value === undefined ? '(none)' : value.split(' ').sort().join(' ');
}

describe('ASN lookups, tags and check_asn, as Debian SpamAssassin gives them', () => {
  const cases: (SideBySideCase & { name: string; config: string })[] = [];
  // The resolver's port is known only once it runs: the cases' lines are read when a test asks for them.
  for (const config of Object.keys(CONFIGS)) for (const name of Object.keys(MESSAGES)) cases.push({ name, config, raw: MESSAGES[name]!, get cf() { return CONFIGS[config]!(); } });
  const outputs = sideBySide([PRE], cases, { network: true });
  const seen = new Set<string>();
  after(() => {
    // Not vacuous: every rule that can hit did (a check waits for its tag's first value, so /^$/ never hits).
    for (const rule of ['SW_ASN_1103', 'SW_ASN_ANY', 'SW_ASN_MY']) assert.ok(seen.has(rule), `${rule} never hit in SpamAssassin`);
  });
  for (const c of cases) {
    it(`${c.config}: ${c.name}`, { timeout: 120_000 }, async () => {
      const { ours, theirs } = await outputs(c);
      for (const header of ['ASN', 'MyASN']) assert.equal(headerWords(ours, header), headerWords(theirs, header), `X-Spam-${header}\n${theirs}`);
      const rules = ourRulesHit(theirs);
      for (const r of rules.split(',')) seen.add(r);
      assert.equal(ourRulesHit(ours), rules, theirs);
      // A detail quotes the merged tag, in the order the answers (and the resolver's records) came.
      const detail = (output: string, rule: string) => reportDetail(output, rule).replace(/[[\]]/g, '').split(' ').sort().join(' ');
      for (const rule of rules.split(',').filter(Boolean)) assert.equal(detail(ours, rule), detail(theirs, rule), rule);
    });
  }
});

test('an auto-learn stores the X-ASN tokens SpamAssassin stores', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamward-asn-tokens-'));
  try {
    const cf = [PRE, ...baseCf().filter((l) => !l.startsWith('use_bayes')), 'asn_lookup asn.test', 'use_bayes 1', 'bayes_auto_learn 1', 'bayes_auto_learn_threshold_nonspam 1'];
    const raw = MESSAGES.cymru!.toString('latin1');
    const { saStdout, theirs, ours } = await autoLearnedTokens(raw, cf, dir, { network: true });
    assert.match(saStdout, /^X-Spam-ASN: AS559 AS1103 AS1239 45\.67\.88\.0\/23$/m, saStdout);
    assert.deepEqual(ours, theirs);
    // The X-ASN line is among them: without the lookup the same auto-learn stores fewer tokens.
    const plainDir = join(dir, 'plain');
    const withoutAsn = await createEngine({ noUserConfig: true, dataDir: plainDir, cfLines: cf.filter((l) => !l.startsWith('asn_lookup')) });
    try {
      assert.equal((await withoutAsn.scan(MESSAGES.cymru!)).autolearn, 'ham');
    } finally {
      await withoutAsn.close();
    }
    assert.ok(ourStoredTokens(plainDir).length < theirs.length, 'the lookup added tokens');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
