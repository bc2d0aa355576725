import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { compareConfigNames, listConfigFiles } from '../../../../src/engine/config/discovery.js';
import { loadConfig } from '../../../../src/engine/config/load.js';
import { fixtureDir } from './config-helpers.js';

function loadFixture(extra: Parameters<typeof loadConfig>[0] = {}) {
  return loadConfig({ configPath: fixtureDir('rules'), siteConfigPath: fixtureDir('site'), lang: 'en_US', ...extra });
}

test('files load in SpamAssassin order: site .pre, rules .pre, rules .cf, site .cf', () => {
  const { files, diagnostics } = loadFixture();
  assert.deepEqual(files.map((f) => `${basename(f.replace(/\/[^/]+$/, ''))}/${basename(f)}`), [
    'site/init.pre', 'rules/init.pre', 'rules/10_prefs.cf', 'rules/20_rules.cf', 'site/local.cf',
  ]);
  assert.deepEqual(diagnostics.filter((d) => d.level === 'error'), []);
});

test('the fixture configuration parses into the expected settings', () => {
  const { config } = loadFixture();
  assert.equal(config.rules.size, 19);
  assert.deepEqual(config.scores.get('FX_SUBJ_MONEY'), [2.5, 2.5, 2.5, 2.5], 'local.cf overrides');
  assert.deepEqual(config.scores.get('FX_META'), [1.5, 1, 2, 3], 'relative score from local.cf');
  assert.deepEqual(config.scores.get('FX_NICE'), [-1, -1, -1, -1]);
  assert.deepEqual(config.scores.get('T_FX_TESTING'), [0.01, 0.01, 0.01, 0.01]);
  assert.deepEqual(config.tflags.get('FX_META_NET2'), { net: true });
  assert.equal(config.priority.get('FX_SUBJ_MONEY'), -200, 'pulled down by FX_META');
  assert.equal(config.priority.get('FX_RBL'), -100, 'net dependency of FX_META_NET not below -100');
  assert.equal(config.priority.get('FX_URI'), -300);
  assert.equal(config.reportSafe, 0);
  assert.deepEqual(config.headersSpam.map((h) => h.name), ['Checker-Version', 'Flag', 'Status', 'Report']);
  assert.equal(config.reportTemplate, 'Line one of the report\n  quoted line  \n');
  assert.equal(config.rewriteHeader.get('Subject'), '*****SPAM*****');
  assert.deepEqual(config.rulesVersions, ['1234567']);
  assert.ok(config.compatFlags.has('welcomelist_blocklist'));
  const count = config.rules.get('FX_COUNT')?.test;
  assert.equal(count?.kind === 'meta' ? count.expression : '', ' (FX_SUBJ_MONEY)  +  (0) ');
  const replaced = config.rules.get('FX_REPLACED')?.test;
  assert.equal(replaced?.kind === 'regex' ? replaced.pattern : '', '(?:a|4)[\\s_-]*(?:b|8)');
  assert.equal(config.rules.get('FX_MIME_NAME')?.type, 'mimeheader');
  assert.ok(config.plugins.has('Mail::SpamAssassin::Plugin::MIMEHeader'));
});

test('--pre lines come first and --cf lines last', () => {
  const { config } = loadFixture({ preLines: ['required_score 9', 'body FX_SUBJ_MONEY /pre/'], cfLines: ['required_score 7', 'score FX_SUBJ_MONEY 4'] });
  assert.equal(config.requiredScore, 7);
  assert.deepEqual(config.scores.get('FX_SUBJ_MONEY'), [4, 4, 4, 4]);
  const t = config.rules.get('FX_SUBJ_MONEY')?.test;
  assert.equal(t?.kind, 'match', 'the rules file redefined the --pre rule');
});

test('local_tests_only reaches conditionals', () => {
  const on = loadFixture({ localTestsOnly: true, cfLines: ['if local_tests_only', 'body FX_LOCAL /l/', 'endif'] });
  const off = loadFixture({ localTestsOnly: false, cfLines: ['if local_tests_only', 'body FX_LOCAL /l/', 'endif'] });
  assert.ok(on.config.rules.has('FX_LOCAL'));
  assert.ok(!off.config.rules.has('FX_LOCAL'));
});

test('byte-wise file order with the sa-update channel file first', () => {
  assert.deepEqual(listConfigFiles(fixtureDir('order'), 'cf').map((f) => basename(f)), ['updates_spamassassin_org.cf', 'B.cf', 'b.cf']);
  assert.ok(compareConfigNames('Z.cf', 'a.cf') < 0);
  const { config } = loadConfig({ configPath: fixtureDir('order'), siteConfigPath: fixtureDir('empty-site-dir-that-does-not-exist') });
  const t = config.rules.get('FX_ORDER')?.test;
  assert.equal(t?.kind === 'regex' ? t.pattern : '', 'b', 'the last file wins');
  assert.ok(config.plugins.has('Mail::SpamAssassin::Plugin::BodyEval'));
});

test('include is relative to the including file and restarts its if-stack', () => {
  const { config, diagnostics, files } = loadConfig({
    configPath: fixtureDir('empty-rules-dir-that-does-not-exist'),
    siteConfigPath: fixtureDir('site'),
    preLines: ['loadplugin Mail::SpamAssassin::Plugin::HeaderEval', `include ${fixtureDir('include', 'main.cf')}`],
  });
  assert.ok(files.some((f) => f.endsWith('include/sub/inc.cf')));
  assert.ok(config.rules.has('FX_MAIN_BEFORE'));
  assert.ok(config.rules.has('FX_INCLUDED'));
  assert.ok(config.rules.has('FX_MAIN_AFTER'));
  // As in SpamAssassin, the include closes the open ifplugin (warning) and the later endif has no if.
  assert.ok(diagnostics.some((d) => d.level === 'warning' && /unclosed 'ifplugin'/.test(d.message)));
  assert.ok(diagnostics.some((d) => d.level === 'error' && d.line === 5 && /missing starting 'if'/.test(d.message)));
});

test('a missing include is reported and loading goes on', () => {
  const { diagnostics, config } = loadConfig({
    configPath: fixtureDir('none'), siteConfigPath: fixtureDir('none'), cfLines: ['include does-not-exist.cf', 'body FX_AFTER /a/'],
  });
  assert.ok(diagnostics.some((d) => /cannot open/.test(d.message)));
  assert.ok(config.rules.has('FX_AFTER'));
});

test('require_version skips the rest of a file unless it names 4.000001', () => {
  const ok = loadConfig({ configPath: fixtureDir('none'), siteConfigPath: fixtureDir('none'), cfLines: ['require_version 4.000001', 'body A /a/'] });
  assert.ok(ok.config.rules.has('A'));
  const old = loadConfig({ configPath: fixtureDir('none'), siteConfigPath: fixtureDir('none'), cfLines: ['require_version 3.004006', 'body A /a/'] });
  assert.ok(!old.config.rules.has('A'));
  assert.ok(old.diagnostics.some((d) => d.level === 'warning' && /requires version 3.004006/.test(d.message)));
});
