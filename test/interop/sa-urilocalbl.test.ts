/**
 * URILocalBL against Debian's SpamAssassin (GeoIP country files from
 * geoip-database, read by SpamAssassin through Geo::IP): country, continent
 * and network criteria, negated lists, exclusions, ISP criteria (no ISP
 * database, so never), for links written as addresses (without DNS, -L)
 * and for host names that a local nsd/unbound resolves (network tests on),
 * the rules that hit and their report lines. And SpamAssassin's own table of
 * continents, code by code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it, test } from 'node:test';
import { continentOf } from '../../src/engine/geodb/continents.js';
import { countryCodeById } from '../../src/engine/geodb/geoip-country-codes.js';
import { type DnsPeer, startNsd, startUnbound } from '../helpers/dns-peers.js';
import { ourRulesHit, reportDetail, sideBySide, type SideBySideCase } from '../helpers/sa-check.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::URILocalBL';

if (!existsSync('/usr/share/GeoIP/GeoIP.dat')) throw new Error('no GeoIP.dat: apt-get install -y geoip-database');
if (spawnSync('perl', ['-MGeo::IP', '-e', '1']).status !== 0) throw new Error("Perl's Geo::IP is missing: apt-get install -y libgeo-ip-perl");

test("SpamAssassin's continents, code by code", () => {
  const codes = ['FX', '**', ...Array.from({ length: 255 }, (_, id) => countryCodeById(id) ?? '--')];
  const perl = spawnSync('perl', ['-MMail::SpamAssassin::GeoDB', '-e', 'while (<STDIN>) { chomp; print Mail::SpamAssassin::GeoDB::get_continent(undef, $_), "\\n" }'], { input: codes.join('\n') + '\n', encoding: 'latin1' });
  assert.equal(perl.status, 0, perl.stderr);
  assert.deepEqual(codes.map(continentOf), perl.stdout.split('\n').slice(0, codes.length));
});

const RULES = [
  'uri_block_cc SW_CC_US us',
  'uri_block_cc SW_CC_NOT_US_NL !us',
  'uri_block_cc SW_CC_NOT_US_NL !NL',
  'uri_block_cont SW_CONT_EU eu',
  'uri_block_cont SW_CONT_NOT_NA !na',
  'uri_block_cidr SW_CIDR 193.0.0.0/16 2001:67c::/32',
  'uri_block_cc SW_CC_EXCL us',
  'uri_block_exclude SW_CC_EXCL geo-links.org 8.8.4.4',
  'uri_block_isp SW_ISP "Google LLC" Level3',
];
const RULE_NAMES = [...new Set(RULES.map((l) => l.split(' ')[1] as string))];

function message(id: string, links: string[]): Buffer {
  return Buffer.from([
    'Received: from mx.sender.example (mx.sender.example [45.67.89.10]) by mx.local.test with ESMTP id 1; Thu, 26 Nov 2026 02:00:00 +0000',
    'From: Alice <alice@sender.example>',
    'To: bob@local.test',
    `Subject: links ${id}`,
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    `Message-ID: <urilocalbl-${id}@sender.example>`,
    '',
    'Hello Bob, have a look:',
    ...links,
    '',
  ].join('\n'), 'latin1');
}

/**
 * Links written as addresses: checked without DNS. SpamAssassin takes a
 * message's links in Perl's hash order, so no message here has two links
 * that could each make one rule hit (the report line names the host).
 */
const ADDRESS_LINKS: Record<string, string[]> = {
  us: ['http://8.8.8.8/a'],
  nl: ['http://193.0.6.139/b'],
  private: ['http://10.1.1.1/c'],
  'excluded-address': ['http://8.8.4.4/e'],
  'two-countries': ['http://8.8.8.8/f', 'http://193.0.6.139/g'],
  elsewhere: ['http://202.12.29.20/h'],
};

/** Links by name, resolved by the local name server (network tests only). */
const NAME_LINKS: Record<string, string[]> = {
  'name-us': ['http://us.geo-other.net/a'],
  'name-nl': ['http://nl.geo-other.net/b'],
  'name-v6': ['http://v6.geo-other.net/c'],
  'name-excluded-domain': ['http://us.geo-links.org/d'],
  'name-missing': ['http://missing.geo-other.net/e'],
};

let peers: DnsPeer[] = [];
let dnsPort = 0;

before(async () => {
  const nsd = await startNsd([
    { name: 'geo-other.net', records: ['us A 8.8.8.8', 'nl A 193.0.6.139', 'v6 AAAA 2001:67c:2e8:22::c100:68b'] },
    { name: 'geo-links.org', records: ['us A 8.8.8.8'] },
  ]);
  peers = [nsd];
  peers.push(await startUnbound(['geo-other.net', 'geo-links.org'].map((zone) => ({ zone, port: nsd.port }))));
  dnsPort = peers[1]!.port;
});

after(async () => {
  for (const peer of peers.reverse()) await peer.stop();
});

const BASE_CF = ['trusted_networks 10.0.0.0/8', ...RULES, ...RULE_NAMES.map((r) => `score ${r} 0.01`), 'use_pyzor 0', 'use_razor2 0', 'skip_rbl_checks 1'];

function swRules(output: string): string[] {
  return ourRulesHit(output).split(',').filter(Boolean);
}

type Case = SideBySideCase & { name: string };

function compareCases(label: string, cases: Case[], network: boolean, mustHit: string[]): void {
  describe(label, () => {
    const outputs = sideBySide([PRE], cases, { network });
    const seen = new Set<string>();
    after(() => {
      for (const rule of mustHit) assert.ok(seen.has(rule), `${rule} never hit in SpamAssassin`);
    });
    for (const c of cases) {
      it(c.name, { timeout: 120_000 }, async () => {
        const { ours, theirs } = await outputs(c);
        const rules = swRules(theirs);
        for (const r of rules) seen.add(r);
        assert.deepEqual(swRules(ours), rules, theirs);
        for (const rule of rules) assert.equal(reportDetail(ours, rule), reportDetail(theirs, rule), rule);
      });
    }
  });
}

compareCases(
  'links written as addresses, without DNS (-L)',
  Object.entries(ADDRESS_LINKS).map(([name, links]) => ({ name, raw: message(name, links), cf: BASE_CF })),
  false,
  ['SW_CC_US', 'SW_CC_NOT_US_NL', 'SW_CONT_EU', 'SW_CONT_NOT_NA', 'SW_CIDR', 'SW_CC_EXCL'],
);

compareCases(
  'links by name, resolved with network tests on',
  Object.entries({ ...NAME_LINKS, nl: ADDRESS_LINKS.nl! }).map(([name, links]) => ({
    name,
    raw: message(`net-${name}`, links),
    // The resolver's port is known once it runs: the lines are read when a case is scanned.
    get cf() {
      return [`dns_server 127.0.0.1:${dnsPort}`, 'dns_available yes', ...BASE_CF];
    },
  })),
  true,
  ['SW_CC_US', 'SW_CONT_EU', 'SW_CIDR'],
);
