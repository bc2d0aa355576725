/**
 * The RE2 sets change how fast the stock rules run, never what they find:
 * the same engine with and without them gives identical results on messages
 * that hit body, rawbody, URI and header rules.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../../src/engine/index.js';
import { setRe2Enabled } from '../../../../src/engine/regex/re2-binding.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'messages');

const OWN_MESSAGES = [
  'From: "Prize Office" <win@example.test>\nTo: you@example.org\nSubject: URGENT: claim your prize\nMessage-ID: <1@example.test>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\n' +
    'Dear friend,\nYou have WON $2,500,000.00 USD in our lottery!!! Click here http://claim.example.test/win?id=1 now.\n' +
    'Please send your full name, address, phone number and bank account details.\nViagra, Cialis and weight loss pills at 90% off.\n',
  'From: colleague@example.org\nTo: you@example.org\nSubject: minutes of the meeting\nMessage-ID: <2@example.org>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n' +
    'MIME-Version: 1.0\nContent-Type: text/html; charset=iso-8859-1\n\n<html><body><p>Hi,</p><p>attached the minutes &eacute;t&eacute;.' +
    ' See <a href="https://docs.example.org/m">the notes</a>.</p><font color="#ffffff">hidden text</font></body></html>\n',
];

function messages(): Buffer[] {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(FIXTURES, f)));
  return [...files, ...OWN_MESSAGES.map((m) => Buffer.from(m, 'latin1'))];
}

test('the stock rules give identical results with and without the RE2 sets', { timeout: 120_000 }, async () => {
  const options = { localTestsOnly: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] };
  setRe2Enabled(false);
  const plain = await createEngine(options);
  setRe2Enabled(true);
  const withSets = await createEngine(options);
  try {
    let hits = 0;
    for (const raw of messages()) {
      const a = plain.scanSync(raw);
      const b = withSets.scanSync(raw);
      assert.deepEqual([...b.testNames].sort(), [...a.testNames].sort());
      assert.equal(b.score, a.score);
      hits += a.testNames.length;
    }
    assert.ok(hits > 20, 'the messages hit rules at all');
  } finally {
    await plain.close();
    await withSets.close();
  }
});

/** Rules of our own on one header, enough of them for the header's RE2 set (header-sets.ts). */
const SUBJECT_RULES = [
  'header T_HS_PRIZE Subject =~ /prize/i',
  'header T_HS_NOT_MEETING Subject !~ /meeting/',
  'header T_HS_NOT_URGENT Subject !~ /urgent/i',
  'header T_HS_CAPTURE Subject =~ /(?<HSWORD>claim)\\s/i',
  'header T_HS_CAPS Subject =~ /[A-Z]{4,}/',
  'tflags T_HS_CAPS multiple maxhits=3',
  'header T_HS_NEVER Subject =~ /zzzz/',
  'header T_HS_LONG_WORD Subject =~ /\\bextraordinary\\b/',
];

test('header rules answered by their header\'s RE2 set hit exactly as on their own RegExps', { timeout: 120_000 }, async () => {
  const cfLines = ['use_bayes 0', 'bayes_auto_learn 0', ...SUBJECT_RULES];
  const { loadEngineConfig } = await import('../../../../src/engine/engine-config.js');
  const { compileRules } = await import('../../../../src/engine/rules/compile.js');
  const conf = loadEngineConfig({ localTestsOnly: true, noUserConfig: true, cfLines }).config;
  const compiled = compileRules(conf, 0).ruleSet.byName;
  for (const name of ['T_HS_PRIZE', 'T_HS_NOT_MEETING', 'T_HS_CAPS', 'T_HS_NEVER']) {
    const rule = compiled.get(name);
    assert.ok(rule?.kind === 'header' && rule.setMember !== undefined, `${name} is answered by the Subject set`);
  }
  const options = { localTestsOnly: true, noUserConfig: true, cfLines };
  setRe2Enabled(false);
  const plain = await createEngine(options);
  setRe2Enabled(true);
  const withSets = await createEngine(options);
  const subject = (s: string) => Buffer.from(`From: a@example.org\nTo: b@example.org\nSubject: ${s}\n\nbody\n`, 'latin1');
  const ours = (names: string[]) => names.filter((n) => n.startsWith('T_HS_')).sort();
  try {
    const cases: [string, string[]][] = [
      ['URGENT: CLAIM YOUR PRIZE NOW', ['T_HS_CAPS', 'T_HS_CAPTURE', 'T_HS_NOT_MEETING', 'T_HS_PRIZE']],
      ['minutes of the meeting', ['T_HS_NOT_URGENT']],
      ['an extraordinary prize', ['T_HS_LONG_WORD', 'T_HS_NOT_MEETING', 'T_HS_NOT_URGENT', 'T_HS_PRIZE']],
    ];
    for (const [s, expected] of cases) {
      const a = plain.scanSync(subject(s));
      const b = withSets.scanSync(subject(s));
      assert.deepEqual(ours(b.testNames), expected, s);
      assert.deepEqual(ours(a.testNames), expected, s);
      assert.equal(b.score, a.score, s);
    }
    // maxhits=3 counts three of the four capitalised words, with the set as without it.
    const capsHits = (e: typeof plain) => e.scanSync(subject('URGENT: CLAIM YOUR PRIZE NOW')).hits.filter((h) => h.name === 'T_HS_CAPS').length;
    assert.equal(capsHits(withSets), 3);
    assert.equal(capsHits(plain), 3);
  } finally {
    await plain.close();
    await withSets.close();
  }
});
