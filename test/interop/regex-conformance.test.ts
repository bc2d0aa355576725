/**
 * Every stock SpamAssassin rule regex, translated to JavaScript, must hit and
 * miss exactly where Perl does on the same byte strings. Perl and the
 * installed SpamAssassin are the reference; the test fails if either is missing.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePerlRegex } from '../../src/engine/regex/parser.js';
import { requiredLiterals } from '../../src/engine/regex/required-literals.js';
import { translatePerlRegex } from '../../src/engine/regex/translate.js';
import { dumpStockRegexes, perlMatches, type StockRegex } from '../fixtures/regex/perl-oracle.js';
import { SeededRandom } from '../fixtures/regex/random.js';
import { flipCase, sampleMatch } from '../fixtures/regex/sampler.js';
import { handwrittenSubjects, mutations } from '../fixtures/regex/subjects.js';

const SAMPLES_PER_RULE = 3;
const SHARED_GENERATED = 300;

interface Candidate {
  rule: StockRegex;
  regex: RegExp | undefined;
  approximate: boolean;
  error: string | undefined;
  own: number[];
}

/** Subject pool: hand-written ones first (shared by all rules), then generated ones. */
class SubjectPool {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  add(subject: string): number {
    let at = this.index.get(subject);
    if (at === undefined) {
      at = this.list.length;
      this.list.push(subject);
      this.index.set(subject, at);
    }
    return at;
  }
}

function prepare(rules: StockRegex[], pool: SubjectPool, rng: SeededRandom): Candidate[] {
  return rules.map((rule) => {
    const translated = translatePerlRegex(rule.pattern, rule.flags);
    const own: number[] = [];
    if (translated.ok) {
      const root = parsePerlRegex(rule.pattern, rule.flags).root;
      for (let k = 0; k < SAMPLES_PER_RULE; k++) {
        for (const variant of mutations(sampleMatch(root, rng), flipCase)) own.push(pool.add(variant.slice(0, 400)));
      }
    }
    return translated.ok
      ? { rule, regex: new RegExp(translated.source, translated.flags), approximate: translated.approximate, error: undefined, own }
      : { rule, regex: undefined, approximate: false, error: translated.error, own };
  });
}

test('every stock rule regex matches like Perl on every subject', { timeout: 240_000 }, (t) => {
  const rules = dumpStockRegexes();
  const pool = new SubjectPool();
  for (const s of handwrittenSubjects()) pool.add(s);
  const rng = new SeededRandom(20251126);
  const candidates = prepare(rules, pool, rng);
  // A shared slice of generated subjects lets every rule meet other rules' shapes.
  const generated = pool.list.slice(handwrittenSubjects().length);
  const shared: string[] = [];
  for (let k = 0; k < SHARED_GENERATED && generated.length > 0; k++) shared.push(rng.pick(generated));
  const common = [...new Set([...handwrittenSubjects(), ...shared])];
  const ordered = new SubjectPool();
  for (const s of common) ordered.add(s);
  const remap = (i: number): number => ordered.add(pool.list[i] as string);
  for (const c of candidates) c.own = c.own.map(remap);

  const perl = perlMatches(ordered.list, common.length, candidates.map((c) => ({ regex: c.rule.compiled, own: c.own })));

  let comparisons = 0;
  const mismatches: string[] = [];
  const approximateMismatches: string[] = [];
  let perlHits = 0;
  let withLiterals = 0;
  const literalMisses: string[] = [];
  candidates.forEach((c, k) => {
    const expected = perl[k]?.hits;
    assert.ok(expected !== undefined, `Perl could not compile ${c.rule.name}`);
    if (!c.regex) return;
    const literals = requiredLiterals(c.rule.pattern, c.rule.flags);
    if (literals) withLiterals++;
    const lower = c.rule.flags.includes('i');
    const order = [...Array(common.length).keys(), ...c.own];
    order.forEach((subjectIndex, j) => {
      const subject = ordered.list[subjectIndex] as string;
      const js = c.regex!.test(subject);
      const pl = expected[j] === '1';
      comparisons++;
      if (pl) perlHits++;
      // The prefilter promise: whatever Perl matches contains one of the literals.
      const haystack = lower ? subject.toLowerCase() : subject;
      if (pl && literals && !literals.some((l) => haystack.includes(l))) {
        literalMisses.push(`${c.rule.name}: ${JSON.stringify(literals)} absent from ${JSON.stringify(subject)}`);
      }
      if (js !== pl) {
        const shown = c.rule.pattern.length > 120 ? `${c.rule.pattern.slice(0, 117)}...` : c.rule.pattern;
        const line = `${c.rule.name} (${c.rule.type}) /${shown}/${c.rule.flags} on ${JSON.stringify(subject)}: perl=${pl} js=${js}`;
        (c.approximate ? approximateMismatches : mismatches).push(line);
      }
    });
  });

  const untranslated = candidates.filter((c) => c.error !== undefined);
  const approximate = candidates.filter((c) => c.approximate);
  t.diagnostic(`stock regexes: ${rules.length}; translated: ${rules.length - untranslated.length}; approximate: ${approximate.length}`);
  t.diagnostic(`subjects: ${common.length} shared + per-rule samples; comparisons: ${comparisons}; Perl hits: ${perlHits}`);
  t.diagnostic(`disagreements (exact translations): ${mismatches.length}; (approximate): ${approximateMismatches.length}`);
  t.diagnostic(`required literals derived for ${withLiterals} rules; hits lacking every literal: ${literalMisses.length}`);
  for (const c of untranslated) t.diagnostic(`untranslatable: ${c.rule.name}: ${c.error}`);
  for (const c of approximate) t.diagnostic(`approximate: ${c.rule.name}`);
  for (const m of approximateMismatches.slice(0, 5)) t.diagnostic(`approximate disagreement: ${m}`);
  assert.deepEqual(mismatches.slice(0, 20), []);
  assert.deepEqual(literalMisses.slice(0, 20), []);
  assert.ok(untranslated.length <= 5, 'more stock rules than expected fail to translate');
});
