/**
 * Template tags against the installed SpamAssassin, one add_header line per
 * tag, on self-written messages. What is pinned:
 *  - tags SpamAssassin declares on every message (AWL, PYZOR, DKIMDOMAIN, the
 *    Bayes counts…) read as nothing when no plugin filled them, and so do
 *    LANGUAGES and RBL; a tag nobody declares stays as written;
 *  - SENDERDOMAIN, AUTHORDOMAIN and the RELAYS*REVIP lists are only set when
 *    the message has what they name (and are left as written otherwise);
 *  - AUTOLEARNSCORE is computed with auto-learning off too;
 *  - the Bayes tags at each stage SpamAssassin's scan can stop at: too little
 *    learned (nothing set), no token of the message known ("Bayes not run."),
 *    and a scored message (the token counts).
 * Messages go through `spamassassin --mbox` once and are paired by Message-ID.
 * Both programs (and sa-learn) load the system's plugins (its .pre files)
 * but read only this test's rules (test/helpers/mini-rules.ts): the tags do
 * not depend on the stock rule set, whose parsing took most of the time.
 * Bayes scans only for a check_bayes rule, so the rules folder holds two
 * (and a stopword list, as the stock set has one).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import { miniRules } from '../helpers/mini-rules.js';

const TAGS = [
  'SENDERDOMAIN', 'AUTHORDOMAIN', 'LANGUAGES', 'RBL',
  'RELAYSTRUSTEDREVIP', 'RELAYSUNTRUSTEDREVIP', 'RELAYSINTERNALREVIP', 'RELAYSEXTERNALREVIP',
  'FIRSTTRUSTEDREVIP', 'LASTEXTERNALREVIP', 'AWL', 'PYZOR', 'DCCB', 'ASN', 'DKIMDOMAIN', 'EXTRACTTEXTCHARS',
  'BAYESTC', 'BAYESTCLEARNED', 'BAYESTCHAMMY', 'BAYESTCSPAMMY', 'TOKENSUMMARY', 'HAMMYTOKENS(0)',
  'AUTOLEARNSCORE', 'NOSUCHTAG', 'FNSFNAMEADDR',
];

const BASE_CF = [
  'report_safe 0',
  'bayes_auto_learn 0',
  'trusted_networks 198.51.100.0/24',
  'internal_networks 198.51.100.0/24',
  // Rules of this test's own, so AUTOLEARNSCORE has header and body points to add.
  'header SW_TAG_SUBJECT Subject =~ /bargain/',
  'score SW_TAG_SUBJECT 1.25',
  'body SW_TAG_BODY /limited offer/',
  'score SW_TAG_BODY 2.5',
  ...TAGS.map((t, i) => `add_header all T${i} _${t}_`),
];

/**
 * The rules folder (the site folder stays the system's, for its plugins; the folder's own site folder goes
 * unused). What the stock set gives that matters here, in short: Bayes rules, since the Bayes scan runs only
 * when a check_bayes rule asks for it, and an English stopword list (the stock 60_bayes_stopwords.cf has
 * one; without any, the Bayes plugin falls back to a built-in list), here one of our own.
 */
const RULES = miniRules([], [
  "body SW_BAYES_LOW eval:check_bayes('0.00', '0.50')",
  "body SW_BAYES_HIGH eval:check_bayes('0.50', '1.00')",
  'tflags SW_BAYES_LOW nice learn',
  'tflags SW_BAYES_HIGH learn',
  'bayes_stopword_en (?:here|today|you)',
  '',
].join('\n'));
const CONFIG = `--configpath=${RULES.rules}`;

function message(id: string, headers: string[], body: string): string {
  return [...headers, `Message-ID: <${id}@tags.example>`, 'Date: Tue, 6 Jan 2026 09:00:00 +0000', '', body, ''].join('\n');
}

