/**
 * Taking markup off again, against the installed SpamAssassin: messages
 * marked by SpamAssassin itself (report_safe 0, 1 and 2, Subject/From/To
 * rewrites, a Subject the rewrite created, CRLF) and by Spamward go through
 * SpamAssassin's remove_spamassassin_markup (what `spamassassin -d` prints and
 * sa-learn learns) and through Spamward's; the results must be byte for byte
 * the same, and `spamward learn` of a marked message must store what
 * learning its original stores.
 * Both programs read only this test's rules (test/helpers/mini-rules.ts):
 * GTUBE to make the messages spam, and the header and report lines the stock
 * 10_default_prefs.cf would give, written here; the markup does not depend on
 * the stock rule set, whose parsing took most of the time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';
import { GTUBE_RULES, miniRules } from '../helpers/mini-rules.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/render/', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const NO_SUBJECT_SPAM = 'From: a@example.org\nTo: b@example.net\nMessage-ID: <no-subject@example.org>\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n';

/**
 * The rules: GTUBE, and what the stock 10_default_prefs.cf gives that the markup shows, the Flag, Level
 * and Status headers and a report (our wording, the usual tags) for report_safe to wrap the original in.
 * Checker-Version, which the markup is recognised by, is built into both programs
 * (sa-built-in-defaults.test.ts). Bayes is loaded for `spamward learn`.
 */
const RULES = miniRules(['Bayes'], [
  GTUBE_RULES.trimEnd(),
  'add_header spam Flag _YESNOCAPS_',
  'add_header all Level _STARS(*)_',
  'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"',
  'clear_report_template',
  'report This message was_YESNO(, not)_ found to be spam by the filter on "_HOSTNAME_";',
  'report the message as it came in is attached below.',
  'report',
  'report Preview:  _PREVIEW_',
  'report',
  'report Rules that hit (_SCORE_ points, _REQD_ required):',
  'report _SUMMARY_',
  'clear_unsafe_report_template',
  'unsafe_report The attached message is not plain text only: open it with care.',
  '',
].join('\n'));
const FOLDERS = { configPath: RULES.rules, siteConfigPath: RULES.site };

interface Case {
  name: string;
  message: Buffer;
  cf: string[];
}

const CASES: Case[] = [
  { name: 'report_safe 1 with a Subject rewrite', message: readFileSync(join(FIXTURES, 'spam-plain-gtube.eml')), cf: ['report_safe 1', 'rewrite_header Subject [SPAM]'] },
  { name: 'report_safe 2 (text/plain original) with From and To rewrites', message: readFileSync(join(FIXTURES, 'spam-html-gtube.eml')), cf: ['report_safe 2', 'rewrite_header From spam', 'rewrite_header To spam'] },
  { name: 'report_safe 0 with a Subject rewrite', message: readFileSync(join(FIXTURES, 'spam-html-gtube.eml')), cf: ['report_safe 0', 'rewrite_header Subject *SPAM* _SCORE_'] },
  { name: 'report_safe 0 and a Subject the rewrite created', message: Buffer.from(NO_SUBJECT_SPAM), cf: ['report_safe 0', 'rewrite_header Subject [SPAM]'] },
  { name: 'a CRLF ham with its X-Spam headers', message: readFileSync(join(FIXTURES, 'crlf-ham.eml')), cf: ['report_safe 0'] },
];

/**
 * One Perl process: each input is marked with its configuration (check + rewrite_mail),
 * and every given marked message has its markup removed. Files in, files out; the rules
 * and site folders are the small ones.
 */
const PERL = `
use Mail::SpamAssassin;
my ($dir, $n, $rules, $site) = @ARGV;
for my $i (0 .. $n - 1) {
  open my $c, '<', "$dir/$i.cf" or die; my $cf = do { local $/; <$c> };
  my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
    rules_filename => $rules, site_rules_filename => $site, post_config_text => $cf });
  $sa->init(1);
  for my $step (['in', 'marked-by-sa'], ['marked-by-sa', 'sa-removed-sa'], ['marked-by-sw', 'sa-removed-sw']) {
    my ($from, $to) = @$step;
    open my $fh, '<', "$dir/$i.$from" or die; binmode $fh;
    my $m = $sa->parse($fh);
    my $out;
    if ($from eq 'in') { my $s = $sa->check($m); $out = $s->rewrite_mail(); $s->finish; }
    else { $out = $sa->remove_spamassassin_markup($m); }
    open my $o, '>', "$dir/$i.$to" or die; binmode $o; print $o $out; close $o;
    $m->finish;
  }
}
`;

