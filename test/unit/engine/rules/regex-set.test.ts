import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePerlRegex } from '../../../../src/engine/regex/translate.js';
import { parsePerlRegex } from '../../../../src/engine/regex/parser.js';
import { emitRe2, emitRe2Coarse, emitRe2Counted, emitRe2Superset } from '../../../../src/engine/regex/re2-emitter.js';
import { re2Binding } from '../../../../src/engine/regex/re2-binding.js';
import { RegexSet, type SetCandidate } from '../../../../src/engine/rules/regex-set.js';

/** Own patterns covering each construct the RE2 emitter writes or refuses. */
const ELIGIBLE: [string, string][] = [
  ['free\\s+money', 'i'],
  ['^Subject: win', ''],
  ['cash$', ''],
  ['(?:foo|bar)baz$', ''],
  ['^\\s*click here', 'im'],
  ['end(?:ing)?$', 'm'],
  ['\\bv[i1!]agra\\b', 'i'],
  ['[^\\x00-\\x7f]{3,}', ''],
  ['\\xe9t\\xe9', 'i'],
  ['a.{2,5}b', ''],
  ['a.{2,5}b', 's'],
  ['\\Bness\\b', ''],
  ['(?<cap>win)ner', ''],
  ['x+?y', ''],
  ['\\Akeep\\Kme', ''],
  ['[[:upper:]]{4}\\d', ''],
  ['price\\z', ''],
];
const INELIGIBLE: [string, string][] = [
  ['foo(?=bar)', ''],
  ['(?<!un)happy', ''],
  ['(\\w)\\1', ''],
  ['(?>a+)b', ''],
  ['a\\Rb', ''],
  ['cash$ now', ''],
  ['^$', 'm'],
];

const re2Available = re2Binding() !== undefined;

test('the RE2 binding is installed and loads (a dependency: without it scans are slower, never different)', () => {
  assert.ok(re2Available, 'npm package re2 did not load; run npm ci');
});

test('constructs RE2 cannot answer exactly are refused, the others are written', () => {
  for (const [p, f] of ELIGIBLE) assert.notEqual(emitRe2(parsePerlRegex(p, f)), undefined, `/${p}/${f} should be eligible`);
  for (const [p, f] of INELIGIBLE) assert.equal(emitRe2(parsePerlRegex(p, f)), undefined, `/${p}/${f} should stay on its RegExp`);
});

function candidates(list: [string, string][]): SetCandidate[] {
  return list.map(([p, f]) => ({ pattern: { perl: { pattern: p, flags: f }, regex: compilePerlRegex(p, f, { global: true }), literals: null } }));
}

function randomSubjects(count: number): string[] {
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const pieces = ['free', ' ', '  ', 'money', 'FREE', 'Money', '\n', 'cash', 'cash\n', 'click here', 'Subject: win', 'viagra', 'v1agra',
    '\xe9t\xe9', '\xc9T\xc9', '\xff\xfe\xfd', 'a12b', 'a123456b', 'a\nxyb', 'darkness', 'ness', 'winner', 'xxy', 'keepme', 'ABCD1', 'price',
    'ending', 'ending\n', 'foobaz', 'barbaz\n', '\t', 'x', 'foobar', 'foo', 'unhappy', 'happy', 'aa', 'aab', 'a\r\nb', 'a\nb', 'cash now'];
  return Array.from({ length: count }, () => Array.from({ length: 1 + rand(8) }, () => pieces[rand(pieces.length)]).join(''));
}

/** The member numbers of every set of the RegexSet that match the subject. */
function membersMatching(set: RegexSet, subject: string): Set<number> {
  const found = new Set<number>();
  for (const g of set.groups) for (const m of g.set.match(subject)) found.add(g.first + m);
  return found;
}

test('a set answers every subject as the rules\' own RegExps do', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  const rules = candidates(ELIGIBLE);
  const set = RegexSet.build(rules);
  assert.ok(set);
  assert.equal(set.size, ELIGIBLE.length);
  for (const subject of randomSubjects(3000)) {
    const found = membersMatching(set, subject);
    for (const rule of rules) {
      const re = rule.pattern.regex!;
      re.lastIndex = 0;
      assert.equal(found.has(rule.setMember!), re.test(subject), `${re.source} on ${JSON.stringify(subject)}`);
    }
  }
});

test('every pattern RE2 cannot answer exactly has a wider form', () => {
  for (const [p, f] of INELIGIBLE) assert.notEqual(emitRe2Superset(parsePerlRegex(p, f)), undefined, `/${p}/${f}`);
});

