import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchUriDetail, uriDetailConditions } from '../../../../src/engine/evals/uri-detail.js';
import { fakeScanContext, fakeUriDetail } from '../../../helpers/fake-scan-context.js';

const uris = [
  fakeUriDetail('http://bit.example.com/abc', {
    types: new Set(['a']), cleaned: ['http://bit.example.com/abc'], domains: new Set(['example.com']),
    hosts: new Map([['bit.example.com', 'example.com']]), anchorText: ['Click here'],
  }),
  fakeUriDetail('http://plain.example.org/', { types: new Set(['parsed']), hosts: new Map([['plain.example.org', 'example.org']]) }),
];

describe('matchUriDetail', () => {
  const ctx = () => fakeScanContext({ uris });

  it('needs every criterion to hold for one URI', () => {
    assert.equal(matchUriDetail(ctx(), [{ key: 'host', positive: true, pattern: /^bit\./ }, { key: 'text', positive: true, pattern: /click/i }]), true);
    assert.equal(matchUriDetail(ctx(), [{ key: 'host', positive: true, pattern: /^plain\./ }, { key: 'text', positive: true, pattern: /click/i }]), false);
  });

  it('supports negative criteria and later duplicates replacing earlier ones', () => {
    assert.equal(matchUriDetail(ctx(), [{ key: 'type', positive: false, pattern: /^a$/ }]), true);
    assert.equal(matchUriDetail(ctx(), [
      { key: 'domain', positive: true, pattern: /nomatch/ },
      { key: 'domain', positive: true, pattern: /^example\.com$/ },
    ]), true);
    assert.equal(matchUriDetail(ctx(), [{ key: 'raw', positive: true, pattern: /^ftp:/ }]), false);
  });

  it('is false without conditions or URIs', () => {
    assert.equal(matchUriDetail(ctx(), []), false);
    assert.equal(matchUriDetail(fakeScanContext(), [{ key: 'raw', positive: false, pattern: /x/ }]), false);
  });
});

describe('uriDetailConditions', () => {
  it('translates the criteria of a parsed uri_detail rule', () => {
    const conds = uriDetailConditions([{ key: 'host', positive: true, pattern: '^bit\\.', flags: 'i' }, { key: 'text', positive: false, pattern: 'zzz', flags: '' }]);
    assert.equal(matchUriDetail(fakeScanContext({ uris }), conds), true);
    assert.throws(() => uriDetailConditions([{ key: 'raw', positive: true, pattern: '(', flags: '' }]), { code: 'ERR_RULE_COMPILE' });
  });
});
