/**
 * TextCat against the installed SpamAssassin, on self-written messages in
 * several languages and shapes (plain, ISO 8859-1, UTF-8 Cyrillic, HTML,
 * base64, mixed, too short, empty), with the plugin loaded by a `--cf` line
 * in both programs. What is pinned, for several ok_languages settings:
 *  - `_LANGUAGES_` (the languages found, in SpamAssassin's order) and
 *    `_TEXTCATRESULTS_` (every active language's distance);
 *  - check_language (UNWANTED_LANGUAGE_BODY) and check_body_8bits hits, and
 *    the languages check_language notes in the report;
 *  - the X-Languages and X-Languages-Length pseudo-headers header rules read.
 * Both programs read only this test's rules (test/helpers/mini-rules.ts: a
 * rules folder with a placeholder rule, a site folder loading Check alone),
 * the rules below given as --cf lines: the stock rule set plays no part in
 * what is compared, and parsing it took most of the time. (In the system's
 * rules UNWANTED_LANGUAGE_BODY sits in an `ifplugin` block, which a --cf line
 * comes too late for; the last case checks that block in Spamward alone.)
 * One more case sets the options from user_prefs, with TextCat loaded by the
 * site folder. Messages go through `spamassassin --mbox` once per setting
 * (the non-triviality checks reuse the English-only run) and are paired by
 * Message-ID.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import { miniRules, type MiniRules } from '../helpers/mini-rules.js';
import { TEXTCAT_MESSAGES } from './textcat-messages.js';

const LOAD_TEXTCAT = 'loadplugin Mail::SpamAssassin::Plugin::TextCat';

/** Our own rules, so the hits below are only TextCat's. */
const RULES = [
  'body UNWANTED_LANGUAGE_BODY eval:check_language()',
  'body BODY_8BITS eval:check_body_8bits()',
  'header SW_XLANG_DE X-Languages =~ /\\bde\\b/',
  'header SW_XLANG_EMPTY X-Languages =~ /^$/',
  'header SW_XLANG_LONG X-Languages-Length =~ /^\\d{4,}$/',
  'header SW_XLANG_SHORT X-Languages-Length =~ /^\\d{1,2}$/',
];
const RULE_NAMES = RULES.map((r) => r.split(' ')[1] as string);

const BASE_CF = [
  'report_safe 0',
  'use_bayes 0',
  'bayes_auto_learn 0',
  'fold_headers 0',
  LOAD_TEXTCAT,
  ...RULES,
  ...RULE_NAMES.map((r) => `score ${r} 0.001`),
  'add_header all Lang _LANGUAGES_',
  'add_header all Tcr _TEXTCATRESULTS_',
  'add_header all Tests _TESTS_',
  'add_header all Rpt _REPORT_',
];

interface Outcome {
  languages: string;
  ranking: string;
  hits: string[];
  /** The line check_language notes under its report line. */
  detail: string;
}

const mboxCopy = (raw: string): Buffer => Buffer.from(`${raw}\n`, 'latin1');

/**
 * Languages at equal distances come in Perl's hash order, which changes from
 * run to run: the ranking is compared as a set, without the languages at the
 * distance of the last one shown (which of them make the 20 shown is chance).
 */
