/**
 * AuthRes against the installed SpamAssassin: Authentication-Results and
 * ARC-Authentication-Results headers as an MTA's filters write them, and as
 * they go wrong (comments, folding, unknown methods or results, `none`, a
 * version, quoted reasons, values in angle brackets, several headers for one
 * method, authserv-ids trusted or ignored, and which relays' headers count
 * under each `authres_networks`). Compared: the `check_authres_result` rules
 * that hit, message by message, beside `spamassassin -t`.
 * Both read only this test's rules (test/helpers/mini-rules.ts), with the
 * Status header the stock 10_default_prefs.cf would give written out: the
 * rules compared are the test's own, so neither side parses the stock set.
 * SpamAssassin runs once per configuration (one --mbox run for its cases),
 * and the engine is built once per configuration (sa-check's sideBySide).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { miniRules } from '../helpers/mini-rules.js';
import { ourRulesHit, sideBySide } from '../helpers/sa-check.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::AuthRes';
const CHECKS: Record<string, [string, string]> = {
  SW_SPF_PASS: ['spf', 'pass'], SW_SPF_FAIL: ['spf', 'fail'], SW_SPF_MISSING: ['spf', 'missing'],
  SW_DKIM_PASS: ['dkim', 'pass'], SW_DKIM_FAIL: ['dkim', 'fail'], SW_DKIM_NEUTRAL: ['dkim', 'neutral'],
  SW_DMARC_PASS: ['dmarc', 'Pass'], SW_DMARC_MISSING: ['dmarc', 'missing'], SW_ARC_PASS: ['arc', 'pass'],
  SW_UPPER_METHOD: ['SPF', 'pass'],
};
const BASE_CF = [
  'use_bayes 0', 'report_safe 0', 'internal_networks 192.0.2.0/24', 'trusted_networks 192.0.2.0/24',
  ...Object.entries(CHECKS).flatMap(([rule, [method, result]]) => [`header ${rule} eval:check_authres_result('${method}', '${result}')`, `score ${rule} 0.01`]),
];

/** Our MX (internal) received the message from an outside relay; `above` sits above our Received, `below` under it. */
function message(id: string, above: string[], below: string[] = []): Buffer {
  return Buffer.from([
    ...above,
    'Received: from mail.sender.example (mail.sender.example [198.51.100.7])',
    '\tby mx.example.net (Postfix) with ESMTP id 4ABC; Mon, 2 Mar 2026 10:00:00 +0000',
    ...below,
    'Received: from laptop (laptop [203.0.113.9]) by mail.sender.example; Mon, 2 Mar 2026 09:59:00 +0000',
    'From: Alice <alice@sender.example>', 'To: bob@example.net', 'Subject: results', 'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    `Message-ID: <${id}@authres.example>`, '', 'Hello.', '',
  ].join('\n'), 'latin1');
}

const AR = 'Authentication-Results:';
const CASES: Record<string, { raw: Buffer; cf?: string[] }> = {
  'spf, dkim and dmarc pass': { raw: message('a1', [`${AR} mx.example.net; spf=pass smtp.mailfrom=alice@sender.example; dkim=pass header.d=sender.example header.i=@sender.example; dmarc=pass header.from=sender.example`]) },
  'folded, with comments': { raw: message('a2', [`${AR} mx.example.net (our filter);`, '\tspf=fail (sender not permitted) smtp.mailfrom=alice@sender.example;', '\tdkim=neutral (no key) header.d=sender.example']) },
  'an unknown method drops the header': { raw: message('a3', [`${AR} mx.example.net; spf=pass smtp.mailfrom=alice@sender.example; x-custom=pass`]) },
  'a later pass wins, else the first': { raw: message('a4', [`${AR} mx.example.net; dkim=fail header.d=a.example`, `${AR} mx.example.net; dkim=pass header.d=b.example; spf=fail smtp.mailfrom=alice@sender.example`, `${AR} mx.example.net; spf=softfail smtp.mailfrom=alice@sender.example`]) },
  'result in capitals is unknown': { raw: message('a5', [`${AR} mx.example.net; spf=Pass smtp.mailfrom=alice@sender.example`]) },
  'none': { raw: message('a6', [`${AR} mx.example.net; none`]) },
  'version, quoted reason, action': { raw: message('a7', [`${AR} mx.example.net 1; dkim=fail reason="bad signature" header.d=sender.example; dmarc=pass action=none header.from=sender.example`]) },
  'value in angle brackets': { raw: message('a8', [`${AR} mx.example.net; spf=pass smtp.mailfrom=<alice@sender.example>; dkim=pass header.d=sender.example`]) },
  'ARC-Authentication-Results': { raw: message('a9', ['ARC-Authentication-Results: i=1; mx.example.net; arc=pass smtp.remote-ip=198.51.100.7; spf=pass smtp.mailfrom=alice@sender.example']) },
  'bad ARC index': { raw: message('a10', ['ARC-Authentication-Results: i=99; mx.example.net; arc=pass']) },
  'unclosed comment': { raw: message('a11', [`${AR} mx.example.net; spf=pass (open smtp.mailfrom=alice@sender.example`]) },
  'no header at all': { raw: message('a12', []) },
  'trusted authserv listed': {
    raw: message('a13', [`${AR} mx.example.net; spf=pass smtp.mailfrom=alice@sender.example`, `${AR} forged.example; dkim=pass header.d=sender.example`]),
    cf: ['authres_trusted_authserv mx.example.net'],
  },
  'ignored authserv': {
    raw: message('a14', [`${AR} mx.example.net; spf=pass smtp.mailfrom=alice@sender.example`, `${AR} Forged.Example; dkim=pass header.d=sender.example`]),
    cf: ['authres_ignored_authserv forged.example'],
  },
  'a header from outside, internal networks': { raw: message('a15', [], [`${AR} mail.sender.example; spf=pass smtp.mailfrom=alice@sender.example`]) },
  'a header from outside, all networks': { raw: message('a16', [], [`${AR} mail.sender.example; spf=pass smtp.mailfrom=alice@sender.example`]), cf: ['authres_networks all'] },
};

const EXPECTED: Record<string, string> = {
  'spf, dkim and dmarc pass': 'SW_DKIM_PASS,SW_DMARC_PASS,SW_SPF_PASS',
  'a later pass wins, else the first': 'SW_DKIM_PASS,SW_DMARC_MISSING,SW_SPF_FAIL',
  'no header at all': 'SW_DMARC_MISSING,SW_SPF_MISSING',
};

/** What the stock 10_default_prefs.cf gives and the mini rule set lacks: the Status header ourRulesHit reads. */
const RULES = miniRules([], 'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"\n');

describe('check_authres_result as the installed SpamAssassin answers it', () => {
  after(() => RULES.remove());
  const cfOf = (cf: string[]) => [...BASE_CF, ...cf];
  const outputs = sideBySide([PRE], Object.values(CASES).map(({ raw, cf = [] }) => ({ raw, cf: cfOf(cf) })), { rules: RULES });
  for (const [name, { raw, cf = [] }] of Object.entries(CASES)) {
    test(name, async () => {
      const both = await outputs({ raw, cf: cfOf(cf) });
      const [ours, theirs] = [ourRulesHit(both.ours), ourRulesHit(both.theirs)];
      assert.equal(ours, theirs);
      if (EXPECTED[name] !== undefined) assert.equal(theirs, EXPECTED[name]);
    });
  }
});
