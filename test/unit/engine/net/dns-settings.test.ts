/**
 * The DNS settings as SpamAssassin reads them: dns_server accumulates (with
 * ports and IPv6 brackets), rbl_timeout's t/t_min/zone forms, the
 * tightest-match dns_query_restriction, and AsyncLoop's shrinking budget
 * (Conf.pm's chart for the default 15 s / 3 s).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../../src/engine/config/load.js';
import { dnsSettings, queryAllowed, timeoutFor } from '../../../../src/engine/net/dns-settings.js';
import { queryBudget } from '../../../../src/engine/net/query-session.js';
import { decodeAnswer, encodeQuery } from '../../../../src/engine/net/dns-wire.js';

function settings(lines: string[]) {
  const { config } = loadConfig({ preLines: [], cfLines: lines, localTestsOnly: false, configPath: '/nonexistent-rules-dir', siteConfigPath: '/nonexistent-site-dir' });
  return dnsSettings(config);
}

test('dns_server entries accumulate with their ports; clear_dns_servers empties the list', () => {
  const s = settings(['dns_server 127.0.0.1', 'dns_server 127.0.0.2:5353', 'dns_server [::1]:53', 'dns_server ::2', 'dns_server not-an-ip']);
  assert.deepEqual(s.servers, ['127.0.0.1:53', '127.0.0.2:5353', '[::1]:53', '[::2]:53']);
  assert.deepEqual(settings(['dns_server 127.0.0.1', 'clear_dns_servers']).servers, []);
});

test('rbl_timeout: t, t_min (default 0.2 t), per-zone settings with the tightest zone winning', () => {
  const s = settings(['rbl_timeout 10', 'rbl_timeout 2 1 slow.example', 'rbl_timeout 1m 5s very.slow.example']);
  assert.deepEqual(s.rblTimeout, { tInit: 10, tMin: 2 });
  assert.deepEqual(timeoutFor(s, '4.3.2.1.slow.example'), { tInit: 2, tMin: 1 });
  assert.deepEqual(timeoutFor(s, 'x.very.slow.example.'), { tInit: 60, tMin: 5 });
  assert.deepEqual(timeoutFor(s, 'other.example'), { tInit: 10, tMin: 2 });
  assert.deepEqual(settings([]).rblTimeout, { tInit: 15, tMin: 3 });
});

test('dns_query_restriction: the tightest listed parent decides, deny * blocks the rest', () => {
  const s = settings(['dns_query_restriction deny spamhaus.org dnswl.org', 'dns_query_restriction allow zen.spamhaus.org']);
  assert.equal(queryAllowed(s, '2.0.0.127.zen.spamhaus.org'), true);
  assert.equal(queryAllowed(s, '2.0.0.127.sbl.spamhaus.org'), false);
  assert.equal(queryAllowed(s, 'list.dnswl.org'), false);
  assert.equal(queryAllowed(s, 'example.com'), true);
  const star = settings(['dns_query_restriction deny *', 'dns_query_restriction allow ok.example']);
  assert.equal(queryAllowed(star, 'a.ok.example'), true);
  assert.equal(queryAllowed(star, 'example.com'), false);
});

test('the per-query budget shrinks as Conf.pm charts it for rbl_timeout 15 3', () => {
  const t = { tInit: 15, tMin: 3 };
  // queries left 100% 90% 80% 70% 60% 50% 40% 30% 20% 10% 0%
  const chart = [15, 14.9, 14.5, 13.9, 13.1, 12.0, 10.7, 9.1, 7.3, 5.3, 3];
  chart.forEach((want, i) => assert.equal(Math.round(queryBudget(t, i, 10) * 10) / 10, want));
});

test('wire format: a query carries EDNS0; an answer with compressed names decodes to node:dns shapes', () => {
  const q = encodeQuery(0x1234, '2.0.0.127.zen.example', 'TXT');
  assert.equal(q.readUInt16BE(0), 0x1234);
  assert.equal(q.readUInt16BE(10), 1, 'one OPT record');
  // Answer: header, question echoed, one TXT answer whose owner is a pointer to the question name.
  const question = q.subarray(12, q.length - 11);
  const head = Buffer.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const rr = Buffer.concat([Buffer.from([0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 8, 3]), Buffer.from('abc'), Buffer.from([3]), Buffer.from('def')]);
  const a = decodeAnswer(Buffer.concat([head, question, rr]), 'TXT');
  assert.equal(a.question, '2.0.0.127.zen.example');
  assert.deepEqual(a.answer, { code: 'NOERROR', records: [['abc', 'def']] });
  const nx = Buffer.concat([Buffer.from([0x12, 0x34, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0]), question]);
  assert.equal(decodeAnswer(nx, 'A').answer.code, 'NXDOMAIN');
});

test('dns_options: edns size (512 or noedns = no OPT record), rotate, v4/v6, in order', () => {
  assert.deepEqual(settings([]).options, { edns: 4096, rotate: false, v4: true, v6: true });
  assert.deepEqual(settings(['dns_options rotate, nov6', 'dns_options edns=1232']).options, { edns: 1232, rotate: true, v4: true, v6: false });
  assert.equal(settings(['dns_options edns=512']).options.edns, 0);
  assert.equal(settings(['dns_options NoEDNS']).options.edns, 0);
  assert.equal(settings(['dns_options noedns', 'dns_options edns0']).options.edns, 4096);
  // Without EDNS the query carries no OPT record (ARCOUNT 0); with it, one.
  assert.equal(encodeQuery(1, 'a.test', 'TXT', 0).readUInt16BE(10), 0);
  assert.equal(encodeQuery(1, 'a.test', 'TXT').readUInt16BE(10), 1);
});

test('a truncated answer is read for its header only', () => {
  const q = encodeQuery(7, 'big.test', 'TXT', 0);
  const answer = Buffer.from(q);
  answer.writeUInt16BE(0x8300, 2); // QR, TC, RD; NOERROR
  answer.writeUInt16BE(3, 6); // claims three answers that are not there
  const d = decodeAnswer(answer, 'TXT');
  assert.equal(d.truncated, true);
  assert.equal(d.answer.code, 'NODATA');
});

test('the authority section: an SOA gives its primary name server, another record null, damage keeps the answer', () => {
  const q = encodeQuery(9, 'mail.zone.test', 'NS', 0);
  const question = q.subarray(12);
  // NXDOMAIN, no answers, two authority records: the zone's SOA (MNAME ns.zone.test, by a pointer), then an NS.
  const head = Buffer.from([0, 9, 0x81, 0x83, 0, 1, 0, 0, 0, 2, 0, 0]);
  const mname = Buffer.from([2, ...Buffer.from('ns'), 0xc0, 17]);
  const soaData = Buffer.concat([mname, Buffer.from([0]), Buffer.alloc(20)]);
  const soa = Buffer.concat([Buffer.from([0xc0, 17, 0, 6, 0, 1, 0, 0, 0, 60, 0, soaData.length]), soaData]);
  const ns = Buffer.concat([Buffer.from([0xc0, 17, 0, 2, 0, 1, 0, 0, 0, 60, 0, mname.length]), mname]);
  const full = Buffer.concat([head, question, soa, ns]);
  assert.deepEqual(decodeAnswer(full, 'NS').answer, { code: 'NXDOMAIN', records: [], authority: ['ns.zone.test', null] });
  // Cut inside the second record's header: the first is kept, the answer still decodes.
  assert.deepEqual(decodeAnswer(full.subarray(0, full.length - 15), 'NS').answer.authority, ['ns.zone.test']);
});
