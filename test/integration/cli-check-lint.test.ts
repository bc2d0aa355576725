/**
 * The `spamward check` and `spamward lint` commands as a user runs them:
 * exit codes, the report, and lint's file:line diagnostics.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES = join(ROOT, 'rules');
const SAMPLES = join(ROOT, 'samples');

function spamward(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'latin1', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sites: string[] = [];
after(() => {
  for (const site of sites) rmSync(site, { recursive: true, force: true });
});

function emptySite(): string {
  const site = mkdtempSync(join(tmpdir(), 'spamward-site-'));
  sites.push(site);
  return site;
}

test('check prints the rewritten message, the report with --report, and exits 5 on spam with -e', () => {
  const site = emptySite();
  const spam = readFileSync(join(SAMPLES, 'sample-spam.eml'));
  const r = spamward(['check', '-C', RULES, '--siteconfigpath', site, '-x', '--data-dir', join(site, 'data'), '--report', '-e'], spam);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stdout, /^X-Spam-Checker-Version: Spamward /m);
  assert.match(r.stdout, /^X-Spam-Flag: YES$/m);
  assert.match(r.stdout, /Content analysis details: {3}\(10\d\d\.\d points, 5\.0 required\)/);
  assert.match(r.stdout, /^1000 GTUBE {18}BODY: Generic Test for Unsolicited Bulk Email/m);
  const ham = spamward(['check', '-C', RULES, '--siteconfigpath', site, '-x', '--data-dir', join(site, 'data'), join(SAMPLES, 'sample-ham.eml'), '--exit-code=5']);
  assert.equal(ham.code, 0, ham.stderr);
  assert.match(ham.stdout, /^X-Spam-Status: No, score=/m);
  assert.ok(ham.stdout.endsWith(readFileSync(join(SAMPLES, 'sample-ham.eml'), 'latin1').split('\n\n').slice(1).join('\n\n')));
});

test('lint reports every problem with file:line, keeps loading the rest, and exits 1', () => {
  const site = emptySite();
  writeFileSync(join(site, 'local.cf'), 'required_score five\nbogus_directive 1\nbody SW_BAD /unclosed(/\nscore SW_TWO 1 2\nbody SW_GOOD /fine/\n');
  const r = spamward(['lint', '-C', RULES, '--siteconfigpath', site]);
  assert.equal(r.code, 1);
  const file = join(site, 'local.cf');
  for (const line of [1, 2, 3, 4]) assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${line}:`), `line ${line} in\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, new RegExp(`local\\.cf:5:`));
  assert.match(r.stderr, /issues detected/);
});

test('lint is silent and exits 0 on a clean configuration', () => {
  const r = spamward(['lint', '-C', RULES, '--siteconfigpath', emptySite()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('a usage error or a failing command prints its error and a hint, not the whole usage text', () => {
  const unknown = spamward(['lint', '--bogus-flag']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Unknown arguments?: bogus-flag/);
  assert.match(unknown.stderr, /Run `spamward --help`/);
  assert.doesNotMatch(unknown.stderr, /Options:/);
  const none = spamward([]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /Not enough non-option arguments/);
  // --help itself still prints the usage.
  const help = spamward(['lint', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Options:/);
});