const RELAYED = message('relayed', [
  'Return-Path: <Bounce@Mail.Sender.EXAMPLE>',
  'Received: from mx.example.net (mx.example.net [198.51.100.7]) by inner.example.net with ESMTP id A1; Tue, 6 Jan 2026 09:00:03 +0000',
  'Received: from out.sender.example (out.sender.example [203.0.113.45]) by mx.example.net (198.51.100.7) with ESMTP id B2; Tue, 6 Jan 2026 09:00:02 +0000',
  'Received: from laptop (laptop [10.1.2.3]) by out.sender.example with ESMTP id C3; Tue, 6 Jan 2026 09:00:01 +0000',
  'From: Ann <ann@Sender.Example>, Bob <bob@other.example>',
  'To: dave@example.net',
  'Subject: a bargain for you',
], 'A limited offer, today only.');

const BARE = message('bare', ['From: nobody', 'To: dave@example.net', 'Subject: hello'], 'Nothing to see.');

const IPV6 = message('ipv6', [
  'Received: from out6.sender.example (out6.sender.example [IPv6:2001:db8::25]) by mx.example.net with ESMTP id D4; Tue, 6 Jan 2026 09:00:02 +0000',
  'From: Cy <cy@sender6.example>',
  'To: dave@example.net',
  'Subject: over six',
], 'Sent over IPv6.');

const SPAM_WORDS = ['cheap', 'pills', 'winner', 'prize', 'casino', 'jackpot', 'lottery', 'offshore'];
const HAM_WORDS = ['meeting', 'patch', 'review', 'kernel', 'agenda', 'minutes', 'branch', 'deploy'];

function training(kind: 'spam' | 'ham', i: number): string {
  const words = (kind === 'spam' ? SPAM_WORDS : HAM_WORDS).filter((_, j) => (i + j) % 3 !== 0);
  return message(`${kind}-${i}`, [`From: ${kind}${i}@${kind}.example`, 'To: dave@example.net', `Subject: ${kind} ${i}`], `${words.join(' ')} here.`);
}

const SCORED = message('scored', ['From: someone@spam.example', 'To: dave@example.net', 'Subject: spam 9'], 'cheap pills winner meeting today.');
const UNKNOWN = 'Subject: zqxj\n\nzqxjwv\n';

/** A message as SpamAssassin's --mbox reader hands it on: with the blank line that separates it from the next. */
const mboxCopy = (raw: string): Buffer => Buffer.from(`${raw}\n`);

