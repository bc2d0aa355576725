/**
 * The RE2 sets change how fast the stock rules run, never what they find:
 * the same engine with and without them gives identical results on messages
 * that hit body, rawbody and URI rules.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../../../src/engine/index.js';
import { re2Binding, setRe2Enabled } from '../../../../src/engine/regex/re2-binding.js';

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

/** Scans every message with an engine without sets and one with them, asserting the same results; returns the hits. */
async function compareWithAndWithoutSets(): Promise<number> {
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
    return hits;
  } finally {
    await plain.close();
    await withSets.close();
  }
}

test('the stock rules give identical results with and without the RE2 sets', { timeout: 120_000 }, async () => {
  const hits = await compareWithAndWithoutSets();
  assert.ok(hits > 20, 'the messages hit rules at all');
});

test('a set that fails on a line (RE2 out of DFA memory) leaves its rules to their RegExps: same results, no failed scan', { timeout: 120_000 }, async () => {
  const SetClass = re2Binding()?.Set;
  assert.ok(SetClass, 'the RE2 binding is installed');
  const proto = SetClass.prototype as { match(subject: string | Uint8Array): number[] };
  const match = proto.match;
  let calls = 0;
  // Every third call fails as RE2 does when a set's DFA runs out of memory.
  proto.match = function (this: unknown, subject: string | Uint8Array): number[] {
    if (++calls % 3 === 0) throw new Error('RE2.Set matching failed: out of memory.');
    return match.call(this, subject);
  };
  try {
    await compareWithAndWithoutSets();
    assert.ok(calls > 10, 'the sets ran');
  } finally {
    proto.match = match;
  }
});
