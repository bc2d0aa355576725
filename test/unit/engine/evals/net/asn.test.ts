/**
 * The ASN plugin without DNS: how a TXT record is read, what the commands
 * store, and what a scripted resolver's answers put into the tags and the
 * X-ASN metadata (net-asn.test.ts compares it all with SpamAssassin against
 * real name servers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asnRecord } from '../../../../../src/engine/evals/net/asn-answer.js';
import { joinAsnLookups, launchAsnLookups, wantsAsnLookups } from '../../../../../src/engine/evals/net/asn-lookup.js';
import type { DnsAnswer, NetLookups } from '../../../../../src/engine/net/dns-types.js';
import { bayesConfig, scanState } from '../../bayes/bayes-helpers.js';
import { parseText } from '../../config/config-helpers.js';

const PLUGIN = 'loadplugin Mail::SpamAssassin::Plugin::ASN';

describe('an ASN zone\'s TXT record', () => {
  it('routeviews: AS number, network and mask length as three strings', () => {
    assert.deepEqual(asnRecord(['1103', '192.88.99.0', '24']), { asns: ['1103'], routes: ['192.88.99.0/24'] });
    assert.deepEqual(asnRecord(['1103', '192.88.99.0/24', 'x']), { asns: ['1103'], routes: ['192.88.99.0/24'] });
  });

  it('cymru: a list of AS numbers first, the route second, bars between fields', () => {
    assert.deepEqual(asnRecord(['559 1103 1239 1257 | 192.88.99.0/24 | US | iana | 2001-06-01']), { asns: ['559', '1103', '1239', '1257'], routes: ['192.88.99.0/24'] });
    // Strings of one record are joined before the split.
    assert.deepEqual(asnRecord(['15169 | 2a00:1450::/32 ', '| IE']), { asns: ['15169'], routes: ['2a00:1450::/32'] });
  });

  it('spameatingmonkey: the route first, the AS number second', () => {
    assert.deepEqual(asnRecord(['192.88.99.0/24 | AS1103 | SURFnet, The Netherlands | 2002-10-15 | EU']), { asns: ['AS1103'], routes: ['192.88.99.0/24'] });
  });

  it('a bare AS number, and what cannot be read', () => {
    assert.deepEqual(asnRecord(['as1103']), { asns: ['as1103'], routes: [] });
    assert.deepEqual(asnRecord(['garbage here']), { asns: [], routes: [] });
    // The pattern is anchored at the end only, so a word before the last number comes along (as in the plugin).
    assert.deepEqual(asnRecord(['AS 1103']), { asns: ['AS', '1103'], routes: [] });
    assert.deepEqual(asnRecord(['']), { asns: [], routes: [] });
  });
});

describe('the ASN commands', () => {
  it('asn_lookup and asn_lookup_ipv6 keep each zone with its two tags; clear_asn_lookups drops both families', () => {
    const { config, errors } = parseText([PLUGIN, 'asn_lookup a.test.', 'asn_lookup_ipv6 b.test _X_ _Y_', 'asn_lookup c.test _ASN_ _ASN_'].join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(config.lists.get('asn_lookup'), ['a.test ASN ASNCIDR', 'c.test ASN ASN']);
    assert.deepEqual(config.lists.get('asn_lookup_ipv6'), ['b.test X Y']);
    const cleared = parseText([PLUGIN, 'asn_lookup a.test', 'asn_lookup_ipv6 b.test', 'clear_asn_lookups', 'asn_lookup d.test'].join('\n')).config;
    assert.deepEqual(cleared.lists.get('asn_lookup'), ['d.test ASN ASNCIDR']);
    assert.equal(cleared.lists.get('asn_lookup_ipv6'), undefined);
  });

  it('refuses what SpamAssassin refuses, and only with the plugin', () => {
    const { errors } = parseText([PLUGIN, 'asn_lookup', 'asn_lookup a.test _ONE_', 'asn_lookup a.test ASN ASNCIDR', 'clear_asn_lookups now'].join('\n'));
    assert.deepEqual(errors, [
      "test.cf:2: missing 'asn_lookup' value: asn_lookup",
      "test.cf:3: invalid 'asn_lookup' value: asn_lookup a.test _ONE_",
      "test.cf:4: invalid 'asn_lookup' value: asn_lookup a.test ASN ASNCIDR",
      "test.cf:5: invalid 'clear_asn_lookups' value: clear_asn_lookups now",
    ]);
    assert.equal(parseText('asn_lookup a.test').errors.length, 1);
  });

  it('asn_prefix takes quotes off and may be empty', () => {
    for (const [line, prefix] of [['asn_prefix "AS-"', 'AS-'], ["asn_prefix ''", ''], ['asn_prefix', ''], ['asn_prefix ASN', 'ASN']] as const) {
      const { config, errors } = parseText(`${PLUGIN}\n${line}`);
      assert.deepEqual(errors, [], line);
      assert.equal(config.other.get('asn_prefix'), prefix, line);
    }
  });
});

/** A resolver answering TXT questions from a table (anything else: NXDOMAIN); records the names asked. */
function scripted(table: Record<string, string[][]>): NetLookups & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: (name) => {
      asked.push(name);
      const records = table[name];
      return Promise.resolve<DnsAnswer>(records ? { code: 'NOERROR', records } : { code: 'NXDOMAIN', records: [] });
    },
    track: () => undefined,
    deadline: Date.now() + 10_000,
  };
}

