import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig } from '../../../../src/engine/config/load.js';
import { applyUserPrefs } from '../../../../src/engine/config/user-prefs.js';
import { fixtureDir } from './config-helpers.js';

function base(cfLines: string[] = []) {
  return loadConfig({ configPath: fixtureDir('rules'), siteConfigPath: fixtureDir('site'), lang: 'en_US', cfLines }).config;
}

const prefs = (): string => readFileSync(fixtureDir('user', 'user_prefs'), 'latin1');

test('user prefs change user settings, refuse admin settings and rules without allow_user_rules', () => {
  const system = base();
  const { config, diagnostics } = applyUserPrefs(system, prefs(), '/home/u/.spamassassin/user_prefs');
  assert.equal(config.requiredScore, 3);
  assert.deepEqual(config.scores.get('FX_SUBJ_MONEY'), [0.1, 0.1, 0.1, 0.1]);
  assert.deepEqual(config.welcomelistFrom, ['friend@example.test']);
  assert.equal(config.bodyPartScanSize, 50000);
  assert.ok(!config.rules.has('FX_USER_RULE'));
  assert.deepEqual(diagnostics.map((d) => `${d.line}: ${d.message}`), [
    '5: not parsing, administrator setting: body_part_scan_size 10',
    "6: not parsing, 'allow_user_rules' is 0: body FX_USER_RULE /user rule/",
  ]);
  assert.equal(diagnostics[0]?.file, '/home/u/.spamassassin/user_prefs');
});

test('the base configuration is not modified and untouched maps are shared', () => {
  const system = base();
  const before = system.scores.get('FX_SUBJ_MONEY');
  const { config } = applyUserPrefs(system, prefs(), 'user_prefs');
  assert.deepEqual(system.scores.get('FX_SUBJ_MONEY'), before);
  assert.equal(system.requiredScore, 5);
  assert.deepEqual(system.welcomelistFrom, []);
  assert.equal(config.rules, system.rules, 'rules map shared when no user rules');
  assert.equal(config.describe, system.describe);
  assert.notEqual(config.scores, system.scores);
});

test('with allow_user_rules, users may add rules but not redefine or re-flag system rules', () => {
  const system = base(['allow_user_rules 1']);
  const { config, diagnostics } = applyUserPrefs(system, [
    'body FX_USER_RULE /user rule/', 'tflags FX_USER_RULE nice', 'body FX_SUBJ_MONEY /hijack/', 'tflags FX_RBL nice',
    'meta FX_USER_META FX_USER_RULE && FX_RBL',
  ].join('\n'), 'user_prefs');
  assert.equal(config.rules.get('FX_USER_RULE')?.userRule, true);
  assert.deepEqual(config.scores.get('FX_USER_RULE'), [-1, -1, -1, -1]);
  assert.deepEqual(config.tflags.get('FX_USER_META'), { net: true });
  assert.equal(config.rules.get('FX_SUBJ_MONEY')?.userRule, false);
  assert.deepEqual(diagnostics.map((d) => d.line), [3, 4]);
  assert.ok(!system.rules.has('FX_USER_RULE'));
});

test('user prefs given to loadConfig are parsed in user mode after the site files', () => {
  const { config, diagnostics } = loadConfig({
    configPath: fixtureDir('rules'), siteConfigPath: fixtureDir('site'), userPrefs: { path: fixtureDir('user', 'user_prefs') },
  });
  assert.equal(config.requiredScore, 3);
  assert.equal(diagnostics.filter((d) => d.level === 'error').length, 2);
});

test('can() is refused and include is not allowed in user prefs', () => {
  const { config, diagnostics } = applyUserPrefs(base(), [
    'if can(Mail::SpamAssassin::Conf::feature_bug6558_free)', 'required_score 1', 'endif', 'include /etc/passwd',
  ].join('\n'), 'user_prefs');
  assert.equal(config.requiredScore, 5);
  assert.ok(diagnostics.some((d) => /not available in user_prefs/.test(d.message)));
  assert.ok(diagnostics.some((d) => d.level === 'error' && d.line === 4 && /include is not allowed/.test(d.message)));
});

test('user prefs conditionals see the local_tests_only mode of the base configuration', () => {
  const local = loadConfig({ configPath: fixtureDir('rules'), siteConfigPath: fixtureDir('site'), localTestsOnly: true }).config;
  const text = 'if local_tests_only\nrequired_score 2\nendif';
  assert.equal(applyUserPrefs(local, text, 'user_prefs').config.requiredScore, 2);
  assert.equal(applyUserPrefs(base(), text, 'user_prefs').config.requiredScore, 5);
});

test("a scan with per-user preferences reports their problems, not the site's, every time they are applied", async () => {
  const { createEngine } = await import('../../../../src/engine/index.js');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const site = mkdtempSync(join(tmpdir(), 'spamward-prefs-site-'));
  try {
    writeFileSync(join(site, 'local.cf'), 'body FX_SITE_BROKEN /unclosed(/\n');
    const engine = await createEngine({ configPath: fixtureDir('rules'), siteConfigPath: site, localTestsOnly: true });
    const raw = Buffer.from('Subject: hello\n\nhi\n');
    const withPrefs = { userPrefsText: 'required_score 3\nbogus_setting 1\n' };
    assert.deepEqual(engine.diagnostics.map((d) => d.message), ['rule FX_SITE_BROKEN: /unclosed(/: unmatched ( in regex (at offset 8)']);
    for (let i = 0; i < 2; i++) assert.deepEqual((await engine.scan(raw, withPrefs)).configProblems, ['(user prefs):2: failed to parse line: bogus_setting 1']);
    assert.deepEqual((await engine.scan(raw)).configProblems, []);
    await engine.close();
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
