/**
 * Header rules on a header the message does not have, against Debian's
 * SpamAssassin: it matches the rule's pattern against undef, which Perl
 * reads as the empty string, so `=~ /^$/` hits and `!~ /^$/` does not (the
 * stock __SUBJECT_EMPTY and __SUBJ_SHORT hit on a message without Subject);
 * `[if-unset: …]` gives its own value; the accessor forms (:raw, :addr,
 * :name) of an absent header are absent too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ourRulesHit, sideBySide, spamHeader } from '../helpers/sa-check.js';

const RULES: [string, string][] = [
  ['SW_EMPTY', 'X-Absent =~ /^$/'],
  ['SW_BLANK', 'X-Absent =~ /^\\s*$/'],
  ['SW_ANY', 'X-Absent =~ /./'],
  ['SW_NOT_EMPTY', 'X-Absent !~ /^$/'],
  ['SW_NOT_A', 'X-Absent !~ /a/'],
  ['SW_RAW_EMPTY', 'X-Absent:raw =~ /^$/'],
  ['SW_ADDR_EMPTY', 'Reply-To:addr =~ /^$/'],
  ['SW_NAME_NOT_X', 'Reply-To:name !~ /x/'],
  ['SW_UNSET', 'X-Absent =~ /^7$/ [if-unset: 7]'],
  ['SW_UNSET_EMPTY', 'X-Absent =~ /^$/ [if-unset: 7]'],
  ['SW_SUBJ_EMPTY', 'Subject =~ /^\\s*$/'],
  ['SW_SUBJ_SHORT', 'Subject !~ /^.{10}/'],
];

const CF = [
  ...RULES.flatMap(([name, test]) => [`header ${name} ${test}`, `score ${name} 0.01`]),
  // The stock rules' own forms, which reach the report through metas: shown as subtests.
  'add_header all Subtests _SUBTESTS_',
];

function message(id: string, subject: string | undefined): Buffer {
  return Buffer.from([
    'Received: from mx.sender.example (mx.sender.example [45.67.89.10]) by mx.local.test with ESMTP id 1; Thu, 26 Nov 2026 02:00:00 +0000',
    'From: Alice <alice@sender.example>',
    'To: bob@local.test',
    ...(subject === undefined ? [] : [`Subject: ${subject}`]),
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    `Message-ID: <absent-${id}@sender.example>`,
    '',
    'Hello Bob, the minutes are attached. Alice',
    '',
  ].join('\n'), 'latin1');
}

const CASES = { 'no-subject': message('no-subject', undefined), 'empty-subject': message('empty-subject', ''), 'long-subject': message('long-subject', 'the minutes of the meeting') };

/** The stock subtests about an empty or short Subject among the _SUBTESTS_ of the output. */
function subjectSubtests(output: string): string {
  const subtests = spamHeader(output, 'Subtests') ?? '';
  return subtests.split(',').map((s) => s.trim()).filter((s) => /^__SUBJ(?:ECT)?_(?:EMPTY|SHORT)$/.test(s)).join(',');
}

describe('header rules on absent headers, as Debian SpamAssassin runs them', () => {
  const cases = Object.entries(CASES).map(([name, raw]) => ({ name, raw, cf: CF }));
  const outputs = sideBySide([], cases);
  for (const c of cases) {
    it(c.name, async () => {
      const { ours, theirs } = await outputs(c);
      assert.equal(ourRulesHit(ours), ourRulesHit(theirs), theirs);
      assert.equal(subjectSubtests(ours), subjectSubtests(theirs));
    });
  }

  it('not vacuous: the empty-string forms hit without the header, in SpamAssassin', async () => {
    const { theirs } = await outputs(cases[0]!);
    for (const rule of ['SW_EMPTY', 'SW_BLANK', 'SW_NOT_A', 'SW_ADDR_EMPTY', 'SW_UNSET', 'SW_SUBJ_EMPTY', 'SW_SUBJ_SHORT']) assert.match(ourRulesHit(theirs), new RegExp(`\\b${rule}\\b`));
    assert.equal(subjectSubtests(theirs), '__SUBJECT_EMPTY,__SUBJ_SHORT');
  });
});