test('a set member that is only a gate says yes wherever the rule\'s RegExp does, and no somewhere', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  const rules = candidates(INELIGIBLE);
  const set = RegexSet.build(rules);
  assert.ok(set);
  assert.ok(rules.every((r) => r.setMember !== undefined && r.setExact === false));
  const rejected = new Set<number>();
  for (const subject of randomSubjects(3000)) {
    const found = membersMatching(set, subject);
    for (const rule of rules) {
      const re = rule.pattern.regex!;
      re.lastIndex = 0;
      if (re.test(subject)) assert.ok(found.has(rule.setMember!), `${re.source} matches ${JSON.stringify(subject)}, its gate does not`);
      if (!found.has(rule.setMember!)) rejected.add(rule.setMember!);
    }
  }
  // `^$`/m widens to a line start before a possible end: every subject, so no gate at all; the others do reject.
  assert.ok(rejected.size >= INELIGIBLE.length - 1, 'the gates turn lines away');
});

test('exact members are marked so; template patterns get no member number and stay on their RegExp', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  const exact = candidates(ELIGIBLE);
  const template = { pattern: { perl: { pattern: 'to %{X}', flags: '' }, regex: undefined, literals: null } } as SetCandidate;
  RegexSet.build([...exact, template]);
  assert.ok(exact.every((r) => r.setExact === true));
  assert.equal(template.setMember, undefined);
});

test('rules with long required literals go into sets gated by those literals, the others into sets run on every line', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  const [selective, weak] = candidates([['unsubscribe\\s+now', ''], ['re\\s+now', '']]);
  selective!.pattern.literals = ['unsubscribe'];
  selective!.literalIds = Int32Array.of(7);
  weak!.pattern.literals = ['re'];
  const set = RegexSet.build([selective!, weak!]);
  assert.equal(set?.size, 2);
  const gateOf = (member: number) => set!.groups.find((g) => member >= g.first && member < g.first + 1)?.gate;
  assert.deepEqual([...(gateOf(selective!.setMember!) ?? [])], [7]);
  assert.equal(gateOf(weak!.setMember!), undefined);
});

test('a pattern that backtracks catastrophically in V8 is answered by its set in linear time', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  const [rule] = candidates([['^(a+)+$', '']]);
  const set = RegexSet.build([rule!]);
  const subject = `${'a'.repeat(5000)}b`;
  assert.deepEqual(set!.groups.flatMap((g) => g.set.match(subject)), []);
  assert.deepEqual(set!.groups.flatMap((g) => g.set.match('a'.repeat(5000))), [0]);
});

test('a pattern whose counted copies RE2 refuses gets a gate with its counts open above their minimum', { skip: !re2Available && 'binding missing (reported above)' }, () => {
  // 50 copies of a 10-30 count: past RE2's limit on nested repetition, as SpamAssassin's __FILL_THIS_FORM_LONG* are.
  const [rule] = candidates([['(?:x[a-z]{10,30}\\s){50}', '']]);
  const set = RegexSet.build([rule!]);
  assert.ok(set && rule!.setMember !== undefined);
  assert.equal(rule!.setExact, false);
  const subjects = [`${'xabcdefghijk '.repeat(50)}`, 'xabcdefghijk '.repeat(3), 'no such thing', 'xabc '.repeat(60)];
  const says = (s: string) => membersMatching(set, s).has(rule!.setMember!);
  for (const s of subjects) {
    const re = rule!.pattern.regex!;
    re.lastIndex = 0;
    if (re.test(s)) assert.ok(says(s), `the gate must pass ${JSON.stringify(s.slice(0, 30))}`);
  }
  assert.equal(says('no such thing'), false, 'the gate turns away a line without the pattern\'s parts');
  // The minimum is kept: a gate of one copy named a quarter of all corpus body lines for __FILL_THIS_FORM_LONG2.
  assert.equal(says('xabcdefghijk '.repeat(3)), false, 'three copies of fifty do not pass');
  assert.equal(says('xabcdefghijklmnopqrstuvwxyzabcdefghijklmnop '.repeat(50)), true, 'a longer count inside may pass (its maximum is open)');
});

test('a counted gate keeps each count\'s minimum and opens its maximum; the coarse one opens both', () => {
  const forms = (pattern: string) => {
    const parsed = parsePerlRegex(pattern, '');
    return [emitRe2Counted(parsed), emitRe2Coarse(parsed)];
  };
  assert.deepEqual(forms('(?:ab){3}'), ['(?:(?:ab)){3,}', '(?:(?:ab))+']);
  assert.deepEqual(forms('a{2,9}b{0,4}c{1,3}'), ['(?:a){2,}(?:b)*(?:c)+', '(?:a)+(?:b)*(?:c)+']);
  assert.deepEqual(forms('x?y'), ['(?:x){0,1}y', '(?:x){0,1}y'], 'an optional atom stays as written');
});