describe('markup removed as SpamAssassin removes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamward-demarkup-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    RULES.remove();
  });

  it('gives the same message back for SpamAssassin\'s markup and for Spamward\'s', { timeout: 240_000 }, async () => {
    for (const [i, c] of CASES.entries()) {
      const cf = ['use_bayes 0', 'bayes_auto_learn 0', ...c.cf];
      writeFileSync(join(dir, `${i}.cf`), `${cf.join('\n')}\n`);
      writeFileSync(join(dir, `${i}.in`), c.message);
      const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: join(dir, 'data'), ...FOLDERS, cfLines: cf });
      try {
        writeFileSync(join(dir, `${i}.marked-by-sw`), (await engine.scan(c.message)).rewrittenMessage());
      } finally {
        await engine.close();
      }
    }
    const perl = spawnSync('perl', ['-e', PERL, dir, String(CASES.length), RULES.rules, RULES.site], { encoding: 'latin1', timeout: 180_000 });
    if (perl.error) throw new Error(`perl with SpamAssassin is required for this test (apt-get install -y spamassassin): ${perl.error.message}`);
    assert.equal(perl.status, 0, perl.stderr);
    for (const [i, c] of CASES.entries()) {
      const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: join(dir, 'data'), ...FOLDERS, cfLines: ['use_bayes 0', ...c.cf] });
      try {
        for (const by of ['sa', 'sw']) {
          const marked = readFileSync(join(dir, `${i}.marked-by-${by}`));
          assert.ok(/^X-Spam-Checker-Version:/m.test(marked.toString('latin1')), `${c.name}: marked by ${by}`);
          const theirs = readFileSync(join(dir, `${i}.sa-removed-${by}`)).toString('latin1');
          assert.equal(engine.removeMarkup(marked).toString('latin1'), theirs, `${c.name}, marked by ${by}`);
        }
      } finally {
        await engine.close();
      }
    }
    // Not trivial: SpamAssassin gives the report_safe and rewritten originals back as they were.
    assert.equal(readFileSync(join(dir, '0.sa-removed-sa')).toString('latin1'), CASES[0]!.message.toString('latin1'));
    assert.equal(readFileSync(join(dir, '2.sa-removed-sa')).toString('latin1'), CASES[2]!.message.toString('latin1'));
  });

  it('spamward learn stores a marked message as its original, as sa-learn does', { timeout: 120_000 }, async () => {
    const original = readFileSync(join(FIXTURES, 'spam-plain-gtube.eml'));
    const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: join(dir, 'mark'), ...FOLDERS, cfLines: ['use_bayes 0', 'report_safe 1', 'rewrite_header Subject [SPAM]'] });
    let marked: Buffer;
    try {
      marked = (await engine.scan(original)).rewrittenMessage();
    } finally {
      await engine.close();
    }
    const backups = ['original', 'marked'].map((name) => {
      writeFileSync(join(dir, `${name}.eml`), name === 'original' ? original : marked);
      const db = join(dir, `db-${name}`);
      const learn = spawnSync(process.execPath, [CLI, 'learn', ...RULES.spamdArgs, '--dbpath', db, '--spam', join(dir, `${name}.eml`)], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(learn.status, 0, learn.stderr);
      const backup = spawnSync(process.execPath, [CLI, 'learn', ...RULES.spamdArgs, '--dbpath', db, '--backup'], { encoding: 'latin1', timeout: 60_000 });
      assert.equal(backup.status, 0, backup.stderr);
      return backup.stdout;
    });
    assert.ok(backups[0]!.split('\n').filter((l) => l.startsWith('t\t')).length > 10, 'the original has tokens');
    assert.equal(backups[1], backups[0]);
  });
});
