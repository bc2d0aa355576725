/**
 * A private rules folder and site folder holding only the plugins (and
 * rules) a test needs, for Spamward (configPath/siteConfigPath) and Debian's
 * spamd (--configpath/--siteconfigpath) alike: both start in about a
 * second instead of parsing the whole stock rule set.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MiniRules {
  rules: string;
  site: string;
  /** spamd arguments pointing at the two folders. */
  spamdArgs: string[];
  remove(): void;
}

/** GTUBE alone, as a rules file: spam at 1000 against required_score 5. */
export const GTUBE_RULES = 'required_score 5\nbody GTUBE /XJS\\*C4JDBQADN1\\.NSBN3\\*2IDNEN\\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\\*C\\.34X/\nscore GTUBE 1000\n';

/** `cf`: a rules file of the test's own, beside the placeholder. */
export function miniRules(plugins: readonly string[], cf?: string): MiniRules {
  const base = mkdtempSync(join(tmpdir(), 'spamward-mini-rules-'));
  // spamd reads them as nobody.
  chmodSync(base, 0o755);
  const rules = join(base, 'rules');
  const site = join(base, 'site');
  for (const d of [rules, site]) mkdirSync(d, { mode: 0o755 });
  const pre = ['Check', ...plugins].map((p) => `loadplugin Mail::SpamAssassin::Plugin::${p}`);
  writeFileSync(join(site, 'init.pre'), `${pre.join('\n')}\n`, { mode: 0o644 });
  // SpamAssassin refuses a rules folder without a rule.
  writeFileSync(join(rules, '00_placeholder.cf'), 'header SW_PLACEHOLDER Subject =~ /^never-matches-this$/\nscore SW_PLACEHOLDER 0.01\n', { mode: 0o644 });
  if (cf !== undefined) writeFileSync(join(rules, '10_test.cf'), cf, { mode: 0o644 });
  return {
    rules,
    site,
    spamdArgs: [`--configpath=${rules}`, `--siteconfigpath=${site}`],
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
