import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalRegistry } from '../../../../src/engine/evals/registry.js';
import { fakeScanContext } from '../../../helpers/fake-scan-context.js';

describe('evalRegistry', () => {
  it('registers the high-weight stock evals with their plugin and rule types', () => {
    const expect: [string, string, string][] = [
      ['check_from_in_welcomelist', 'WLBLEval', 'header'],
      ['check_all_trusted', 'RelayEval', 'header'],
      ['check_for_shifted_date', 'HeaderEval', 'header'],
      ['check_for_mime', 'MIMEEval', 'rawbody'],
      ['html_text_match', 'HTMLEval', 'body'],
      ['check_freemail_from', 'FreeMail', 'header'],
      ['image_count', 'ImageInfo', 'body'],
      ['have_any_bounce_relays', 'VBounce', 'header'],
      ['check_subject_in_blocklist', 'WelcomeListSubject', 'header'],
      ['check_https_http_mismatch', 'HTTPSMismatch', 'body'],
    ];
    for (const [name, plugin, type] of expect) {
      const def = evalRegistry.get(name);
      assert.ok(def, name);
      assert.equal(def.plugin, plugin, name);
      assert.ok(def.types.includes(type as never), `${name} ${type}`);
      assert.notEqual(def.network, true, name);
    }
  });

  it('marks network evals and they never hit', () => {
    const ctx = fakeScanContext({ headers: 'From: a@example.com' });
    for (const name of ['check_rbl', 'check_rbl_sub', 'check_uridnsbl', 'check_dkim_valid', 'check_for_spf_pass', 'check_razor2', 'check_pyzor', 'check_dcc', 'check_hashbl_bodyre', 'check_dmarc_reject', 'check_dns_sender']) {
      const def = evalRegistry.get(name);
      assert.ok(def, name);
      assert.equal(def.network, true, name);
      assert.equal(def.fn(ctx, []), false, name);
    }
  });

  it('every local eval survives a bare message without throwing', () => {
    const ctx = fakeScanContext({ headers: 'Subject: x' });
    for (const [name, def] of evalRegistry) {
      const result = def.fn(ctx, [], ['\n']);
      assert.ok(typeof result === 'boolean' || typeof result === 'number', name);
    }
  });
});
