/**
 * Rule sets compiled in one thread share their built patterns (pattern.ts):
 * the score set a daemon switches to once Bayes is usable or DNS answers,
 * and a user's preferences, run the RegExp objects that already ran, rather
 * than new ones V8 would leave in its regexp interpreter (docs/speed.md).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyUserPrefs } from '../../../../src/engine/config/user-prefs.js';
import { loadEngineConfig } from '../../../../src/engine/engine-config.js';
import { compileRules } from '../../../../src/engine/rules/compile.js';
import type { CompiledRule } from '../../../../src/engine/rules/compiled-types.js';

const dir = mkdtempSync(join(tmpdir(), 'shared-patterns-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'rules'));
mkdirSync(join(dir, 'site'));
writeFileSync(join(dir, 'rules', '10_own.cf'), [
  'header SUBJ_PRIZE Subject =~ /\\bprize\\b/i',
  'score SUBJ_PRIZE 1.0 1.1 1.2 1.3',
  'body BODY_WIRE /wire (?:the )?funds/i',
  'score BODY_WIRE 2.0',
  'body BODY_WIRE_TOO /wire (?:the )?funds/i',
  'score BODY_WIRE_TOO 0.5',
  '',
].join('\n'));

const patternOf = (rule: CompiledRule | undefined): unknown => (rule && 'pattern' in rule ? rule.pattern : undefined);

test('every score set and a user\'s rule set run the same pattern objects', () => {
  const { config } = loadEngineConfig({ configPath: join(dir, 'rules'), siteConfigPath: join(dir, 'site'), localTestsOnly: true });
  const set0 = compileRules(config, 0).ruleSet;
  const set3 = compileRules(config, 3).ruleSet;
  const user = compileRules(applyUserPrefs(config, 'score SUBJ_PRIZE 4.0\n', '(user prefs)').config, 0).ruleSet;
  for (const name of ['SUBJ_PRIZE', 'BODY_WIRE']) {
    const p = patternOf(set0.byName.get(name));
    assert.ok(p, name);
    assert.equal(patternOf(set3.byName.get(name)), p, `${name}: score set 3 shares set 0's pattern`);
    assert.equal(patternOf(user.byName.get(name)), p, `${name}: the user's rule set shares it too`);
  }
  assert.equal(user.byName.get('SUBJ_PRIZE')?.score, 4, 'the user\'s score still applies');
  // Two rules with one pattern share it as well: each resets lastIndex before it runs.
  assert.equal(patternOf(set0.byName.get('BODY_WIRE_TOO')), patternOf(set0.byName.get('BODY_WIRE')));
});
