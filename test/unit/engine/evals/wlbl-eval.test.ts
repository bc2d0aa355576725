import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRelay, fakeRelays, fakeScanContext, fakeUriDetail, runEval } from '../../../helpers/fake-scan-context.js';

const FROM = 'From: "Alice" <alice@Example.COM>\nTo: bob@example.net\nSubject: hi';

describe('WLBLEval welcome/block lists', () => {
  it('matches welcomelist_from globs case-insensitively against the From address', async () => {
    const hit = fakeScanContext({ headers: FROM, conf: { welcomelistFrom: ['*@example.com'] } });
    assert.equal(await runEval('check_from_in_welcomelist', hit), true);
    const miss = fakeScanContext({ headers: FROM, conf: { welcomelistFrom: ['*@example.org'] } });
    assert.equal(await runEval('check_from_in_welcomelist', miss), false);
  });

  it('anchors globs at both ends and treats ? as one character', async () => {
    const ctx = (list: string[]) => fakeScanContext({ headers: FROM, conf: { blocklistFrom: list } });
    assert.equal(await runEval('check_from_in_blocklist', ctx(['alice@example.co'])), false);
    assert.equal(await runEval('check_from_in_blocklist', ctx(['alic?@example.com'])), true);
    assert.equal(await runEval('check_from_in_blocklist', ctx(['al?@example.com'])), false);
    assert.equal(await runEval('check_from_in_blacklist', ctx(['*'])), true);
  });

  it('takes only the first Resent-From header when one exists', async () => {
    const headers = `${FROM}\nResent-From: carol@other.org\nResent-From: dave@example.com`;
    const listed = fakeScanContext({ headers, conf: { blocklistFrom: ['alice@example.com', 'dave@example.com'] } });
    assert.equal(await runEval('check_from_in_blocklist', listed), false);
    const carol = fakeScanContext({ headers, conf: { blocklistFrom: ['carol@*'] } });
    assert.equal(await runEval('check_from_in_blocklist', carol), true);
  });

  it('uses the envelope sender as a From address', async () => {
    const ctx = fakeScanContext({ headers: FROM, envelopeFrom: 'bounce@lists.example.org', conf: { welcomelistFrom: ['*@lists.example.org'] } });
    assert.equal(await runEval('check_from_in_welcomelist', ctx), true);
  });

  it('checks recipients from To, Cc and Received "for" clauses', async () => {
    const headers = 'Received: from a by b with SMTP id 1 for <eve@target.example.com>; Mon, 1 Jan 2024 00:00:00 +0000\n' +
      'To: bob@example.net\nCc: joe@example.org';
    const check = async (name: string, key: string, list: string[]) =>
      runEval(name, fakeScanContext({ headers, conf: { [key]: list } }));
    assert.equal(await check('check_to_in_welcomelist', 'welcomelistTo', ['joe@example.org']), true);
    assert.equal(await check('check_to_in_all_spam', 'allSpamTo', ['eve@target.example.com']), true);
    assert.equal(await check('check_to_in_more_spam', 'moreSpamTo', ['bob@*']), true);
    assert.equal(await check('check_to_in_blocklist', 'blocklistTo', ['nobody@*']), false);
  });

  it('returns false with empty lists and missing headers', async () => {
    const ctx = fakeScanContext({ headers: 'Subject: nothing' });
    for (const name of ['check_from_in_welcomelist', 'check_from_in_blocklist', 'check_to_in_welcomelist',
      'check_from_in_default_welcomelist', 'check_forged_in_welcomelist', 'check_mailfrom_matches_rcvd']) {
      assert.equal(await runEval(name, ctx), false, name);
    }
  });
});

