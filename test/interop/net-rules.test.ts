/**
 * Network tests against real DNS servers (rbldnsd, nsd, unbound started
 * by the test on loopback): DNS blocklists with SpamAssassin's choice of
 * relay IPs, URI blocklists, SPF, DKIM (signed here) and DMARC, the score
 * set switch, -L, scanSync, and dns_query_restriction.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { type NetWorld, startNetWorld } from '../helpers/net-world.js';

let world: NetWorld;
let engine: SpamwardEngine;

before(async () => {
  world = await startNetWorld();
  engine = await createEngine({ noUserConfig: true, cfLines: world.cf });
});

after(async () => {
  await engine?.close();
  await world?.stop();
});

async function hits(name: string, e: SpamwardEngine = engine): Promise<string[]> {
  const msg = world.messages[name];
  assert.ok(msg, name);
  const v = await e.scan(msg);
  return v.testNames;
}

function has(list: string[], ...names: string[]): void {
  for (const n of names) assert.ok(list.includes(n), `${n} missing from ${list.join(',')}`);
}

function hasNot(list: string[], ...names: string[]): void {
  for (const n of names) assert.ok(!list.includes(n), `${n} unexpected in ${list.join(',')}`);
}

test('a listed relay hits the DNSBL rules, sub-rules and TXT lookups; an unlisted one does not', async () => {
  const listed = await hits('listed-relay');
  has(listed, 'RCVD_IN_SBL', 'SW_RBL_TXT');
  hasNot(listed, 'RCVD_IN_XBL', 'RCVD_IN_PBL');
  const clean = await hits('clean-relay');
  hasNot(clean, 'RCVD_IN_SBL', 'SW_RBL_TXT', 'RCVD_IN_XBL', 'SW_RBL_MASK');
});

test('set suffixes pick the relay: -lastexternal sees only the last hop, -firsttrusted the first untrusted one', async () => {
  // The exploited host is the older hop; the hop that handed the mail over is clean.
  const two = await hits('two-hops');
  hasNot(two, 'RCVD_IN_XBL');
  has(two, 'SW_RBL_TXT');
  hasNot(two, 'RCVD_IN_SBL');
  hasNot(two, 'SW_RBL_MASK');
});

test('URI blocklists: RHS subtests, name-server address lists, notrim, skip domains', async () => {
  const uris = await hits('listed-uris');
  has(uris, 'URIBL_BLACK', 'URIBL_GREY', 'URIBL_DBL_SPAM', 'SW_URI_ANY', 'SW_URI_NSIP');
  // As in SpamAssassin 4.0.1, a plain uridnssub list without tflags a never gets the name servers' addresses.
  hasNot(uris, 'URIBL_SBL');
});

test('SPF pass with a valid author DKIM signature and DMARC pass', async () => {
  const v = await hits('spf-pass-dkim-valid');
  has(v, 'SPF_PASS', 'SPF_HELO_PASS', 'DKIM_SIGNED', 'DKIM_VALID', 'DKIM_VALID_AU', 'DKIM_VALID_EF', 'DMARC_PASS');
  hasNot(v, 'SPF_FAIL', 'DMARC_REJECT');
});

test('SPF fail with a broken DKIM signature: DMARC reject', async () => {
  const v = await hits('spf-fail-dkim-broken');
  has(v, 'SPF_FAIL', 'SPF_HELO_FAIL', 'DKIM_SIGNED', 'DMARC_REJECT');
  hasNot(v, 'DKIM_VALID', 'DKIM_VALID_AU', 'SPF_PASS');
});

test('SPF softfail, neutral and none; DMARC quarantine, none and missing', async () => {
  has(await hits('spf-softfail'), 'SPF_SOFTFAIL', 'SPF_HELO_SOFTFAIL', 'DMARC_QUAR');
  has(await hits('spf-neutral'), 'SPF_NEUTRAL', 'DMARC_NONE');
  const none = await hits('spf-none');
  has(none, 'DMARC_MISSING');
  hasNot(none, 'SPF_PASS', 'SPF_FAIL', 'SPF_SOFTFAIL', 'SPF_NEUTRAL');
});

test('an SPF result recorded by an internal host (Received-SPF) is used instead of DNS', async () => {
  const v = await hits('received-spf');
  has(v, 'SPF_PASS');
  hasNot(v, 'SPF_FAIL');
});

test('check_rbl_envfrom, check_rbl_rcvd and check_rbl_headers look sender and relay names up', async () => {
  has(await hits('listed-envfrom'), 'SW_RBL_ENVFROM', 'SW_RBL_RCVD', 'SW_RBL_HDR');
  hasNot(await hits('spf-pass-dkim-valid'), 'SW_RBL_ENVFROM', 'SW_RBL_RCVD', 'SW_RBL_HDR');
});

test('DKIM ADSP from DNS (discardable, all, a domain that does not exist) and from adsp_override', async () => {
  has(await hits('adsp-discardable'), 'DKIM_ADSP_DISCARD');
  has(await hits('adsp-all'), 'DKIM_ADSP_ALL');
  has(await hits('adsp-nxdomain'), 'DKIM_ADSP_NXDOMAIN');
  has(await hits('adsp-override'), 'DKIM_ADSP_DISCARD');
  hasNot(await hits('spf-pass-dkim-valid'), 'DKIM_ADSP_DISCARD', 'DKIM_ADSP_ALL', 'DKIM_ADSP_NXDOMAIN');
});

test('HashBL: body matches looked up raw (lower-cased) and as SHA-1, links as the SHA-1 of their lower-cased canonical form', async () => {
  has(await hits('hashbl'), 'SW_HASHBL_RAW', 'SW_HASHBL_SHA1', 'SW_HASHBL_URI');
  hasNot(await hits('clean-relay'), 'SW_HASHBL_RAW', 'SW_HASHBL_SHA1', 'SW_HASHBL_URI');
  // A listed link whose host uridnsbl_skip_domain names is not looked up.
  hasNot(await hits('hashbl-skipped-uri'), 'SW_HASHBL_URI');
});

test('HashBL: addresses, tag cut and lower-cased, or their host; not welcomelisted mailboxes, nor quoted ones by default', async () => {
  has(await hits('hashbl'), 'SW_HASHBL_EMAIL', 'SW_HASHBL_EMAIL_HOST');
  hasNot(await hits('hashbl-welcomelisted-email'), 'SW_HASHBL_EMAIL', 'SW_HASHBL_EMAIL_HOST');
  hasNot(await hits('hashbl-quoted-email'), 'SW_HASHBL_EMAIL', 'SW_HASHBL_EMAIL_HOST');
});

test('HashBL: attachments by the hash of their decoded bytes', async () => {
  has(await hits('hashbl-attachment'), 'SW_HASHBL_ATTACH');
  hasNot(await hits('hashbl'), 'SW_HASHBL_ATTACH');
});

test('HashBL: a tag\'s values, the last external IP reversed and the DKIM signer once verified', async () => {
  const pass = await hits('spf-pass-dkim-valid');
  has(pass, 'SW_HASHBL_TAG_IP', 'SW_HASHBL_TAG_DKIM');
  hasNot(await hits('clean-relay'), 'SW_HASHBL_TAG_IP', 'SW_HASHBL_TAG_DKIM');
});

test('askdns: tag templates, DKIMDOMAIN after the DKIM check, regex and rcode subtests', async () => {
  const pass = await hits('spf-pass-dkim-valid');
  has(pass, 'SW_ASK_SPF', 'SW_ASK_DKIMWL', 'SW_ASK_NX');
  const soft = await hits('spf-softfail');
  hasNot(soft, 'SW_ASK_SPF', 'SW_ASK_DKIMWL');
  has(soft, 'SW_ASK_NX');
});

test('network tests use score set 1; -L, scanSync and dns_available no use set 0 and ask nothing', async () => {
  const msg = world.messages['listed-relay'] as Buffer;
  const net = await engine.scan(msg);
  assert.match(net.testNames.join(','), /RCVD_IN_SBL/);
  const local = await createEngine({ noUserConfig: true, cfLines: world.cf, localTestsOnly: true });
  const off = await createEngine({ noUserConfig: true, cfLines: [...world.cf, 'dns_available no'] });
  try {
    for (const v of [await local.scan(msg), engine.scanSync(msg), await off.scan(msg), await engine.scan(msg, { localTestsOnly: true })]) {
      hasNot(v.testNames, 'RCVD_IN_SBL', 'SW_RBL_TXT');
    }
    assert.equal(engine.networkTests, true);
    assert.equal(local.networkTests, false);
    assert.equal(off.networkTests, false);
  } finally {
    await local.close();
    await off.close();
  }
});

test('dns_query_restriction deny turns the listed zone off; allow overrides a parent deny', async () => {
  const denied = await createEngine({ noUserConfig: true, cfLines: [...world.cf, 'dns_query_restriction deny dnsbl.test'] });
  const allowed = await createEngine({ noUserConfig: true, cfLines: [...world.cf, 'dns_query_restriction deny test', 'dns_query_restriction allow zen.dnsbl.test'] });
  try {
    hasNot(await hits('listed-relay', denied), 'RCVD_IN_SBL', 'SW_RBL_TXT');
    const a = await hits('listed-relay', allowed);
    has(a, 'RCVD_IN_SBL');
    hasNot(await hits('listed-uris', allowed), 'URIBL_BLACK');
  } finally {
    await denied.close();
    await allowed.close();
  }
});
