import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from './config-helpers.js';

test('address lists lower-case, accumulate, dedupe, and accept the old names', () => {
  const { config } = parseText([
    'welcomelist_from A@Example.test *@friends.test', 'whitelist_from a@example.test', 'blacklist_from spam@*',
    'unwelcomelist_from *@friends.test', 'more_spam_to me@x.test', 'all_spam_to you@x.test', 'blocklist_to b@x.test',
    'welcomelist_to w@x.test', 'welcomelist_auth auth@x.test', 'def_whitelist_auth d@x.test', 'unwhitelist_auth auth@x.test',
  ].join('\n'));
  assert.deepEqual(config.welcomelistFrom, ['a@example.test']);
  assert.deepEqual(config.blocklistFrom, ['spam@*']);
  assert.deepEqual(config.moreSpamTo, ['me@x.test']);
  assert.deepEqual(config.allSpamTo, ['you@x.test']);
  assert.deepEqual(config.blocklistTo, ['b@x.test']);
  assert.deepEqual(config.welcomelistTo, ['w@x.test']);
  assert.deepEqual(config.welcomelistAuth, []);
  assert.deepEqual(config.defWelcomelistAuth, ['d@x.test']);
});

test('_rcvd and DKIM pair lists', () => {
  const { config, errors } = parseText([
    'welcomelist_from_rcvd joe@x.test x.test', 'welcomelist_from_rcvd joe@x.test [10.1.2.3]',
    'def_whitelist_from_rcvd *@bank.test bank.test', 'welcomelist_from_rcvd onlyone', 'unwelcomelist_from_rcvd joe@x.test',
    'welcomelist_from_dkim *@Mail.Test', 'def_welcomelist_from_dkim *@news.test Sender.Test',
    'unwelcomelist_from_dkim *@mail.test',
  ].join('\n'));
  assert.deepEqual(errors, ["test.cf:4: invalid 'welcomelist_from_rcvd' value: welcomelist_from_rcvd onlyone"]);
  assert.deepEqual(config.welcomelistFromRcvd, []);
  assert.deepEqual(config.defWelcomelistFromRcvd, [{ addr: '*@bank.test', relay: 'bank.test' }]);
  assert.deepEqual(config.welcomelistFromDkim, []);
  assert.deepEqual(config.defWelcomelistFromDkim, [{ addr: '*@news.test', relay: 'sender.test' }]);
});

test('named lists: enlist_addrlist, enlist_uri_host, delist_uri_host, welcome/block uri hosts', () => {
  const { config } = parseText([
    'enlist_addrlist (FREE) *@Gmail.test *@mail.test', 'enlist_addrlist (FREE) *@gmail.test',
    'enlist_uri_host (SHORT) bit.test !safe.bit.test', 'enlist_uri_host (OTHER) bit.test', 'delist_uri_host bit.test',
    'welcomelist_uri_host good.test', 'blocklist_uri_host bad.test !ok.bad.test',
  ].join('\n'));
  assert.deepEqual(config.addrLists.get('FREE'), ['*@gmail.test', '*@mail.test']);
  assert.deepEqual(config.uriHostLists.get('SHORT'), ['!safe.bit.test']);
  assert.deepEqual(config.uriHostLists.get('OTHER'), []);
  assert.deepEqual(config.welcomelistUriHost, ['good.test']);
  assert.deepEqual(config.blocklistUriHost, ['bad.test', '!ok.bad.test']);
  assert.deepEqual(config.uriHostLists.get('BLOCK'), ['bad.test', '!ok.bad.test']);
});

test('registrar boundaries check label counts; clear_util_rb empties them', () => {
  const { config, errors } = parseText('util_rb_tld com test\nutil_rb_2tld co.uk\nutil_rb_3tld a.b.c\nutil_rb_2tld bad');
  assert.deepEqual([...config.tlds], ['com', 'test']);
  assert.deepEqual([...config.twoLevelDomains], ['co.uk']);
  assert.deepEqual([...config.threeLevelDomains], ['a.b.c']);
  assert.deepEqual(errors, ["test.cf:4: invalid 'util_rb_2tld' value: util_rb_2tld bad"]);
  assert.equal(parseText('util_rb_tld com\nclear_util_rb').config.tlds.size, 0);
});

