/**
 * Which `languages` file an engine loads, and when: only with TextCat
 * loaded, from the site directory before the rules directory when they are
 * given, and an unreadable file leaves the plugin on with no models.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { engineLanguageModels, LANGUAGES_FILE } from '../../../../src/engine/textcat/engine-models.js';
import { TEXTCAT_PLUGIN } from '../../../../src/engine/textcat/message-languages.js';
import { fakeConfig } from '../../../helpers/fake-scan-context.js';

describe('the language models an engine loads', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-textcat-models-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const dir = (name: string, models?: string): string => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    if (models !== undefined) writeFileSync(join(path, LANGUAGES_FILE), models, 'latin1');
    return path;
  };
  const withTextCat = fakeConfig({ plugins: new Set([TEXTCAT_PLUGIN]) });
  const noWarning = (message: string) => assert.fail(message);

  it('none without the plugin', () => {
    assert.equal(engineLanguageModels(fakeConfig(), { siteConfigPath: dir('site-a', 'a\n0 aa\n') }, noWarning), undefined);
  });

  it('the site directory first, then the rules directory', () => {
    const site = dir('site-b', 'a\n0 from-site\n');
    const rules = dir('rules-b', 'a\n0 from-rules\n');
    assert.deepEqual(engineLanguageModels(withTextCat, { siteConfigPath: site, configPath: rules }, noWarning)?.names, ['from-site']);
    assert.deepEqual(engineLanguageModels(withTextCat, { siteConfigPath: dir('site-c'), configPath: rules }, noWarning)?.names, ['from-rules']);
  });

  it('a file that cannot be read: no models, and a warning', () => {
    const site = dir('site-d');
    mkdirSync(join(site, LANGUAGES_FILE));
    const warnings: string[] = [];
    const models = engineLanguageModels(withTextCat, { siteConfigPath: site }, (m) => warnings.push(m));
    assert.deepEqual(models?.names, []);
    assert.equal(warnings.length, 1);
  });
});
