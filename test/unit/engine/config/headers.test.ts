import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unescapeHeaderText } from '../../../../src/engine/config/header-directives.js';
import { parseText } from './config-helpers.js';

test('add_header unquotes once and handles \\n, \\t, \\\\ and other escapes', () => {
  assert.equal(unescapeHeaderText('a\\tb\\nc\\\\d\\qe'), 'a\tb\nc\\de');
  const { config } = parseText('add_header spam Status "Yes, score=_SCORE_\\ttab"\nadd_header ham Plain no quotes here  ');
  assert.deepEqual(config.headersSpam.slice(1), [{ name: 'Status', template: 'Yes, score=_SCORE_\ttab' }]);
  assert.deepEqual(config.headersHam.slice(1), [{ name: 'Plain', template: 'no quotes here' }]);
});

test('Checker-Version is there before any add_header, as SpamAssassin builds it in', () => {
  const builtIn = { name: 'Checker-Version', template: 'SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_' };
  const { config } = parseText('required_score 5');
  assert.deepEqual(config.headersSpam, [builtIn]);
  assert.deepEqual(config.headersHam, [builtIn]);
  // 10_default_prefs.cf's own line replaces it and moves it after the lines before it.
  const restated = parseText('add_header all Level L\nadd_header all Checker-Version X');
  assert.deepEqual(restated.config.headersHam.map((h) => `${h.name}=${h.template}`), ['Level=L', 'Checker-Version=X']);
});

test('re-adding a header name replaces it and moves it to the end', () => {
  const { config } = parseText('add_header all A 1\nadd_header all B 2\nadd_header spam a 3');
  assert.deepEqual(config.headersSpam.slice(1).map((h) => `${h.name}=${h.template}`), ['B=2', 'a=3']);
  assert.deepEqual(config.headersHam.slice(1).map((h) => `${h.name}=${h.template}`), ['A=1', 'B=2']);
});

test('remove_header and clear_headers keep Checker-Version', () => {
  const { config } = parseText([
    'add_header all Checker-Version X', 'add_header all Level _STARS(*)_', 'add_header spam Flag YES',
    'remove_header all Checker-Version', 'remove_header spam level',
  ].join('\n'));
  assert.deepEqual(config.headersSpam.map((h) => h.name), ['Checker-Version', 'Flag']);
  const cleared = parseText('add_header all Checker-Version X\nadd_header all Level L\nclear_headers');
  assert.deepEqual(cleared.config.headersHam.map((h) => h.name), ['Checker-Version']);
  assert.deepEqual(cleared.config.headersSpam.map((h) => h.name), ['Checker-Version']);
});

test('add_header syntax errors', () => {
  const { errors } = parseText('add_header sometimes Foo bar\nadd_header all Bad:Name x\nclear_headers now');
  assert.deepEqual(errors, [
    "test.cf:1: invalid 'add_header' value: add_header sometimes Foo bar",
    "test.cf:2: invalid 'add_header' value: add_header all Bad:Name x",
    "test.cf:3: invalid 'clear_headers' value: clear_headers now",
  ]);
});

test('report_safe 0 adds the Report header for spam once; only 0, 1, 2 are valid', () => {
  const { config, errors } = parseText('report_safe 0\nreport_safe 0\nreport_safe 3');
  assert.equal(config.reportSafe, 0);
  assert.deepEqual(config.headersSpam.map((h) => h.name), ['Checker-Version', 'Report']);
  assert.deepEqual(errors, ["test.cf:3: invalid 'report_safe' value: report_safe 3"]);
});

test('rewrite_header: Subject kept, From/To brackets, empty removes, others refused', () => {
  const { config, errors } = parseText([
    'rewrite_header subject [SPAM _SCORE_]', 'rewrite_header From (spam) x', 'rewrite_header To spam',
    'rewrite_header To', 'rewrite_header Cc spam',
  ].join('\n'));
  assert.equal(config.rewriteHeader.get('Subject'), '[SPAM _SCORE_]');
  assert.equal(config.rewriteHeader.get('From'), '[spam] x');
  assert.equal(config.rewriteHeader.has('To'), false);
  assert.match(errors[0] ?? '', /test\.cf:5: invalid 'rewrite_header' value/);
});

test('report templates append lines (one pair of quotes removed) and clear', () => {
  const { config } = parseText('report a\nreport "  b  "\nunsafe_report x\nclear_unsafe_report_template\nunsafe_report y');
  assert.equal(config.reportTemplate, 'a\n  b  \n');
  assert.equal(config.unsafeReportTemplate, 'y\n');
  const cleared = parseText('report a\nclear_report_template');
  assert.equal(cleared.config.reportTemplate, '');
});

test('scalar settings: required_score alias, booleans, numbers, strings', () => {
  const { config, errors } = parseText([
    'required_hits 6.5', 'fold_headers no', 'report_contact postmaster@example.test', 'normalize_charset 0',
    'use_bayes NO', 'bayes_auto_learn_threshold_spam 10', 'body_part_scan_size 1000', 'envelope_sender_header X-Env',
    'always_trust_envelope_sender yes', 'fold_headers maybe', 'required_score', 'bayes_token_ttl 2w',
  ].join('\n'));
  assert.equal(config.requiredScore, 6.5);
  assert.equal(config.foldHeaders, false);
  assert.equal(config.reportContact, 'postmaster@example.test');
  assert.equal(config.normalizeCharset, false);
  assert.equal(config.useBayes, false);
  assert.equal(config.bayesAutoLearnThresholdSpam, 10);
  assert.equal(config.bodyPartScanSize, 1000);
  assert.equal(config.envelopeSenderHeader, 'X-Env');
  assert.equal(config.alwaysTrustEnvelopeSender, true);
  assert.equal(config.bayesOptions.get('bayes_token_ttl'), String(14 * 86400));
  assert.deepEqual(errors, [
    "test.cf:10: invalid 'fold_headers' value: fold_headers maybe",
    "test.cf:11: missing 'required_score' value: required_score",
  ]);
});
