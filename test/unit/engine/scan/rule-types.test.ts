/**
 * Every rule type and a few eval families through the whole engine, on a
 * small self-written ruleset (test/fixtures/rules/types) and messages built
 * for each rule.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine, type SpamwardEngine } from '../../../../src/engine/index.js';
import { buildMessage } from '../../../helpers/messages.js';

const RULES = fileURLToPath(new URL('../../../../../test/fixtures/rules/types/', import.meta.url));
const SITE = fileURLToPath(new URL('../../../../../test/fixtures/rules/empty-site/', import.meta.url));

let engine: SpamwardEngine;

before(async () => {
  engine = await createEngine({ configPath: RULES, siteConfigPath: SITE, localTestsOnly: true, noUserConfig: true });
});

function hits(raw: Buffer): string[] {
  return engine.scanSync(raw).testNames;
}

test('the fixture ruleset loads without errors', () => {
  assert.deepEqual(engine.diagnostics.filter((d) => d.level === 'error'), []);
});

test('header rules: plain, :addr, :name, :raw, !~ on a missing header, if-unset, exists:', () => {
  const raw = buildMessage({
    headers: { From: 'Alice Example <alice@example.org>', Subject: '=?utf-8?q?Quarterly_report?=', 'X-Custom-Flag': 'yes' },
  });
  const got = hits(raw);
  for (const name of ['T_HDR_SUBJ', 'T_HDR_ADDR', 'T_HDR_NAME', 'T_HDR_NEG', 'T_HDR_UNSET', 'T_HDR_EXISTS', 'T_HDR_RAW']) {
    assert.ok(got.includes(name), `${name} in ${got.join(',')}`);
  }
  const other = hits(buildMessage({ headers: { 'X-Mailer': 'Mailer 1.0', 'X-Priority': '1' } }));
  for (const name of ['T_HDR_SUBJ', 'T_HDR_ADDR', 'T_HDR_NEG', 'T_HDR_UNSET', 'T_HDR_EXISTS']) assert.ok(!other.includes(name), name);
});

test('body rules see the Subject line unless nosubject', () => {
  const subjOnly = hits(buildMessage({ headers: { Subject: 'Quarterly numbers' }, body: 'nothing here\n' }));
  assert.ok(!subjOnly.includes('T_BODY_NOSUBJ'));
  const inBody = hits(buildMessage({ body: 'The quarterly numbers.\n' }));
  assert.ok(inBody.includes('T_BODY_NOSUBJ'));
});

test('multiple counts feed an arithmetic meta; zero-score rules never run', () => {
  const three = hits(buildMessage({ body: 'widget one, widget two\n\nand a widget three\n' }));
  assert.ok(three.includes('T_META_COUNT'));
  const two = hits(buildMessage({ body: 'widget and widget\n' }));
  assert.ok(!two.includes('T_META_COUNT'));
  const invoice = engine.scanSync(buildMessage({ body: 'Your invoice attached here.\n' }));
  assert.ok(invoice.testNames.includes('T_BODY_WORD'));
  assert.ok(invoice.testNames.includes('T_META_BOOL'));
  assert.ok(!invoice.testNames.includes('T_ZERO_SCORE'));
  // T_ZERO_SCORE is disabled, so the meta only sees T_BODY_WORD.
  assert.ok(invoice.testNames.includes('T_META_DISABLED_DEP'));
  assert.ok(!invoice.subtestNames.includes('T_ZERO_SCORE'));
});

test('rawbody sees undecoded HTML, full sees headers and body, uri sees links', () => {
  const html = buildMessage({
    headers: { 'Content-Type': 'text/html; charset=us-ascii', 'X-Custom-Flag': 'yes' },
    body: '<html><body><b>bold</b> widget <a href="https://shop.example.com/cart">shop</a></body></html>\n',
  });
  const got = hits(html);
  for (const name of ['T_RAW_HTML', 'T_FULL_HDRBODY', 'T_URI_HOST', 'T_EVAL_HTML_ONLY']) assert.ok(got.includes(name), `${name} in ${got.join(',')}`);
});

test('mimeheader rules look at the headers of every MIME part', () => {
  const raw = buildMessage({
    headers: { 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="XX"' },
    body: '--XX\nContent-Type: text/plain\n\nsee attached\n--XX\nContent-Type: application/pdf; name="a.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--XX--\n',
  });
  assert.ok(hits(raw).includes('T_MIMEHDR'));
});

test('header eval: a message without To hits; scores and default scores add up', () => {
  const v = engine.scanSync(buildMessage({ headers: { To: '' }, body: 'default score rule\n' }));
  assert.ok(v.testNames.includes('T_EVAL_MISSING_TO'));
  assert.ok(v.testNames.includes('SW_DEFAULT_SCORE'));
  const expected = v.hits.reduce((s, h) => s + h.score, 0);
  assert.equal(v.score, Number(expected.toFixed(3)));
  assert.equal(v.hits.find((h) => h.name === 'SW_DEFAULT_SCORE')?.score, 1);
  assert.equal(v.hits.find((h) => h.name === 'SW_DEFAULT_SCORE')?.description, 'A rule without a score line');
});

test('a T_ rule without a score line defaults to 0.01', async () => {
  const e = await createEngine({ configPath: RULES, siteConfigPath: SITE, noUserConfig: true, cfLines: ['body T_TESTING_RULE /testing rule/'] });
  const v = e.scanSync(buildMessage({ body: 'a testing rule body\n' }));
  assert.equal(v.hits.find((h) => h.name === 'T_TESTING_RULE')?.score, 0.01);
});

test('the verdict carries the configured X-Spam-Status header', () => {
  const v = engine.scanSync(buildMessage({ body: 'Your invoice attached here.\n' }));
  const status = v.addedHeaders.find((h) => h.name === 'X-Spam-Status');
  assert.ok(status);
  assert.match(status.value, /^No, score=\d+\.\d required=5\.0 tests=/);
  assert.equal(v.isSpam, v.score >= 5);
});

test('uri_detail rules match per-URI criteria', async () => {
  const e = await createEngine({
    configPath: RULES,
    siteConfigPath: SITE,
    noUserConfig: true,
    preLines: ['loadplugin Mail::SpamAssassin::Plugin::URIDetail'],
    cfLines: ['uri_detail SW_URI_DETAIL_HOST host =~ /^shop\\.example\\.com$/ type =~ /^a$/', 'score SW_URI_DETAIL_HOST 1.5'],
  });
  const html = buildMessage({
    headers: { 'Content-Type': 'text/html; charset=us-ascii' },
    body: '<html><body><a href="https://shop.example.com/cart">shop</a></body></html>\n',
  });
  assert.ok(e.scanSync(html).testNames.includes('SW_URI_DETAIL_HOST'));
  assert.ok(!e.scanSync(buildMessage({ body: 'see https://shop.example.com/cart\n' })).testNames.includes('SW_URI_DETAIL_HOST'));
});

test('capture templates: a tag captured by a header rule is matched in URIs, case-folded under /i', () => {
  const to = { To: 'Bob <Bob@example.org>' };
  const withUser = hits(buildMessage({ headers: to, body: 'see http://landing.example.com/page#BOB and http://tracker.example.com/x/\n' }));
  assert.ok(withUser.includes('T_URI_RCPT'), withUser.join(','));
  assert.ok(withUser.includes('T_URI_RCPT_OPT'), withUser.join(','));
  // No URI holds the user: the template rule cannot hit (and is not built for this recipient);
  // a template on an optional branch still lets the rule hit through the other branch.
  const without = hits(buildMessage({ headers: to, body: 'see http://landing.example.com/page#alice and http://tracker.example.com/x/\n' }));
  assert.ok(!without.includes('T_URI_RCPT'), without.join(','));
  assert.ok(without.includes('T_URI_RCPT_OPT'), without.join(','));
});