describe('WLBLEval _rcvd lists', () => {
  const untrusted = [fakeRelay({ ip: '192.0.2.10', rdns: 'mail.example.com' })];

  it('needs the first untrusted relay to match the domain', async () => {
    const entry = { addr: '*@example.com', relay: 'example.com' };
    const ok = fakeScanContext({ headers: FROM, relays: fakeRelays([], untrusted), conf: { welcomelistFromRcvd: [entry] } });
    assert.equal(await runEval('check_from_in_welcomelist', ok), true);
    const wrong = fakeScanContext({
      headers: FROM, relays: fakeRelays([], [fakeRelay({ ip: '198.51.100.1', rdns: 'evil.example.net' })]),
      conf: { welcomelistFromRcvd: [entry] },
    });
    assert.equal(await runEval('check_from_in_welcomelist', wrong), false);
    assert.equal(await runEval('check_forged_in_welcomelist', wrong), true);
  });

  it('does not call it forged when welcomelist_allows_relays lists the address', async () => {
    const ctx = fakeScanContext({
      headers: FROM, relays: fakeRelays([], [fakeRelay({ ip: '198.51.100.1', rdns: 'other.net' })]),
      conf: { welcomelistFromRcvd: [{ addr: '*@example.com', relay: 'example.com' }], welcomelistAllowsRelays: ['alice@example.com'] },
    });
    assert.equal(await runEval('check_forged_in_welcomelist', ctx), false);
  });

  it('accepts bracketed IPs: exact, classful prefix and CIDR', async () => {
    const run = async (relay: string) => runEval('check_from_in_default_welcomelist', fakeScanContext({
      headers: FROM, relays: fakeRelays([], untrusted), conf: { defWelcomelistFromRcvd: [{ addr: 'alice@example.com', relay }] },
    }));
    assert.equal(await run('[192.0.2.10]'), true);
    assert.equal(await run('[192.0.2]'), true);
    assert.equal(await run('[192.0.2.0/24]'), true);
    assert.equal(await run('[192.0.2.0]/28'), true);
    assert.equal(await run('[192.0.3.0/24]'), false);
    assert.equal(await run('[192.0.20]'), false);
  });

  it('checks all trusted relays when nothing is untrusted', async () => {
    const trusted = [fakeRelay({ ip: '10.0.0.1', rdns: 'a.internal' }), fakeRelay({ ip: '10.0.0.2', rdns: 'mx.example.com' })];
    const ctx = fakeScanContext({
      headers: FROM, relays: fakeRelays(trusted, []), conf: { defWelcomelistFromRcvd: [{ addr: '*@example.com', relay: 'example.com' }] },
    });
    assert.equal(await runEval('check_from_in_default_welcomelist', ctx), true);
  });
});

describe('WLBLEval named lists and mailfrom/rcvd', () => {
  it('check_from_in_list and check_replyto_in_list use enlist_addrlist lists', async () => {
    const headers = `${FROM}\nReply-To: pay@bank.example.org`;
    const conf = { addrLists: new Map([['BANKS', ['*@bank.example.org']], ['GOV', ['*@example.com']]]) };
    const ctx = fakeScanContext({ headers, conf });
    assert.equal(await runEval('check_from_in_list', ctx, ['GOV']), true);
    assert.equal(await runEval('check_from_in_list', ctx, ['BANKS']), false);
    assert.equal(await runEval('check_replyto_in_list', ctx, ['BANKS']), true);
    assert.equal(await runEval('check_from_in_list', ctx, ['NO_SUCH_LIST']), false);
  });

  it('check_mailfrom_matches_rcvd compares registrable domains', async () => {
    const relays = fakeRelays([], [fakeRelay({ ip: '192.0.2.1', rdns: 'out.mail.example.co.uk' })]);
    const yes = fakeScanContext({ headers: FROM, envelopeFrom: 'x@bounces.example.co.uk', relays });
    assert.equal(await runEval('check_mailfrom_matches_rcvd', yes), true);
    const no = fakeScanContext({ headers: FROM, envelopeFrom: 'x@other.co.uk', relays });
    assert.equal(await runEval('check_mailfrom_matches_rcvd', no), false);
    const noRdns = fakeScanContext({ headers: FROM, envelopeFrom: 'x@example.co.uk', relays: fakeRelays([], [fakeRelay({ ip: '192.0.2.1' })]) });
    assert.equal(await runEval('check_mailfrom_matches_rcvd', noRdns), false);
  });
});

describe('WLBLEval URI host lists', () => {
  const uris = [
    fakeUriDetail('http://www.shop.example.com/a', { hosts: new Map([['www.shop.example.com', 'example.com']]) }),
    fakeUriDetail('mailto:x@blocked.example.org', { hosts: new Map([['blocked.example.org', 'example.org']]) }),
  ];

  it('matches parent domains and honours ! exclusions of the most specific entry', async () => {
    const run = async (name: string, conf: object, args: string[] = []) => runEval(name, fakeScanContext({ uris, conf }), args);
    assert.equal(await run('check_uri_host_in_blocklist', { blocklistUriHost: ['example.com'] }), true);
    assert.equal(await run('check_uri_host_in_welcomelist', { welcomelistUriHost: ['shop.example.com'] }), true);
    assert.equal(await run('check_uri_host_in_blocklist', { blocklistUriHost: ['!shop.example.com example.com'] }), false);
    assert.equal(await run('check_uri_host_listed', { uriHostLists: new Map([['MY', ['com']]]) }, ['MY']), true);
    // mailto: URIs are skipped.
    assert.equal(await run('check_uri_host_in_blocklist', { blocklistUriHost: ['blocked.example.org'] }), false);
    assert.equal(await run('check_uri_host_listed', {}, ['MY']), false);
  });
});