test('networks accumulate and record that they were configured', () => {
  const { config, errors } = parseText([
    'trusted_networks 10.0.0.0/8 !10.1.2.3 192.168/16', 'trusted_networks 2001:db8::/32', 'internal_networks 10.',
    'clear_msa_networks', 'msa_networks 300.1.1.1',
  ].join('\n'));
  assert.deepEqual(config.trustedNetworks, { entries: ['10.0.0.0/8', '!10.1.2.3', '192.168/16', '2001:db8::/32'], configured: true });
  assert.deepEqual(config.internalNetworks, { entries: ['10.'], configured: true });
  assert.equal(config.msaNetworks.configured, false);
  assert.match(errors[0] ?? '', /test\.cf:5: invalid 'msa_networks' value/);
  const cleared = parseText('trusted_networks 10/8\nclear_trusted_networks');
  assert.deepEqual(cleared.config.trustedNetworks, { entries: [], configured: false });
});

test('originating_ip_headers dedupe case-insensitively; redirector patterns must be regexes', () => {
  const { config, errors } = parseText([
    'originating_ip_headers X-Originating-IP X-Yahoo-Post-IP', 'originating_ip_headers x-originating-ip',
    'redirector_pattern m{^https?://x\\.test/r\\?u=(.*)}i', 'redirector_pattern not-a-regex',
  ].join('\n'));
  assert.deepEqual(config.originatingIpHeaders, ['X-Originating-IP', 'X-Yahoo-Post-IP']);
  assert.deepEqual(config.redirectorPatterns, [{ pattern: '^https?://x\\.test/r\\?u=(.*)', flags: 'i' }]);
  assert.match(errors[0] ?? '', /test\.cf:4: invalid 'redirector_pattern' value/);
});

test('plugin list settings: freemail, subject lists, url shorteners, stopwords, bayes_ignore_header', () => {
  const { config, diagnostics } = parseText([
    'freemail_domains Mail.test *.free.test bad_domain!', 'freemail_whitelist ok@mail.test',
    'welcomelist_subject Your Order *', 'blacklist_subject WIN*', 'bayes_stopword_en the and',
    'bayes_ignore_header X-Spam-Foo X-Bar', 'bayes_ignore_header X-Baz', 'uridnsbl_skip_domain a.test b.test',
  ].join('\n'));
  assert.deepEqual(config.freemailDomains, ['mail.test', '*.free.test']);
  assert.ok(diagnostics.some((d) => d.level === 'warning' && /invalid freemail_domains: bad_domain!/.test(d.message)));
  assert.deepEqual(config.freemailWhitelist, ['ok@mail.test']);
  assert.deepEqual(config.welcomelistSubject, ['your order *']);
  assert.deepEqual(config.blocklistSubject, ['win*']);
  assert.deepEqual(config.bayesStopwords.get('en'), ['the', 'and']);
  assert.deepEqual(config.lists.get('bayes_ignore_header'), ['x-spam-foo', 'x-bar', 'x-baz']);
  assert.deepEqual(config.lists.get('uridnsbl_skip_domain'), ['a.test', 'b.test']);
});

test('loadplugin records shipped plugins by full name and warns on unknown ones', () => {
  const { config, diagnostics, errors } = parseText('loadplugin HeaderEval\nloadplugin Mail::SpamAssassin::Plugin::Dmarc\nloadplugin Acme::Thing\ntryplugin Acme::Other\nenable_compat welcomelist_blocklist', { plugins: false });
  assert.deepEqual(errors, []);
  assert.ok(config.plugins.has('Mail::SpamAssassin::Plugin::HeaderEval'));
  assert.ok(config.plugins.has('Mail::SpamAssassin::Plugin::DMARC'));
  assert.equal(config.plugins.size, 2);
  assert.equal(diagnostics.filter((d) => d.level === 'warning').length, 1, 'tryplugin is silent');
  assert.ok(config.compatFlags.has('welcomelist_blocklist'));
});

test('internal and msa networks outside trusted_networks are reported and dropped', () => {
  const { config, errors } = parseText([
    'trusted_networks 10.0.0.0/8 192.168/16 2001:db8::/32', 'internal_networks 10.1.0.0/16 172.16.0.1 127.0.0.1',
    'msa_networks 2001:db8::25 !10.9.9.9', 'internal_networks 10.',
  ].join('\n'));
  assert.deepEqual(errors, ["(config):0: trusted_networks doesn't contain internal_networks entry '172.16.0.1'"]);
  assert.deepEqual(config.internalNetworks.entries, ['10.1.0.0/16', '127.0.0.1', '10.']);
  assert.deepEqual(config.msaNetworks.entries, ['2001:db8::25', '!10.9.9.9']);
});
