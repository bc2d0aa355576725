/**
 * What SpamAssassin has before it reads a single rule file, against Debian's
 * SpamAssassin on a rule set of this test's own (test/helpers/mini-rules.ts),
 * so neither 10_default_prefs.cf nor 60_bayes_stopwords.cf is there:
 *
 * - X-Spam-Checker-Version is built in (Conf.pm adds it to both header lists
 *   first), so a configuration without any add_header line still marks the
 *   message as checked, and `learn` can take that markup off again;
 * - Bayes' own English stopword list applies when no `bayes_stopword_en` is
 *   configured: unanchored and case-sensitive, unlike a configured list, so
 *   every token holding one of its words is dropped. The learned token keys
 *   of sa-learn and `spamward learn` must be the same, key for key.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { miniRules } from '../helpers/mini-rules.js';
import { sideBySide } from '../helpers/sa-check.js';
import { SPAMWARD_CLI } from '../helpers/serve-process.js';

const RULES = miniRules(['Bayes'], 'body SW_HELLO /hello/\nscore SW_HELLO 0.1\n');
const scratch = mkdtempSync(join(tmpdir(), 'spamward-built-in-'));
after(() => {
  RULES.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const MESSAGE = Buffer.from(
  [
    'From: Alice <alice@sender.example>',
    'To: bob@local.test',
    'Subject: Another note',
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    'Message-ID: <built-in-1@sender.example>',
    '',
    'Hello Bob, there is another meeting agenda for THE world tomorrow:',
    'everyone should bring the numbers and their information sheets.',
    '',
  ].join('\n'),
  'latin1',
);

function run(cmd: string, args: string[], input?: Buffer): string {
  const r = spawnSync(cmd, args, { input, encoding: 'latin1', timeout: 120_000 });
  if (r.error) throw new Error(`${cmd} is required for this test (apt-get install -y spamassassin): ${r.error.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The token keys a --dump data lists (the last column), sorted. */
function dumpedKeys(dump: string): string[] {
  return dump
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 5 && /^[0-9a-f]{10}$/.test(f[4] as string))
    .map((f) => f[4] as string)
    .sort();
}

const folderArgs = [`--configpath=${RULES.rules}`, `--siteconfigpath=${RULES.site}`];

function saLearnedKeys(name: string, cf: string[]): string[] {
  const db = join(scratch, `sa-${name}`, 'bayes');
  const args = [...folderArgs, `--dbpath=${db}`, ...cf.map((c) => `--cf=${c}`)];
  run('sa-learn', ['--ham', ...args], MESSAGE);
  return dumpedKeys(run('sa-learn', ['--dump', 'data', ...args]));
}

function ourLearnedKeys(name: string, cf: string[]): string[] {
  const dataDir = join(scratch, `sw-${name}`);
  const args = [...folderArgs, '-x', '--data-dir', dataDir, ...cf.map((c) => `--cf=${c}`)];
  run(process.execPath, [SPAMWARD_CLI, 'learn', '--ham', ...args], MESSAGE);
  return dumpedKeys(run(process.execPath, [SPAMWARD_CLI, 'learn', '--dump', 'data', ...args]));
}

describe('built-in defaults, as Debian SpamAssassin has them without its rule files', () => {
  it('X-Spam-Checker-Version with no add_header line at all', async () => {
    const c = { raw: MESSAGE, cf: [] };
    const { ours, theirs } = await sideBySide([], [c], { rules: RULES })(c);
    const spamHeaders = (out: string) => out.slice(0, out.indexOf('\n\n')).split('\n').filter((l) => /^X-Spam-/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    assert.deepEqual(spamHeaders(theirs), ['X-Spam-Checker-Version']);
    assert.deepEqual(spamHeaders(ours), spamHeaders(theirs));
    assert.match(theirs, /^X-Spam-Checker-Version: SpamAssassin \d/m);
    assert.match(ours, /^X-Spam-Checker-Version: Spamward \d/m);
  });

  it("Bayes' own English stopwords when no list is configured: the same token keys as sa-learn's", () => {
    const theirs = saLearnedKeys('built-in', []);
    assert.deepEqual(ourLearnedKeys('built-in', []), theirs);
    // Not trivial: without stopwords more tokens are learned, and again the same ones.
    const noStopwords = ['bayes_stopword_languages disable'];
    const all = saLearnedKeys('disabled', noStopwords);
    assert.deepEqual(ourLearnedKeys('disabled', noStopwords), all);
    assert.ok(all.length >= theirs.length + 8, `${all.length} tokens without stopwords, ${theirs.length} with`);
  });
});
