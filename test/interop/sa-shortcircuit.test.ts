/**
 * The Shortcircuit plugin against the installed SpamAssassin. Both programs
 * read only this test's rules (test/helpers/mini-rules.ts), which write out
 * what Debian's 60_shortcircuit.cf and 10_default_prefs.cf would give: the
 * SHORTCIRCUIT rule, the `shortcircuit=` item of X-Spam-Status and the
 * report's rule table; each side then starts in a fraction of the time the
 * stock set takes. Each case loads the plugin with `--pre`, adds its own
 * `shortcircuit` lines and compares, message by message: X-Spam-Status
 * (tests, score, shortcircuit type, autolearn), the
 * `_SC_`/`_SCRULE_`/`_SCTYPE_` tags and the report's lines (as a set:
 * SpamAssassin orders rules of one priority by Perl's hash order). What is
 * pinned:
 *  - `spam`/`ham`: the rule moves to priority -200, SHORTCIRCUIT scores
 *    shortcircuit_spam_score / shortcircuit_ham_score, an explicit priority wins;
 *  - `on`: the rule's own score classifies, SHORTCIRCUIT adds ±0.0001; `off` undoes;
 *  - the stage the hit happens in finishes (the other header rules of that
 *    priority), nothing after it runs (body rules, later priorities);
 *  - a meta shortcircuits at the end of the priority its inputs are in, and
 *    a meta reading a later priority waits for it;
 *  - shortcircuit_min_ham_score / shortcircuit_max_spam_score act on the hit
 *    after the running score crosses them (which of the rules of one priority
 *    comes first is Perl's hash order in SpamAssassin, so the crossing rule
 *    has a priority of its own here);
 *  - a shortcircuited scan does not auto-learn (autolearn=disabled).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';
import { miniRules } from '../helpers/mini-rules.js';

const PLUGIN = 'loadplugin Mail::SpamAssassin::Plugin::Shortcircuit';
const home = mkdtempSync(join(tmpdir(), 'sw-shortcircuit-'));
/** Bayes and AutoLearnThreshold for the auto-learning case. */
const RULES = miniRules(['Bayes', 'AutoLearnThreshold']);
after(() => {
  rmSync(home, { recursive: true, force: true });
  RULES.remove();
});

const BASE_CF = [
  // What the stock 60_shortcircuit.cf and 10_default_prefs.cf give, which the mini rule set lacks: the
  // SHORTCIRCUIT rule, the Status header with its shortcircuit= item, the required score and the report
  // (`-t` prints it after the message) down to its rule table.
  'header SHORTCIRCUIT eval:check_shortcircuit()',
  'describe SHORTCIRCUIT Not all rules were run, due to a shortcircuited rule',
  'tflags SHORTCIRCUIT userconf noautolearn',
  'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ shortcircuit=_SCTYPE_ autolearn=_AUTOLEARN_ version=_VERSION_"',
  'required_score 5',
  'report Content analysis details:   (_SCORE_ points, _REQD_ required)',
  'report',
  'report _SUMMARY_',
  'use_bayes 0',
  'bayes_auto_learn 0',
  'report_safe 0',
  'add_header all SC _SC_',
  'add_header all SCRULE _SCRULE_',
  'header SW_SUBJ Subject =~ /bargain/',
  'score SW_SUBJ 2',
  'header SW_FROM From =~ /seller/',
  'score SW_FROM 0.5',
  'body SW_BODY /limited offer/',
  'score SW_BODY 1.5',
  'header __SW_EARLY Subject =~ /bargain/',
  'priority __SW_EARLY -300',
  'body __SW_LATE /limited offer/',
  'priority __SW_LATE 500',
];

function message(id: string, subject: string, body: string, from = 'Sam Seller <sam@seller.example>'): Buffer {
  return Buffer.from(
    [
      'Received: from out.seller.example (out.seller.example [203.0.113.45]) by mx.example.net with ESMTP id C3; Tue, 6 Jan 2026 09:00:01 +0000',
      `From: ${from}`,
      'To: dave@example.net',
      `Subject: ${subject}`,
      `Message-ID: <${id}@shortcircuit.example>`,
      'Date: Tue, 6 Jan 2026 09:00:00 +0000',
      '',
      body,
      '',
    ].join('\n'),
    'latin1',
  );
}

const OFFER = message('offer', 'a bargain for you', 'A limited offer, today only.');
const PLAIN = message('plain', 'minutes of the meeting', 'The minutes are attached.', 'Pat <pat@example.org>');

interface Case {
  name: string;
  cf: string[];
  msg?: Buffer;
}