/** Each message's X-Spam-T<n> values by tag, from SpamAssassin's --mbox output. */
function spamAssassinTags(messages: string[], cf: string[], root: string): Map<string, Record<string, string>> {
  const mbox = join(root, `in-${Math.random().toString(36).slice(2)}.mbox`);
  writeFileSync(mbox, messages.map((m) => `From sender@example.org Tue Jan  6 09:00:00 2026\n${m}\n`).join(''));
  const r = spawnSync('spamassassin', ['-L', '-x', CONFIG, '--mbox', ...cf.map((c) => `--cf=${c}`), mbox], { encoding: 'latin1', timeout: 180_000, maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`spamassassin is required for this test (apt-get install -y spamassassin): ${r.error.message}`);
  const out = new Map<string, Record<string, string>>();
  for (const part of r.stdout.split(/^From /m)) {
    const head = part.slice(0, part.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
    const id = /^Message-ID: <([^@>]+)@tags\.example>/im.exec(head)?.[1] ?? (/^Subject: zqxj/m.test(head) ? 'unknown' : undefined);
    if (id) out.set(id, tagValues((name) => new RegExp(`^X-Spam-${name}: ?(.*)$`, 'm').exec(head)?.[1]));
  }
  assert.equal(out.size, messages.length, r.stderr);
  return out;
}

function tagValues(header: (name: string) => string | undefined): Record<string, string> {
  return Object.fromEntries(TAGS.map((t, i) => [t, (header(`T${i}`) ?? '<missing>').trim()]));
}

describe('template tags as SpamAssassin expands them', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-tags-'));
  after(() => {
    rmSync(root, { recursive: true, force: true });
    RULES.remove();
  });

  it('declared, conditional and computed tags, without Bayes', { timeout: 240_000 }, async () => {
    const cf = [...BASE_CF, 'use_bayes 0'];
    const sa = spamAssassinTags([RELAYED, BARE, IPV6], cf, root);
    const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: join(root, 'nobayes'), configPath: RULES.rules, cfLines: cf });
    try {
      for (const [id, raw] of [['relayed', RELAYED], ['bare', BARE], ['ipv6', IPV6]] as const) {
        const v = engine.scanSync(mboxCopy(raw));
        const ours = tagValues((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value.replace(/\n[ \t]+/g, ' '));
        assert.deepEqual(ours, sa.get(id), id);
      }
      // The cases are not trivial: both kinds of answer occur.
      const relayed = sa.get('relayed') ?? {};
      assert.equal(relayed.SENDERDOMAIN, 'mail.sender.example');
      assert.equal(relayed.RELAYSUNTRUSTEDREVIP, '45.113.0.203');
      assert.ok(Number(relayed.AUTOLEARNSCORE) >= 3.75, relayed.AUTOLEARNSCORE);
      assert.equal(sa.get('bare')?.SENDERDOMAIN, '_SENDERDOMAIN_');
      assert.equal(relayed.AWL, '');
      assert.equal(relayed.NOSUCHTAG, '_NOSUCHTAG_');
    } finally {
      await engine.close();
    }
  });

  it('the Bayes tags at each stage of the Bayes scan', { timeout: 240_000 }, async () => {
    const cf = [...BASE_CF, 'use_bayes 1', 'bayes_min_spam_num 1', 'bayes_min_ham_num 1'];
    const trainDir = join(root, 'train');
    for (const kind of ['spam', 'ham'] as const) {
      mkdirSync(join(trainDir, kind), { recursive: true });
      for (let i = 0; i < 4; i++) writeFileSync(join(trainDir, kind, `${i}.eml`), training(kind, i));
    }
    const saFull = join(root, 'sa-full', 'bayes');
    const saHamOnly = join(root, 'sa-ham', 'bayes');
    const saLearn = (path: string, kind: string) => {
      const r = spawnSync('sa-learn', [CONFIG, '--dbpath', path, `--${kind}`, join(trainDir, kind)], { encoding: 'latin1', timeout: 120_000 });
      if (r.error) throw new Error(`sa-learn is required for this test: ${r.error.message}`);
      assert.equal(r.status, 0, r.stderr);
    };
    saLearn(saFull, 'spam');
    saLearn(saFull, 'ham');
    saLearn(saHamOnly, 'ham');
    const saScored = spamAssassinTags([SCORED, UNKNOWN], [...cf, `bayes_path ${saFull}`], root);
    const saTooLittle = spamAssassinTags([SCORED], [...cf, `bayes_path ${saHamOnly}`], root);

    const ourTags = async (dataDir: string, kinds: ('spam' | 'ham')[], raws: string[]) => {
      const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, dataDir, configPath: RULES.rules, cfLines: cf });
      try {
        for (const kind of kinds) for (let i = 0; i < 4; i++) await engine.learn(Buffer.from(training(kind, i)), kind);
        return raws.map((raw) => {
          const v = engine.scanSync(mboxCopy(raw));
          return tagValues((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value.replace(/\n[ \t]+/g, ' '));
        });
      } finally {
        await engine.close();
      }
    };
    const [scored, unknown] = await ourTags(join(root, 'sw-full'), ['spam', 'ham'], [SCORED, UNKNOWN]);
    const [tooLittle] = await ourTags(join(root, 'sw-ham'), ['ham'], [SCORED]);
    assert.deepEqual(scored, saScored.get('scored'));
    assert.deepEqual(unknown, saScored.get('unknown'));
    assert.deepEqual(tooLittle, saTooLittle.get('scored'));
    assert.match(saScored.get('scored')?.TOKENSUMMARY ?? '', /^Tokens: new, \d+; hammy, \d+; neutral, \d+; spammy, [1-9]\d*\.$/);
    assert.equal(saScored.get('unknown')?.TOKENSUMMARY, 'Bayes not run.');
    assert.equal(saTooLittle.get('scored')?.TOKENSUMMARY, '');
  });
});
