import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

const spoof = 'From: "service@paypal.com" <x@evil.example.net>\nTo: service@paypal.com\nReply-To: service@paypal.com';

describe('FromNameSpoof', () => {
  it('flags a display-name address of another owner', async () => {
    const ctx = fakeScanContext({ headers: spoof });
    assert.equal(await runEval('check_fromname_spoof', ctx), true);
    assert.equal(await runEval('check_fromname_equals_to', ctx), true);
    assert.equal(await runEval('check_fromname_equals_replyto', ctx), true);
    assert.equal(await runEval('check_fromname_contains_email', ctx), true);
  });

  it('does not flag the same address, or names without an address', async () => {
    const same = fakeScanContext({ headers: 'From: "joe@example.com" <joe@example.com>' });
    assert.equal(await runEval('check_fromname_spoof', same), false);
    assert.equal(await runEval('check_fromname_contains_email', same), true);
    const plain = fakeScanContext({ headers: 'From: Joe Bloggs <joe@example.com>' });
    assert.equal(await runEval('check_fromname_spoof', plain), false);
    assert.equal(await runEval('check_fromname_contains_email', plain), false);
  });

  it('fns_check 1 compares owners, so another address of the same owner passes', async () => {
    const sameOwner = fakeScanContext({ headers: 'From: "a@example.com" <b@mail.example.com>' });
    assert.equal(await runEval('check_fromname_spoof', sameOwner), false);
    assert.equal(await runEval('check_fromname_spoof', sameOwner, ['0']), true);
    const grouped = fakeScanContext({
      headers: 'From: "a@googlemail.com" <a@gmail.com>',
      conf: { addrLists: new Map([['FNS_gmail', ['*@googlemail.com']]]) },
    });
    assert.equal(await runEval('check_fromname_spoof', grouped), false);
  });

  it('is skipped when an fns_ignore_headers header is present', async () => {
    const ctx = fakeScanContext({ headers: `${spoof}\nList-Id: <x.example.org>`, conf: { hashes: new Map([['fns_ignore_headers', new Map([['List-Id', '']])]]) } });
    assert.equal(await runEval('check_fromname_spoof', ctx), false);
  });
});
