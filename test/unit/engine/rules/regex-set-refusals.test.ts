import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePerlRegex } from '../../../../src/engine/regex/translate.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';
import { emitRe2 } from '../../../../src/engine/regex/re2-emitter.js';
import { re2Binding } from '../../../../src/engine/regex/re2-binding.js';
import { RegexSet, type SetCandidate } from '../../../../src/engine/rules/regex-set.js';

/** Nested counted repetition past RE2's limit of 1000 (40 x 100): the emitter writes it, RE2's parser refuses it. */
const REFUSED = 'tag(?:\\s{1,10}\\w{1,40}){100}';

function candidate(pattern: string): SetCandidate {
  return { pattern: { perl: { pattern, flags: '' }, regex: compilePerlRegex(pattern, '', { global: true }), literals: null } };
}

test('a pattern RE2 refuses to parse becomes a coarse gate and leaves its neighbours\' set whole', () => {
  assert.ok(re2Binding(), 'npm package re2 did not load; run npm ci');
  assert.notEqual(emitRe2(parsePerlRegex(REFUSED, '')), undefined, 'the emitter writes the pattern: RE2 itself must refuse it');
  // 19 patterns RE2 accepts around the refused one (a light set holds 20): one set of the 19 (not split in halves to isolate it),
  // and the refused one, its counts opened, as a gate in a set of its own (a broad class under a count).
  const rules = Array.from({ length: 19 }, (_, i) => candidate(`word${i}\\s+x{1,${i + 2}}`));
  rules.splice(10, 0, candidate(REFUSED));
  const set = RegexSet.build(rules);
  assert.equal(set?.size, 20);
  assert.equal(set?.groups.length, 2);
  assert.equal(rules[10]!.setExact, false);
  assert.ok(rules.every((r, i) => i === 10 || r.setExact === true));
  const own = set!.groups.find((g) => g.first === rules[10]!.setMember);
  assert.deepEqual(own && own.set.match(`tag${' ab'.repeat(100)}`), [0], 'the gate passes a line the rule matches');
  // The exact members answer as their own RegExps do.
  const whole = set!.groups.find((g) => g !== own)!;
  const matched = new Set(whole.set.match('word7   xxx').map((m) => whole.first + m));
  for (const r of rules) if (r.setExact) assert.equal(matched.has(r.setMember!), r.pattern.regex!.test('word7   xxx'));
});
