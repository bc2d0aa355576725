/**
 * The GeoIP country database and the RelayCountry plugin against Debian's
 * SpamAssassin, which reads the same files (geoip-database) through Geo::IP
 * (libgeo-ip-perl). First the database itself: every country id the
 * installed GeoIP.dat and GeoIPv6.dat hold, found by walking their trees,
 * gets the code Geo::IP gives for an address there. Then RelayCountry: its
 * four tags in an added header and rules on its pseudo-headers, for relays
 * of several countries, IPv6, private, authenticated and none, and with
 * settings that leave SpamAssassin without a database. Then Bayes: a scan's
 * auto-learn stores what SpamAssassin's does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ipaddr from 'ipaddr.js';
import { loadEngineConfig } from '../../src/engine/engine-config.js';
import { geoDb } from '../../src/engine/geodb/geodb.js';
import { isIpPrivate } from '../../src/engine/evals/util/ip-patterns.js';
import { autoLearnedTokens } from '../helpers/sa-auto-learn.js';
import { ourRulesHit, sideBySide, spamHeader } from '../helpers/sa-check.js';

const GEOIP_DIR = '/usr/share/GeoIP';
const PRE = 'loadplugin Mail::SpamAssassin::Plugin::RelayCountry';

/** Debian's database and SpamAssassin's reader of it must be there: without them SpamAssassin adds nothing and the comparison says nothing. */
function requireGeoIp(): void {
  if (!existsSync(join(GEOIP_DIR, 'GeoIP.dat'))) throw new Error('no GeoIP.dat: apt-get install -y geoip-database');
  const perl = spawnSync('perl', ['-MGeo::IP', '-e', '1']);
  if (perl.status !== 0) throw new Error("Perl's Geo::IP is missing, so SpamAssassin has no GeoDB: apt-get install -y libgeo-ip-perl");
}
requireGeoIp();

/**
 * One public address for each country id the tree ends on (depth first,
 * left before right), from the file's own bytes.
 */
function addressPerLeaf(file: Buffer, bits: number): Map<number, Uint8Array> {
  const found = new Map<number, Uint8Array>();
  const address = new Uint8Array(bits / 8);
  const visit = (node: number, depth: number): void => {
    for (const bit of [0, 1]) {
      const at = node * 6 + bit * 3;
      const record = file[at]! | (file[at + 1]! << 8) | (file[at + 2]! << 16);
      const byte = depth >> 3;
      const mask = 0x80 >> (depth & 7);
      address[byte] = bit ? address[byte]! | mask : address[byte]! & ~mask;
      // The rest of the address: a 1 after the prefix keeps clear of network and loopback-looking ends.
      for (let i = depth + 1; i < bits; i++) address[i >> 3] = address[i >> 3]! & ~(0x80 >> (i & 7));
      if (record >= 16776960) {
        const ip = text(address, bits);
        if (!found.has(record - 16776960) && !isIpPrivate(ip)) found.set(record - 16776960, Uint8Array.from(address));
      } else if (depth + 1 < bits) visit(record, depth + 1);
    }
  };
  visit(0, 0);
  return found;
}

function text(address: Uint8Array, bits: number): string {
  return bits === 32 ? ipaddr.fromByteArray([...address]).toString() : ipaddr.fromByteArray([...address]).toNormalizedString();
}

/** Geo::IP's code for each address (IPv4 or IPv6 file), one Perl process; `undef` when it places none. */
function geoIpCodes(ips: readonly string[], v6: boolean): string[] {
  const script = v6
    ? 'my $g = Geo::IP->open_type(Geo::IP::GEOIP_COUNTRY_EDITION_V6(), 0) or die; while (<STDIN>) { chomp; print(($g->country_code_by_addr_v6($_) // "undef"), "\\n") }'
    : 'my $g = Geo::IP->open("/usr/share/GeoIP/GeoIP.dat", 0) or die; while (<STDIN>) { chomp; print(($g->country_code_by_addr($_) // "undef"), "\\n") }';
  const perl = spawnSync('perl', ['-MGeo::IP', '-e', script], { input: ips.join('\n') + '\n', encoding: 'latin1', maxBuffer: 1 << 24 });
  assert.equal(perl.status, 0, perl.stderr);
  return perl.stdout.split('\n').slice(0, ips.length);
}

describe('the legacy GeoIP country databases, as Geo::IP reads them', () => {
  for (const [file, bits] of [['GeoIP.dat', 32], ['GeoIPv6.dat', 128]] as const) {
    it(`every country id of ${file}`, () => {
      const leaves = addressPerLeaf(readFileSync(join(GEOIP_DIR, file)), bits);
      assert.ok(leaves.size > 200, `${leaves.size} countries`);
      const ips = [...leaves.values()].map((a) => text(a, bits));
      const theirs = geoIpCodes(ips, bits === 128).map((c) => (c === 'undef' ? 'XX' : c));
      const db = geoDb(loadEngineConfig({ noUserConfig: true, localTestsOnly: true, preLines: [PRE] }, { skipRules: true }).config);
      assert.ok(db, 'the database was found');
      assert.deepEqual(ips.map((ip) => db.country(ip)), theirs);
    });
  }
});