function relayed(ip: string): string {
  return [
    `Received: from mx.sender.example (mx.sender.example [${ip}]) by mx.local.test (Postfix) with ESMTP id A1; Thu, 26 Nov 2026 02:00:00 +0000`,
    'From: a@sender.example',
    'Subject: hi',
    '',
    'hello',
    '',
  ].join('\n');
}

async function scan(cf: string[], ip: string, net: NetLookups): Promise<ReturnType<typeof scanState>> {
  const state = scanState(bayesConfig([PLUGIN, 'trusted_networks 10.0.0.0/8', ...cf].join('\n')), relayed(ip));
  await launchAsnLookups(state, net);
  joinAsnLookups(state);
  return state;
}

describe('the lookup', () => {
  it('merges two zones into one pair of tags, each value once, unassigned space left out; X-ASN without the prefix', async () => {
    const net = scripted({
      '10.89.67.45.one.test': [['559 1103 | 45.67.88.0/23 | US']],
      '10.89.67.45.two.test': [['1103', '45.67.88.0', '23'], ['4294967295', '0.0.0.0', '0'], ['as7', '45.67.0.0', '16']],
    });
    const state = await scan(['asn_lookup one.test', 'asn_lookup two.test'], '45.67.89.10', net);
    assert.deepEqual(net.asked, ['10.89.67.45.one.test', '10.89.67.45.two.test']);
    assert.equal(state.getTag('ASN'), 'AS559 AS1103 AS7');
    assert.equal(state.getTag('ASNCIDR'), '45.67.88.0/23 45.67.0.0/16');
    assert.equal(state.pluginMetadata('X-ASN'), '559 1103 7');
  });

  it('uses asn_prefix, the zone\'s own tags, and the IPv6 zones for an IPv6 relay', async () => {
    const net = scripted({});
    const state = await scan(["asn_prefix 'AS-'", 'asn_lookup one.test _MINE_ _MYROUTE_', 'asn_lookup_ipv6 six.test _MINE_ _MYROUTE_'], '2a00:1450:4001:80b::2005', net);
    assert.equal(net.asked.length, 1);
    assert.match(net.asked[0] ?? '', /^5\.0\.0\.2\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.b\.0\.8\.0\.1\.0\.0\.4\.0\.5\.4\.1\.0\.0\.a\.2\.six\.test$/);
    // Asked, not answered: the tags exist, empty.
    assert.equal(state.getTag('MINE'), '');
    const v4 = await scan(["asn_prefix 'AS-'", 'asn_lookup one.test _MINE_ _MYROUTE_'], '45.67.89.10', scripted({ '10.89.67.45.one.test': [['12 | 45.67.0.0/16']] }));
    assert.equal(v4.getTag('MINE'), 'AS-12');
    assert.equal(v4.getTag('MYROUTE'), '45.67.0.0/16');
  });

  it('asks nothing for a private relay, without a zone for the relay\'s family, or with asn_use_dns 0', async () => {
    const net = scripted({});
    const priv = await scan(['asn_lookup one.test'], '192.168.1.2', net);
    assert.equal(priv.getTag('ASN'), '');
    await scan(['asn_lookup_ipv6 six.test'], '45.67.89.10', net);
    assert.deepEqual(net.asked, []);
    assert.equal(wantsAsnLookups(bayesConfig([PLUGIN, 'asn_lookup one.test', 'asn_use_dns 0'].join('\n'))), false);
    assert.equal(wantsAsnLookups(bayesConfig([PLUGIN, 'asn_lookup one.test'].join('\n'))), true);
  });
});
