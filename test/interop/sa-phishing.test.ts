/**
 * Phishing against the installed SpamAssassin: self-written OpenPhish,
 * PhishTank and PhishStats feeds (comments, a CSV header line, quoted
 * fields, a score under the minimum, a line with a carriage return, a URL
 * without a registrable domain) and messages linking to listed and unlisted
 * URLs in HTML and in text, a mailto, an image, and a listed URL with
 * other parameters under `phishing_uri_noparam`. Compared: whether
 * `check_phishing` hits and the detail under its report line (feed and
 * domain), beside `spamassassin -t`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ourRulesHit, reportDetail, sideBySide } from '../helpers/sa-check.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::Phishing';
const dir = mkdtempSync(join(tmpdir(), 'spamward-phishing-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OPENPHISH = join(dir, 'openphish.txt');
const PHISHTANK = join(dir, 'phishtank.csv');
const PHISHSTATS = join(dir, 'phishstats.csv');
writeFileSync(OPENPHISH, [
  '# OpenPhish community feed',
  'http://login.bank-verify.example.com/secure/index.php',
  'https://paypal.account-check.example.net/update?session=1234',
  'http://crlf.example.org/page\r',
  'http://localhost/nothing',
  '',
].join('\n'));
writeFileSync(PHISHTANK, [
  'phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target',
  '123,"http://tank.phish.example.com/wp/login.html",http://www.phishtank.com/phish_detail.php?phish_id=123,2026-01-01,yes,2026-01-01,yes,Other',
  '',
].join('\n'));
writeFileSync(PHISHSTATS, [
  'Date,Score,URL,IP',
  '"2026-01-01","7.5","http://stats.phish.example.com/a/b/c","192.0.2.1"',
  '"2026-01-01","3.0","http://low.phish.example.com/a/b/c","192.0.2.2"',
  '',
].join('\n'));

const FEEDS = [`phishing_openphish_feed ${OPENPHISH}`, `phishing_phishtank_feed ${PHISHTANK}`, `phishing_phishstats_feed ${PHISHSTATS}`];
const BASE_CF = ['use_bayes 0', 'report_safe 0', 'body SW_PHISH eval:check_phishing()', 'score SW_PHISH 0.01', ...FEEDS];

function html(id: string, href: string): Buffer {
  return Buffer.from([
    'From: Bank <service@bank.example>', 'To: bob@example.net', 'Subject: verify your account', 'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    `Message-ID: <${id}@phishing.example>`, 'MIME-Version: 1.0', 'Content-Type: text/html; charset=us-ascii', '',
    `<html><body><p>Please <a href="${href}">verify</a> your account.</p></body></html>`, '',
  ].join('\n'), 'latin1');
}

function text(id: string, body: string): Buffer {
  return Buffer.from([
    'From: Bank <service@bank.example>', 'To: bob@example.net', 'Subject: verify your account', 'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    `Message-ID: <${id}@phishing.example>`, '', body, '',
  ].join('\n'), 'latin1');
}

const CASES: Record<string, { raw: Buffer; cf?: string[]; hit: boolean }> = {
  'OpenPhish link in HTML': { raw: html('p1', 'http://login.bank-verify.example.com/secure/index.php'), hit: true },
  'OpenPhish link in text': { raw: text('p2', 'Go to https://paypal.account-check.example.net/update?session=1234 now.'), hit: true },
  'PhishTank, quoted CSV field': { raw: html('p3', 'http://tank.phish.example.com/wp/login.html'), hit: true },
  'PhishStats above the minimum score': { raw: html('p4', 'http://stats.phish.example.com/a/b/c'), hit: true },
  'PhishStats under the minimum score': { raw: html('p5', 'http://low.phish.example.com/a/b/c'), hit: false },
  'a feed line ending in a carriage return': { raw: html('p6', 'http://crlf.example.org/page'), hit: false },
  'other parameters': { raw: html('p7', 'https://paypal.account-check.example.net/update?session=9999'), hit: false },
  'other parameters, phishing_uri_noparam': {
    raw: html('p8', 'https://paypal.account-check.example.net/update?session=9999'), cf: ['phishing_uri_noparam 1'], hit: false,
  },
  'deep path with other parameters, phishing_uri_noparam': {
    raw: html('p9', 'http://login.bank-verify.example.com/secure/index.php?x=1'), cf: ['phishing_uri_noparam 1'], hit: true,
  },
  'an image is no link': {
    raw: Buffer.from(html('p10', 'http://safe.example.com/').toString('latin1').replace('<p>', '<p><img src="http://login.bank-verify.example.com/secure/index.php">'), 'latin1'),
    hit: false,
  },
  'an unlisted link': { raw: html('p11', 'http://www.example.com/secure/index.php'), hit: false },
};

/** Whether SW_PHISH hit, and the detail under its report line. */
function outcome(output: string): { hit: boolean; detail: string } {
  return { hit: ourRulesHit(output).split(',').includes('SW_PHISH'), detail: reportDetail(output, 'SW_PHISH') };
}

describe('check_phishing as the installed SpamAssassin answers it', () => {
  const outputs = sideBySide([PRE], Object.values(CASES).map(({ raw, cf = [] }) => ({ raw, cf: [...BASE_CF, ...cf] })));
  for (const [name, { raw, cf = [], hit }] of Object.entries(CASES)) {
    test(name, async () => {
      const both = await outputs({ raw, cf: [...BASE_CF, ...cf] });
      const [ours, theirs] = [outcome(both.ours), outcome(both.theirs)];
      assert.deepEqual(ours, theirs);
      assert.equal(theirs.hit, hit, 'the case tests what its name says');
    });
  }
});