const CASES: Case[] = [
  { name: 'spam: SHORTCIRCUIT takes shortcircuit_spam_score, the body rule never runs', cf: ['shortcircuit SW_SUBJ spam'] },
  { name: 'ham with its own score', cf: ['shortcircuit SW_SUBJ ham', 'shortcircuit_ham_score -7.5'] },
  { name: 'spam with an explicit priority: the stage finishes (SW_FROM), the body does not run', cf: ['shortcircuit SW_SUBJ spam', 'priority SW_SUBJ 0'] },
  { name: 'on: the rule score classifies', cf: ['shortcircuit SW_SUBJ on'] },
  { name: 'on for a negative rule', cf: ['score SW_SUBJ -2', 'shortcircuit SW_SUBJ on'] },
  { name: 'off undoes it', cf: ['shortcircuit SW_SUBJ on', 'shortcircuit SW_SUBJ off'] },
  { name: 'a body rule: the header rules ran before it', cf: ['shortcircuit SW_BODY spam'] },
  { name: 'a meta of an early rule', cf: ['meta SW_META_EARLY __SW_EARLY', 'score SW_META_EARLY 1', 'shortcircuit SW_META_EARLY spam'] },
  { name: 'a meta waiting for priority 500', cf: ['meta SW_META_LATE __SW_EARLY && __SW_LATE', 'score SW_META_LATE 1', 'shortcircuit SW_META_LATE on'] },
  // SpamAssassin runs the header rules of one priority in Perl's hash order, which changes from run to
  // run, and a threshold acts on the hit after the crossing: the crossing rule gets a priority of its own.
  { name: 'max spam score: the next hit ends the scan', cf: ['priority SW_SUBJ -50', 'shortcircuit_max_spam_score 1'] },
  { name: 'min ham score', cf: ['priority SW_SUBJ -50', 'score SW_SUBJ -2', 'shortcircuit_min_ham_score -1'] },
  { name: 'nothing listed hits', cf: ['shortcircuit SW_SUBJ spam'], msg: PLAIN },
  {
    name: 'auto-learning is off once shortcircuited',
    cf: ['use_bayes 1', 'bayes_auto_learn 1', `bayes_path ${join(home, 'bayes')}`, 'score SW_SUBJ -2', 'shortcircuit SW_SUBJ on'],
  },
];

interface Outcome {
  status: string;
  tags: string;
  report: string[];
}

function headerOf(text: string, name: string): string {
  const m = new RegExp(`^${name}: ?([\\s\\S]*?)\\n(?=\\S)`, 'm').exec(text);
  return (m?.[1] ?? '').replace(/\s+/g, ' ').trim();
}

/** The report's rule lines, as a sorted list. */
function reportLines(report: string): string[] {
  return report.split('\n').filter((l) => /^\s*-?[\d.]+ [A-Z0-9_]+ /.test(l)).map((l) => l.replace(/\s+/g, ' ').trim()).sort();
}

function outcome(text: string, report: string): Outcome {
  return {
    status: headerOf(text, 'X-Spam-Status').replace(/ version=\S+$/, ''),
    tags: `${headerOf(text, 'X-Spam-SC')} | ${headerOf(text, 'X-Spam-SCRULE')}`,
    report: reportLines(report),
  };
}

function spamAssassin(raw: Buffer, cf: string[]): Promise<Outcome> {
  const args = ['-L', '-t', '-x', ...RULES.spamdArgs, `--pre=${PLUGIN}`, ...cf.map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24, env: { ...process.env, HOME: home } }, (err, stdout, stderr) => {
      const out = stdout.toString('latin1');
      if (err && !out) reject(new Error(`spamassassin failed (apt-get install -y spamassassin): ${err.message}\n${stderr}`));
      else resolve(outcome(out, out.slice(out.indexOf('Content analysis details:'))));
    });
    child.stdin?.end(raw);
  });
}

async function spamward(raw: Buffer, cf: string[]): Promise<Outcome> {
  const engine = await createEngine({
    localTestsOnly: true,
    noUserConfig: true,
    dataDir: join(home, 'sw-data'),
    configPath: RULES.rules,
    siteConfigPath: RULES.site,
    preLines: [PLUGIN],
    cfLines: cf,
  });
  try {
    const v = await engine.scan(raw, { wantReport: true });
    return outcome(v.rewrittenHeaderSection().toString('latin1'), v.report);
  } finally {
    await engine.close();
  }
}

describe('Shortcircuit as the installed SpamAssassin runs it', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const cf = [...BASE_CF, ...c.cf];
      const raw = c.msg ?? OFFER;
      const [sa, ours] = await Promise.all([spamAssassin(raw, cf), spamward(raw, cf)]);
      assert.match(sa.status, /shortcircuit=/, `SpamAssassin's X-Spam-Status has no shortcircuit= item: ${sa.status}`);
      assert.deepEqual(ours, sa);
    });
  }
});
