/**
 * A rule that calls the eval of a plugin the configuration did not load
 * (AntiVirus, PDFInfo and AccessDB are commented out in Debian's .pre
 * files): SpamAssassin warns "unknown eval" and never runs the rule, and its
 * lint fails. Spamward did run such a rule, so a local.cf line could change
 * a verdict SpamAssassin would not. Pinned beside the installed
 * SpamAssassin, with the plugin loaded as the contrast. Both programs read
 * the system's .pre files (so the same plugins are loaded as on a Debian
 * system) but, as rules, only this test's (test/helpers/mini-rules.ts: a
 * placeholder rule and the Status header the stock 10_default_prefs.cf
 * gives): the stock rule set plays no part in the point and took most of
 * the time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SITE_RULES_DIRS } from '../../src/engine/config/system-paths.js';
import { miniRules } from '../helpers/mini-rules.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const SITE_PRE_DIR = SITE_RULES_DIRS[0] as string;

const EXE_MESSAGE = [
  'From: a@example.org', 'To: b@example.net', 'Subject: tool', 'Message-ID: <exe@plugin-eval.example>', 'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XX"', '', '--XX', 'Content-Type: text/plain', '', 'see attached', '--XX',
  'Content-Type: application/octet-stream; name="run.exe"', 'Content-Transfer-Encoding: base64', '',
  'TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '--XX--', '',
].join('\n');

const RULE = ['body SW_EXE eval:check_microsoft_executable()', 'score SW_EXE 0.01'];
const PRE = 'loadplugin Mail::SpamAssassin::Plugin::AntiVirus';

/** The rules folder: what the stock 10_default_prefs.cf gives that is read here, the Status header. Its site folder goes unused. */
const RULES = miniRules([], 'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"\n');
const CONFIG = `--configpath=${RULES.rules}`;

function run(cmd: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'latin1', timeout: 120_000 });
  if (r.error) throw new Error(`${cmd} could not be run (apt-get install -y spamassassin): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function hitsOurRule(output: string): boolean {
  const head = output.slice(0, output.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  return /^X-Spam-Status: .*tests=.*\bSW_EXE\b/m.test(head);
}

describe('an eval of a plugin that is not loaded, as SpamAssassin treats it', () => {
  const site = mkdtempSync(join(tmpdir(), 'spamward-plugin-eval-'));
  after(() => {
    rmSync(site, { recursive: true, force: true });
    RULES.remove();
  });
  // The system's .pre files (AntiVirus stays commented out) and our rule in local.cf.
  for (const f of readdirSync(SITE_PRE_DIR).filter((n) => n.endsWith('.pre'))) cpSync(join(SITE_PRE_DIR, f), join(site, f));
  writeFileSync(join(site, 'local.cf'), `${RULE.join('\n')}\n`);

  for (const loaded of [false, true]) {
    test(loaded ? 'with the plugin loaded the rule runs in both' : 'without the plugin the rule never runs in either', () => {
      const pre = loaded ? [`--pre=${PRE}`] : [];
      const theirs = run('spamassassin', ['-L', '-t', CONFIG, '--siteconfigpath', site, ...pre], EXE_MESSAGE);
      const ours = run(process.execPath, [CLI, 'check', '-L', '-t', '-x', CONFIG, '--siteconfigpath', site, ...pre], EXE_MESSAGE);
      assert.equal(hitsOurRule(theirs.stdout), loaded, theirs.stdout.slice(0, 600));
      assert.equal(hitsOurRule(ours.stdout), loaded, ours.stdout.slice(0, 600));
      if (!loaded) {
        assert.match(theirs.stderr, /unknown eval 'check_microsoft_executable' for SW_EXE/);
        assert.match(ours.stderr, /local\.cf:1: rule SW_EXE: unknown eval 'check_microsoft_executable'/);
      } else assert.equal(ours.stderr, '');
    });
  }

  test('lint fails on it in both, naming the eval', () => {
    const theirs = run('spamassassin', ['--lint', CONFIG, '--siteconfigpath', site]);
    const ours = run(process.execPath, [CLI, 'lint', CONFIG, '--siteconfigpath', site]);
    assert.notEqual(theirs.status, 0);
    assert.match(theirs.stderr, /unknown eval 'check_microsoft_executable'/);
    // That rule is the only issue: the small rules folder brings none of its own.
    assert.match(theirs.stderr, /lint: 1 issues detected/);
    assert.equal(ours.status, 1, ours.stderr);
    assert.match(ours.stderr, /local\.cf:1: rule SW_EXE: unknown eval 'check_microsoft_executable'/);
  });
});
