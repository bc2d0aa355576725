import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectivePriority } from '../../../../src/engine/config/finish.js';
import { replaceTagsIn } from '../../../../src/engine/config/replace-tags.js';
import { parseText } from './config-helpers.js';

test('metas inherit net from any (transitive) net dependency', () => {
  const { config } = parseText([
    "header R eval:check_rbl('x', 'zen.example.')", 'tflags R net', 'body B /b/',
    'meta M1 R && B', 'meta M2 M1 || B', 'meta M3 B', 'tflags M2 publish',
  ].join('\n'));
  assert.deepEqual(config.tflags.get('M1'), { net: true });
  assert.deepEqual(config.tflags.get('M2'), { publish: true, net: true });
  assert.equal(config.tflags.get('M3'), undefined);
  assert.equal(effectivePriority(config, 'M1'), -100);
  assert.equal(effectivePriority(config, 'M3'), 0);
});

test('a meta running earlier pulls its dependencies to its priority (net ones not below -100)', () => {
  const { config } = parseText([
    "header R eval:check_rbl('x', 'zen.example.')", 'tflags R net', 'priority R 5',
    'body B /b/', 'priority B 10', 'body C /c/', 'priority C -10',
    'meta M R + B + C', 'priority M -500', 'meta N B', 'priority N 20',
  ].join('\n'));
  assert.equal(config.priority.get('R'), -100);
  assert.equal(config.priority.get('B'), -500);
  assert.equal(config.priority.get('C'), -500);
});

test('rules_matching is expanded in the stored meta, over rules and scored names', () => {
  const { config } = parseText('body FOO_1 /a/\nbody FOO_2 /b/\nscore FOO_3 1\nmeta M rules_matching(FOO_*) >= 2');
  const t = config.rules.get('M')?.test;
  assert.equal(t?.kind === 'meta' ? t.expression : '', ' (FOO_1+FOO_2+FOO_3)  >= 2');
});

test('meta cycles are reported as unsolvable', () => {
  const { diagnostics } = parseText('meta A B\nmeta B A\nmeta C A\nbody D /d/\nmeta E D');
  const w = diagnostics.filter((d) => /excluding meta test/.test(d.message)).map((d) => d.message).sort();
  assert.deepEqual(w, [
    'excluding meta test A, unsolved meta dependencies: B',
    'excluding meta test B, unsolved meta dependencies: A',
    'excluding meta test C, unsolved meta dependencies: A',
  ]);
});

test('ReplaceTags substitutes tags, pre/post/inter fragments, and nested tags', () => {
  const { config, errors } = parseText([
    'replace_tag A (?:a|4)', 'replace_tag B (?:b|8)', 'replace_tag AB <A><B>',
    'replace_pre P (?:^|\\b)', 'replace_post Q (?!\\w)', 'replace_inter SEP [\\s_-]*',
    'body R1 /<A><B>/i', 'body R2 /<pre P><post Q><A>x<B>/', 'body R3 /<inter SEP><A><B><A>/', 'body R4 /<AB>/',
    'body R5 /<A>/', 'header R6 Subject =~ /<B>!/', 'replace_rules R1 R2 R3', 'replace_rules R4 R6',
  ].join('\n'));
  assert.deepEqual(errors, []);
  const pat = (n: string) => {
    const t = config.rules.get(n)?.test;
    return t?.kind === 'regex' || t?.kind === 'match' ? t.pattern : undefined;
  };
  assert.equal(pat('R1'), '(?:a|4)(?:b|8)');
  assert.equal(pat('R2'), '(?:^|\\b)(?:a|4)(?!\\w)x(?:^|\\b)(?:b|8)(?!\\w)');
  assert.equal(pat('R3'), '(?:a|4)[\\s_-]*(?:b|8)[\\s_-]*(?:a|4)');
  assert.equal(pat('R4'), '(?:a|4)(?:b|8)');
  assert.equal(pat('R5'), '<A>', 'not listed in replace_rules');
  assert.equal(pat('R6'), '(?:b|8)!');
});

test('replaceTagsIn leaves unknown tags and named captures alone', () => {
  const tables = { tags: new Map([['X', 'x']]), pre: new Map(), post: new Map(), inter: new Map(), start: '<', end: '>' };
  assert.equal(replaceTagsIn('(?<NAME>\\w+)<X><Y>', tables), '(?<NAME>\\w+)x<Y>');
});

test('Pyzor and Razor2 rules move to priority -100 when those plugins fork (default)', () => {
  const { config } = parseText([
    'loadplugin Mail::SpamAssassin::Plugin::Pyzor', 'full P eval:check_pyzor()', 'priority P 30',
    'full Q eval:check_razor2()', 'priority Q 20',
  ].join('\n'));
  assert.equal(config.priority.get('P'), -100);
  assert.equal(config.priority.get('Q'), 20, 'Razor2 is not loaded');
});
