import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeHtml, fakeScanContext, fakeUriDetail, runEval } from '../../../helpers/fake-scan-context.js';

describe('VBounce', () => {
  const bounce = 'Your message could not be delivered.\n\n> Received: from out1.relay.example.com (out1.relay.example.com [192.0.2.1])\n>   by mx.example.org; Mon, 1 Jan 2024 10:00:00 +0000\n';

  it('have_any_bounce_relays reflects the configuration', async () => {
    assert.equal(await runEval('have_any_bounce_relays', fakeScanContext()), false);
    const conf = { lists: new Map([['welcomelist_bounce_relays', ['*.relay.example.com']]]) };
    assert.equal(await runEval('have_any_bounce_relays', fakeScanContext({ conf })), true);
  });

  it('finds our relay in a Received header quoted in the bounce body', async () => {
    const conf = { lists: new Map([['welcomelist_bounce_relays', ['*.relay.example.com']]]) };
    const ctx = fakeScanContext({ headers: 'Subject: failure', body: bounce, conf });
    assert.equal(await runEval('check_welcomelist_bounce_relays', ctx), true);
    const other = { lists: new Map([['welcomelist_bounce_relays', ['mx.elsewhere.example']]]) };
    assert.equal(await runEval('check_welcomelist_bounce_relays', fakeScanContext({ headers: 'Subject: failure', body: bounce, conf: other })), false);
    assert.equal(await runEval('check_whitelist_bounce_relays', fakeScanContext({ body: bounce })), false);
  });
});

describe('WelcomeListSubject', () => {
  it('matches subject globs anywhere in the subject', async () => {
    const ctx = (list: string[]) => fakeScanContext({ headers: 'Subject: [Team] Weekly Report', conf: { welcomelistSubject: list, blocklistSubject: list } });
    assert.equal(await runEval('check_subject_in_welcomelist', ctx(['weekly report'])), true);
    assert.equal(await runEval('check_subject_in_blocklist', ctx(['[team]*report'])), true);
    assert.equal(await runEval('check_subject_in_blocklist', ctx(['monthly'])), false);
    assert.equal(await runEval('check_subject_in_whitelist', fakeScanContext({ conf: { welcomelistSubject: ['*'] } })), false);
  });
});

describe('URIEval and HTTPSMismatch', () => {
  it('check_https_ip_mismatch: https anchor text over an IP-address link', async () => {
    const uris = [fakeUriDetail('http://192.0.2.7/login', { types: new Set(['a']), anchorText: ['https://bank.example.com/'] })];
    assert.equal(await runEval('check_https_ip_mismatch', fakeScanContext({ uris })), true);
    const fine = [fakeUriDetail('http://192.0.2.7/login', { anchorText: ['click here'] })];
    assert.equal(await runEval('check_https_ip_mismatch', fakeScanContext({ uris: fine })), false);
  });

  it('check_https_http_mismatch: https text, different http target domain', async () => {
    const uris = [fakeUriDetail('http://tracker.example.net/x', { anchorText: ['https://www.bank.example.com/'] })];
    assert.equal(await runEval('check_https_http_mismatch', fakeScanContext({ uris }), ['1', '10']), true);
    const same = [fakeUriDetail('http://www.bank.example.com/x', { anchorText: ['https://bank.example.com/'] })];
    assert.equal(await runEval('check_https_http_mismatch', fakeScanContext({ uris: same }), ['1', '10']), false);
    assert.equal(await runEval('check_https_http_mismatch', fakeScanContext(), ['1', '10']), false);
  });

  it('check_for_http_redirector and check_uri_truncated', async () => {
    const redir = fakeScanContext({ uriList: ['http://redir.example.com/go?u=http://target.example.net/'] });
    assert.equal(await runEval('check_for_http_redirector', redir), true);
    const self = fakeScanContext({ uriList: ['http://www.example.com/go?u=http://example.com/'] });
    assert.equal(await runEval('check_for_http_redirector', self), false);
    const long = fakeScanContext({ uris: [fakeUriDetail(`http://x.example.com/${'a'.repeat(9000)}`)] });
    assert.equal(await runEval('check_uri_truncated', long), true);
    const flagged = fakeScanContext({ rendered: { html: [fakeHtml({ values: new Map([['uri_truncated', 1]]) })] } });
    assert.equal(await runEval('check_uri_truncated', flagged), true);
    assert.equal(await runEval('check_uri_truncated', fakeScanContext()), false);
  });
});