/** A message through the given relays, newest first; `auth` marks the hop the sender authenticated on (ESMTPSA). */
function relayed(name: string, hops: readonly (string | { ip: string; auth: true })[]): Buffer {
  const received = hops.map((hop, i) => {
    const ip = typeof hop === 'string' ? hop : hop.ip;
    const auth = typeof hop !== 'string';
    return `Received: from h${i}.example (h${i}.example [${ip}])${auth ? ' (Authenticated sender: alice)' : ''} by ${i === 0 ? 'mx.local.test' : `h${i - 1}.example`} (Postfix) with ${auth ? 'ESMTPSA' : 'ESMTP'} id ${i}A1B2; Thu, 26 Nov 2026 0${2 - Math.min(i, 2)}:00:00 +0000`;
  });
  return Buffer.from([
    ...received,
    'From: Alice <alice@sender.example>',
    'To: bob@local.test',
    `Subject: relayed ${name}`,
    'Date: Thu, 26 Nov 2026 00:00:00 +0000',
    `Message-ID: <relay-country-${name}@sender.example>`,
    '',
    'Hello Bob, the minutes are attached to the calendar entry. Alice',
    '',
  ].join('\n'), 'latin1');
}

const MESSAGES: Record<string, Buffer> = {
  'four-countries': relayed('four-countries', ['8.8.8.8', '193.0.6.139', '202.12.29.20', '200.160.2.3']),
  ipv6: relayed('ipv6', ['2001:67c:2e8:22::c100:68b', '2001:4860:4860::8888']),
  'private-and-internal': relayed('private-and-internal', ['10.1.2.3', '192.168.5.5', '81.2.69.160']),
  authenticated: relayed('authenticated', ['10.1.2.3', { ip: '10.9.9.9', auth: true }, '62.2.3.4']),
  'no-relays': relayed('no-relays', []),
};

const BASE_CF = [
  'trusted_networks 10.0.0.0/8',
  'internal_networks 10.1.0.0/16',
  'add_header all RC _RELAYCOUNTRY_ / _RELAYCOUNTRYEXT_ / _RELAYCOUNTRYALL_ / _RELAYCOUNTRYAUTH_',
  'header SW_RC_US X-Relay-Countries =~ /\\bUS\\b/',
  'header SW_RC_PRIVATE X-Relay-Countries-All =~ /\\*\\*/',
  'header SW_RC_AUTH X-Relay-Countries-Auth =~ /\\S/',
  'header SW_RC_EMPTY X-Relay-Countries =~ /^$/',
  ...['SW_RC_US', 'SW_RC_PRIVATE', 'SW_RC_AUTH', 'SW_RC_EMPTY'].map((r) => `score ${r} 0.01`),
];

const CONFIGS: Record<string, string[]> = {
  found: BASE_CF,
  'named-file': [...BASE_CF, `geodb_options country:${GEOIP_DIR}/GeoIP.dat`],
  'missing-file': [...BASE_CF, 'geodb_options country:/nonexistent/GeoIP.dat'],
  'empty-search-path': [...BASE_CF, 'geodb_search_path /nonexistent'],
  'geoip2-only': [...BASE_CF, 'geodb_module geoip2'],
};

describe('RelayCountry, as Debian SpamAssassin gives it', () => {
  const cases = Object.entries(CONFIGS).flatMap(([config, cf]) => Object.entries(MESSAGES).map(([name, raw]) => ({ config, name, raw, cf })));
  const outputs = sideBySide([PRE], cases);
  const seen = new Set<string>();
  after(() => {
    for (const rule of ['SW_RC_US', 'SW_RC_PRIVATE', 'SW_RC_AUTH', 'SW_RC_EMPTY']) assert.ok(seen.has(rule), `${rule} never hit in SpamAssassin`);
  });
  for (const c of cases) {
    it(`${c.config}: ${c.name}`, async () => {
      const { ours, theirs } = await outputs(c);
      assert.equal(spamHeader(ours, 'RC'), spamHeader(theirs, 'RC'), theirs);
      for (const r of ourRulesHit(theirs).split(',')) seen.add(r);
      assert.equal(ourRulesHit(ours), ourRulesHit(theirs), theirs);
    });
  }
});

/**
 * Bayes tokenizes the pseudo-headers with the message's metadata, but a
 * two-letter code is under its three-character minimum, so they add no token:
 * the stores must still be the same.
 */
describe('the countries in Bayes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamward-relay-country-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const raw = MESSAGES['four-countries']!.toString('latin1');

  it('a scan\'s auto-learn stores the tokens SpamAssassin stores', { timeout: 180_000 }, async () => {
    const cf = [PRE, 'use_bayes 1', 'bayes_auto_learn 1', 'bayes_auto_learn_threshold_nonspam 1'];
    const { theirs, ours } = await autoLearnedTokens(raw, cf, join(dir, 'scan'));
    assert.deepEqual(ours, theirs);
  });
});
