/**
 * Metas are evaluated incrementally (only those reading a rule that hit, or a
 * meta that left its empty-message value); these cases pin that the results
 * are those of evaluating every meta: negations and arithmetic whose value on
 * an empty message is not 0, chains through them, and negative results
 * (recorded as 1, as SpamAssassin's got_hit does).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine, type SpamwardEngine } from '../../../../src/engine/index.js';
import { buildMessage } from '../../../helpers/messages.js';

const EMPTY = fileURLToPath(new URL('../../../../../test/fixtures/rules/empty-site/', import.meta.url));

const RULES = [
  'body __A /alpha/',
  'body __B /bravo/',
  'meta NOT_A !__A',
  'meta A_AND_B __A && __B',
  'meta CHAIN (NOT_A || A_AND_B)',
  'meta NEG_ARITH (__A - 2)',
  'meta BOTH_COUNT (__A + __B) > 1',
  'meta META_OF_NEG NEG_ARITH > 0',
  'meta NOT_CHAIN !CHAIN',
  ...['NOT_A', 'A_AND_B', 'CHAIN', 'NEG_ARITH', 'BOTH_COUNT', 'META_OF_NEG', 'NOT_CHAIN'].map((r) => `score ${r} 0.1`),
];

let engine: SpamwardEngine;

before(async () => {
  engine = await createEngine({ configPath: EMPTY, siteConfigPath: EMPTY, localTestsOnly: true, noUserConfig: true, cfLines: RULES });
});

function metaHits(body: string): string[] {
  return engine.scanSync(buildMessage({ body })).testNames.filter((n) => !n.startsWith('__') && /^[A-Z_]+$/.test(n) && RULES.some((r) => r.startsWith(`meta ${n} `))).sort();
}

test('nothing hit: the metas true on an empty message hit', () => {
  assert.deepEqual(metaHits('nothing here\n'), ['CHAIN', 'META_OF_NEG', 'NEG_ARITH', 'NOT_A']);
});

test('one input hit: its readers and their readers are re-evaluated', () => {
  assert.deepEqual(metaHits('alpha only\n'), ['META_OF_NEG', 'NEG_ARITH', 'NOT_CHAIN']);
});

test('both inputs hit', () => {
  assert.deepEqual(metaHits('alpha and bravo\n'), ['A_AND_B', 'BOTH_COUNT', 'CHAIN', 'META_OF_NEG', 'NEG_ARITH']);
});

test('the same engine gives the same answers in any order of messages', () => {
  const bodies = ['alpha and bravo\n', 'nothing here\n', 'alpha only\n', 'nothing here\n', 'alpha and bravo\n'];
  const first = bodies.map(metaHits);
  assert.deepEqual(bodies.map(metaHits), first);
  assert.deepEqual(first[1], first[3]);
});