function comparableRanking(ranking: string): string {
  const entries = ranking.split(' ');
  const distance = (entry: string) => /:([^(]*)\(/.exec(entry)?.[1];
  const last = distance(entries[entries.length - 1] ?? '');
  return entries.filter((e) => entries.length < 20 || distance(e) !== last).sort().join(' ');
}

function outcomeOf(header: (name: string) => string | undefined): Outcome {
  return {
    languages: header('Lang')?.trim() ?? '<missing>',
    ranking: comparableRanking(header('Tcr')?.trim() ?? '<missing>'),
    hits: (header('Tests') ?? '').trim().split(',').filter((t) => RULE_NAMES.includes(t)),
    detail: /\[Languages detected:[^\]]*\]/.exec(header('Rpt') ?? '')?.[0] ?? '',
  };
}

/** The rules and site folders for the --cf cases: TextCat is loaded by a --cf line. */
const MINI = miniRules([]);
/** For the user_prefs case: a site folder whose `.pre` file loads TextCat, so that the prefs can set its options. */
const MINI_TEXTCAT = miniRules(['TextCat']);

/** A user_prefs text and the folders it is read with. */
interface UserSetup {
  prefs: string;
  folders: MiniRules;
}

/** SpamAssassin's outcomes by configuration, so that a check on the same configuration reuses a run. */
const saRuns = new Map<string, Map<string, Outcome>>();

/** Each message's outcome from one `spamassassin --mbox` run (-x, or the user setup's -p), on the small rule set. */
function spamAssassinOutcomes(cf: string[], root: string, user?: UserSetup): Map<string, Outcome> {
  const key = JSON.stringify([cf, user?.prefs ?? null, user?.folders.rules ?? null]);
  const known = saRuns.get(key);
  if (known !== undefined) return known;
  const mbox = join(root, `in-${Math.random().toString(36).slice(2)}.mbox`);
  const envelope = 'From sender@example.org Tue Jan  6 09:00:00 2026';
  writeFileSync(mbox, Object.values(TEXTCAT_MESSAGES).map((m) => `${envelope}\n${m}\n`).join(''), 'latin1');
  const prefs = join(root, `prefs-${Math.random().toString(36).slice(2)}`);
  if (user !== undefined) writeFileSync(prefs, user.prefs);
  const userArgs = user === undefined ? ['-x', ...MINI.spamdArgs] : ['-p', prefs, ...user.folders.spamdArgs];
  const r = spawnSync('spamassassin', ['-L', ...userArgs, '--mbox', ...cf.map((c) => `--cf=${c}`), mbox], { encoding: 'latin1', timeout: 300_000, maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`spamassassin is required for this test (apt-get install -y spamassassin): ${r.error.message}`);
  const out = new Map<string, Outcome>();
  for (const part of r.stdout.split(`${envelope}\n`).slice(1)) {
    const head = part.slice(0, part.indexOf('\n\n'));
    const id = /^Message-ID: <([^@>]+)@textcat\.example>/im.exec(head)?.[1];
    if (id) out.set(id, outcomeOf((name) => new RegExp(`^X-Spam-${name}: ?(.*)$`, 'm').exec(head)?.[1]));
  }
  assert.equal(out.size, Object.keys(TEXTCAT_MESSAGES).length, r.stderr);
  saRuns.set(key, out);
  return out;
}

async function spamwardOutcomes(cf: string[], root: string, user?: UserSetup): Promise<Map<string, Outcome>> {
  const folders = user?.folders ?? MINI;
  const engine = await createEngine({
    localTestsOnly: true, noUserConfig: user === undefined, dataDir: join(root, 'data'), configPath: folders.rules, siteConfigPath: folders.site, cfLines: cf,
  });
  try {
    const out = new Map<string, Outcome>();
    for (const [id, raw] of Object.entries(TEXTCAT_MESSAGES)) {
      const v = engine.scanSync(mboxCopy(raw), user === undefined ? {} : { userPrefsText: user.prefs });
      out.set(id, outcomeOf((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value));
    }
    return out;
  } finally {
    await engine.close();
  }
}

const SETTINGS: Record<string, string[]> = {
  'only English': ['ok_languages en'],
  'German and French': ['ok_languages de fr'],
  'every language': ['ok_languages all'],
  // Dutch is made inactive and then allowed again by ok_languages; German stays out of the guess.
  'inactive languages, two candidates at most': [
    'ok_languages nl ru', 'inactive_languages de nl', 'textcat_acceptable_score 1.05', 'textcat_max_languages 2',
  ],
  'fewer n-grams, singletons dropped': ['ok_languages es', 'textcat_max_ngrams 150', 'textcat_optimal_ngrams 1'],
};

describe('TextCat as SpamAssassin runs it', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-textcat-'));
  after(() => {
    rmSync(root, { recursive: true, force: true });
    MINI.remove();
    MINI_TEXTCAT.remove();
  });

  for (const [name, extra] of Object.entries(SETTINGS)) {
    it(name, { timeout: 300_000 }, async () => {
      const cf = [...BASE_CF, ...extra];
      const sa = spamAssassinOutcomes(cf, root);
      const ours = await spamwardOutcomes(cf, root);
      for (const id of Object.keys(TEXTCAT_MESSAGES)) assert.deepEqual(ours.get(id), sa.get(id), `${name}: ${id}`);
    });
  }

  // The `spamassassin` command reads user_prefs before its --cf lines: TextCat is loaded by a site .pre
  // file instead (MINI_TEXTCAT's, which loads Check and TextCat), and ok_languages is left to the prefs
  // (spamd, like Spamward, applies them after all).
  it('ok_languages and textcat options from user_prefs', { timeout: 300_000 }, async () => {
    const user = { prefs: 'ok_languages de fr es\ntextcat_max_languages 1\n', folders: MINI_TEXTCAT };
    const cf = BASE_CF.filter((line) => line !== LOAD_TEXTCAT);
    const sa = spamAssassinOutcomes(cf, root, user);
    const ours = await spamwardOutcomes(cf, root, user);
    for (const id of Object.keys(TEXTCAT_MESSAGES)) assert.deepEqual(ours.get(id), sa.get(id), `user_prefs: ${id}`);
    assert.ok(!sa.get('german')?.hits.includes('UNWANTED_LANGUAGE_BODY'));
    assert.ok(sa.get('english')?.hits.includes('UNWANTED_LANGUAGE_BODY'));
  });

  it('the cases are not trivial', { timeout: 300_000 }, async () => {
    // The same configuration as 'only English': that run's outcomes, when it ran.
    const sa = spamAssassinOutcomes([...BASE_CF, ...(SETTINGS['only English'] as string[])], root);
    const languages = (id: string) => sa.get(id)?.languages;
    assert.equal(languages('english'), 'en');
    assert.equal(languages('german'), 'de');
    assert.equal(languages('russian-utf8'), 'ru.utf-8', 'other encodings than .utf8 keep their name');
    assert.equal(languages('short'), '', 'too short to classify');
    assert.equal(languages('empty'), '');
    assert.ok(sa.get('german')?.hits.includes('UNWANTED_LANGUAGE_BODY'));
    assert.ok(!sa.get('english')?.hits.includes('UNWANTED_LANGUAGE_BODY'));
    assert.ok(sa.get('short')?.hits.includes('SW_XLANG_SHORT'));
    assert.ok(sa.get('short')?.hits.includes('SW_XLANG_EMPTY'));
    assert.ok(sa.get('german')?.hits.includes('SW_XLANG_DE'));
    assert.equal(sa.get('russian-utf8')?.detail, '[Languages detected: ru]', 'the encoding is dropped when compared');
  });

  // Spamward alone, on the stock rules (the only case that reads them): their ifplugin block is seen.
  it('loaded by a --pre line, the system rules define UNWANTED_LANGUAGE_BODY', { timeout: 120_000 }, async () => {
    const engine = await createEngine({
      localTestsOnly: true, noUserConfig: true, dataDir: join(root, 'pre'), preLines: [LOAD_TEXTCAT], cfLines: ['ok_languages en', 'use_bayes 0'],
    });
    try {
      const hits = (id: string) => engine.scanSync(mboxCopy(TEXTCAT_MESSAGES[id] as string)).testNames;
      assert.ok(hits('german').includes('UNWANTED_LANGUAGE_BODY'));
      assert.ok(!hits('english').includes('UNWANTED_LANGUAGE_BODY'));
    } finally {
      await engine.close();
    }
  });
});
