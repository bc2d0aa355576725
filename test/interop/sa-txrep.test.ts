/**
 * TxRep against the installed SpamAssassin: one sequence of self-written
 * messages (one sender several times with spammy and hammy content, other
 * IPs, IPv6, a second sender on the first one's IP, a message without a
 * relay, a HELO that is an IP literal, mail from a private trusted hop, a
 * rescan of the very same message and a message reusing another's
 * Message-ID) scanned in order by `spamassassin -L` (one process per
 * message, TxRep loaded, use_txrep 1, a private HOME for its
 * tx-reputation file) and by the engine on a fresh store. Every message's
 * TXREP score, total score and TXREP* tags must be SpamAssassin's, and the
 * store must end holding what SpamAssassin's tx-reputation file holds.
 * A second sequence learns a message in the middle (`sa-learn --spam` /
 * engine.learn) and checks what the sender's next messages get.
 * Both programs read only this test's rules (test/helpers/mini-rules.ts):
 * SpamAssassin starts in a fraction of the time without the stock set, and
 * the scores stay the test's own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEngine } from '../../src/engine/engine.js';
import { TXREP_NAMESPACE } from '../../src/engine/reputation/txrep-keys.js';
import { LmdbEnvironment } from '../../src/engine/storage/lmdb-environment.js';
import { LmdbReputationStore } from '../../src/engine/storage/lmdb-reputation-store.js';
import { miniRules } from '../helpers/mini-rules.js';
import { reportEntry } from '../helpers/report-entry.js';
import { SPAMWARD_CLI } from '../helpers/serve-process.js';

const IDS = ['EMAILIP', 'EMAIL', 'DOMAIN', 'IP', 'HELO', 'MSGID'];
const TAGS = ['TXREP', ...IDS.flatMap((id) => [`TXREP${id}`, `TXREP${id}MEAN`, `TXREP${id}COUNT`, `TXREP${id}PRESCORE`, `TXREP${id}UNKNOWN`])];

const PRE = ['loadplugin Mail::SpamAssassin::Plugin::TxRep'];
const CF = [
  'use_txrep 1',
  'use_bayes 0',
  'report_safe 0',
  'trusted_networks 198.51.100.0/24 10.0.0.0/8',
  'internal_networks 198.51.100.0/24 10.0.0.0/8',
  // Rules of this test's own, so messages score clearly spammy or hammy.
  'header SW_TX_BARGAIN Subject =~ /bargain/',
  'score SW_TX_BARGAIN 3.2',
  'body SW_TX_OFFER /limited offer/',
  'score SW_TX_OFFER 2.35',
  'body SW_TX_AGENDA /meeting agenda/',
  'score SW_TX_AGENDA -2.1',
  // What the stock 60_txrep.cf and 10_default_prefs.cf give, which the mini rule set lacks:
  // the TXREP rule, and the Status header.
  'header TXREP eval:check_senders_reputation()',
  'tflags TXREP userconf noautolearn',
  'priority TXREP 1000',
  'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"',
  'add_header all Scores _TESTSSCORES(,)_',
  ...TAGS.map((t, i) => `add_header all T${i} _${t}_`),
];

interface Spec {
  from?: string;
  /** Received lines, newest first. */
  received: string[];
  subject: string;
  body: string;
  msgId: string;
  date?: string;
  to?: string;
}

const MX = 'mx.dest.example (198.51.100.7)';
const hop = (helo: string, ip: string, n: number) => `Received: from ${helo} (${helo.startsWith('[') ? '' : helo} [${ip}]) by ${MX} with ESMTP id Q${n}; Tue, 6 Jan 2026 09:00:0${n % 10} +0000`;
const inner = `Received: from mx.dest.example (mx.dest.example [198.51.100.7]) by box.dest.example with LMTP id L1; Tue, 6 Jan 2026 09:00:10 +0000`;

function render(s: Spec): string {
  const head = [
    ...s.received,
    ...(s.from === undefined ? [] : [`From: ${s.from}`]),
    `To: ${s.to ?? 'dave@dest.example'}`,
    `Subject: ${s.subject}`,
    `Date: ${s.date ?? 'Tue, 6 Jan 2026 09:00:00 +0000'}`,
    `Message-ID: <${s.msgId}@txrep.example>`,
  ];
  return `${head.join('\n')}\n\n${s.body}\n`;
}

const SPAMMY = { subject: 'a bargain for you', body: 'A limited offer, today only.' };
const HAMMY = { subject: 'notes', body: 'Here is the meeting agenda for Tuesday.' };

const ALICE = 'Alice <alice@alpha.example>';
const BOB = 'Bob <bob@beta.example>';
const ERIN = 'Erin <erin@epsilon.example>';
const LATER = 'Tue, 6 Jan 2026 09:00:30 +0000';

const SEQUENCE: Spec[] = [
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 1)], ...SPAMMY, msgId: 'a1' },
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 2)], ...HAMMY, msgId: 'a2' },
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 3)], ...SPAMMY, body: 'Another limited offer!', msgId: 'a3' },
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.6', 4)], ...HAMMY, body: 'The meeting agenda, updated.', msgId: 'a4' },
  { from: ALICE, received: [inner, hop('laptop.alpha.example', '192.0.2.77', 5)], ...HAMMY, body: 'From home: meeting agenda.', msgId: 'a5' },
  { from: BOB, received: [inner, hop('smtp.beta.example', '203.0.113.9', 6)], ...SPAMMY, msgId: 'b1' },
  // The very same message as the third: a rescan.
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 3)], ...SPAMMY, body: 'Another limited offer!', msgId: 'a3' },
  // The second message's Message-ID on another body: SpamAssassin tracks its own id (To, Date, body), so not a rescan.
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 7)], ...SPAMMY, body: 'Yet another limited offer.', msgId: 'a2' },
  // Bob through Alice's relay: the IP identity is shared.
  { from: BOB, received: [inner, hop('mail.alpha.example', '203.0.113.5', 8)], ...HAMMY, msgId: 'b2' },
  { from: ALICE, received: [inner, hop('mail6.alpha.example', '2001:db8:1::5', 9).replace('[2001', '[IPv6:2001')], ...SPAMMY, body: 'Over six: limited offer.', msgId: 'a6' },
  // No relay at all: no IP, the address is filed under ip=none.
  { from: 'carol@gamma.example', received: [], ...SPAMMY, msgId: 'c1' },
  { from: 'carol@gamma.example', received: [], ...HAMMY, msgId: 'c2' },
  // A HELO that is the relay's IP literal is not an identity.
  { from: BOB, received: [inner, hop('[203.0.113.9]', '203.0.113.9', 2)], ...SPAMMY, body: 'Literal limited offer.', msgId: 'b3' },
  // Sent by a local user through a private trusted hop (txrep_welcomelist_out, IP 127.0.0.1).
  { from: 'dave@dest.example', to: 'alice@alpha.example', received: [inner, hop('desk.dest.example', '10.1.2.3', 4)], ...HAMMY, msgId: 'd1' },
  { from: 'alice@alpha.example', to: 'dave@dest.example', received: [inner, hop('mail.alpha.example', '203.0.113.5', 5)], ...HAMMY, body: 'Reply: meeting agenda.', msgId: 'a7' },
  { from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 6)], ...SPAMMY, body: 'Last limited offer.', msgId: 'a8' },
  // A sender with a hammy history, then a spammy message: TXREP pulls it down. (Another Date: with the
  // same To and body a message would count as a rescan of an earlier one, whoever sent it.)
  { from: ERIN, received: [inner, hop('mx.epsilon.example', '192.0.2.40', 1)], ...HAMMY, msgId: 'e1', date: LATER },
  { from: ERIN, received: [inner, hop('mx.epsilon.example', '192.0.2.40', 2)], ...HAMMY, body: 'Minutes and meeting agenda.', msgId: 'e2', date: LATER },
  { from: ERIN, received: [inner, hop('mx.epsilon.example', '192.0.2.41', 3)], ...SPAMMY, msgId: 'e3', date: LATER },
];

interface Seen {
  txrep: string;
  score: string;
  tags: Record<string, string>;
}

function seenIn(header: (name: string) => string | undefined): Seen {
  const scores = (header('Scores') ?? '').replace(/\s+/g, '');
  const txrep = /(?:^|,)TXREP=(-?[\d.]+)/.exec(scores)?.[1] ?? 'none';
  const status = header('Status') ?? '';
  return {
    txrep,
    score: /score=(-?[\d.]+)/.exec(status)?.[1] ?? '?',
    tags: Object.fromEntries(TAGS.map((t, i) => [t, (header(`T${i}`) ?? '<missing>').replace(/\s+/g, ' ').trim()])),
  };
}

function headerOf(text: string): (name: string) => string | undefined {
  const head = text.slice(0, text.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  return (name) => new RegExp(`^X-Spam-${name}: ?(.*)$`, 'm').exec(head)?.[1];
}

function run(cmd: string, args: string[], home: string, input?: string): string {
  const r = spawnSync(cmd, args, { input, encoding: 'latin1', timeout: 120_000, env: { ...process.env, HOME: home } });
  if (r.error) throw new Error(`${cmd} is required for this test (apt-get install -y spamassassin): ${r.error.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** SpamAssassin's tx-reputation file (DB_File), as `key count total` lines, read by Perl itself. */
function saStore(home: string): string[] {
  const dump = 'tie %h, "DB_File", $ARGV[0], O_RDONLY, 0, $DB_HASH or die "$!"; for (sort grep !/\\|totscore$/, keys %h) { print join(" ", $_, $h{$_}, $h{$_ . "|totscore"}), "\\n" }';
  const r = spawnSync('perl', ['-MDB_File', '-e', dump, join(home, '.spamassassin', 'tx-reputation')], { encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The engine's TxRep entries in the same form. */
function ourStore(dataDir: string): string[] {
  const env = LmdbEnvironment.open(dataDir);
  try {
    const lines: string[] = [];
    for (const [k, e] of new LmdbReputationStore(env).entries()) {
      if (k.startsWith(TXREP_NAMESPACE)) lines.push(`${k.slice(TXREP_NAMESPACE.length)} ${e.count} ${e.total}`);
    }
    return lines.sort();
  } finally {
    void env.close();
  }
}

/** The TXREP entry of an unfolded report (test/helpers/report-entry.ts). */
function txrepEntry(report: string | undefined): string {
  if (report === undefined) return '<no report>';
  return reportEntry(report, 'TXREP') ?? '<no TXREP>';
}

/** Bayes for the learn sequence (sa-learn refuses to run without it) and AutoLearnThreshold for txrep_autolearn. */
const RULES = miniRules(['Bayes', 'AutoLearnThreshold']);
const saArgs = (cf: string[]) => ['-L', '-x', ...RULES.spamdArgs, ...PRE.map((p) => `--pre=${p}`), ...cf.map((c) => `--cf=${c}`)];
const engineOptions = (dataDir: string, cfLines: string[]) => ({
  localTestsOnly: true,
  noUserConfig: true,
  dataDir,
  configPath: RULES.rules,
  siteConfigPath: RULES.site,
  preLines: PRE,
  cfLines,
});
/** The same folders and lines for a spamward command. */
const cliArgs = (cf: string[]) => ['-x', `--configpath=${RULES.rules}`, `--siteconfigpath=${RULES.site}`, ...PRE.map((p) => `--pre=${p}`), ...cf.map((c) => `--cf=${c}`)];

/**
 * The learn sequence: Bayes on (sa-learn refuses to run without it) but never
 * usable with so few messages, no auto-learn; a dilution factor that
 * SpamAssassin 4.0.1 reads but never applies.
 */
const LEARN_CF = [...CF.filter((c) => c !== 'use_bayes 0'), 'use_bayes 1', 'bayes_auto_learn 0', 'txrep_dilution_factor 0.7'];
const FRANK = 'Frank <frank@zeta.example>';
const frank = (n: number, kind: typeof SPAMMY, body: string): string =>
  render({ from: FRANK, received: [inner, hop('mail.zeta.example', '203.0.113.80', n)], ...kind, body, msgId: `f${n}`, date: `Tue, 6 Jan 2026 09:00:0${n} +0000` });
const F = [
  frank(1, HAMMY, 'First meeting agenda.'),
  frank(2, HAMMY, 'Second meeting agenda.'),
  frank(3, HAMMY, 'Third meeting agenda.'),
  frank(4, SPAMMY, 'A limited offer from Frank.'),
  frank(5, HAMMY, 'Fifth meeting agenda.'),
  frank(6, SPAMMY, 'Another limited offer from Frank.'),
  frank(7, HAMMY, 'Seventh meeting agenda.'),
];
type Step = ['scan' | 'spam' | 'ham' | 'forget', string];
const LEARN_STEPS: Step[] = [
  ['scan', F[0] as string],
  ['scan', F[1] as string],
  // A scanned message learned as spam (its message id has count 1: learned on top).
  ['spam', F[1] as string],
  ['scan', F[2] as string],
  // A message never scanned, learned as spam, then relearned as ham (the spam learn is taken back first).
  ['spam', F[3] as string],
  ['ham', F[3] as string],
  ['scan', F[4] as string],
  // A rescan of the learned message.
  ['scan', F[1] as string],
  ['forget', F[2] as string],
  ['scan', F[5] as string],
  ['scan', F[6] as string],
];

describe('TxRep as SpamAssassin 4.0.1 computes it', () => {
  const root = mkdtempSync(join(tmpdir(), 'spamward-txrep-'));
  after(() => {
    rmSync(root, { recursive: true, force: true });
    RULES.remove();
  });

  it('a sequence of scans on a fresh store', { timeout: 600_000 }, async () => {
    const home = join(root, 'sa-home');
    mkdirSync(home);
    const raws = SEQUENCE.map(render);
    const sa = raws.map((raw) => seenIn(headerOf(run('spamassassin', saArgs(CF), home, raw))));
    const engine = await createEngine(engineOptions(join(root, 'sw'), CF));
    const ours: Seen[] = [];
    try {
      for (const raw of raws) {
        const v = await engine.scan(Buffer.from(raw));
        const added = (name: string) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value;
        ours.push(seenIn(added));
      }
    } finally {
      await engine.close();
    }
    for (let i = 0; i < raws.length; i++) assert.deepEqual(ours[i], sa[i], `message ${i + 1}`);
    // The stores end alike, entry for entry (keys, counts, totals as Perl prints them).
    assert.deepEqual(ourStore(join(root, 'sw')), saStore(home));
    // The sequence is not trivial: TXREP hits both ways, the rescan and the no-relay sender are there.
    assert.ok(sa.some((s) => Number(s.txrep) > 0) && sa.some((s) => Number(s.txrep) < 0), JSON.stringify(sa.slice(-3)));
  });

  it('other settings: factor, masks, a weight of 0, no message tracking', { timeout: 600_000 }, async () => {
    const cf = [...CF, 'txrep_factor 0.3', 'txrep_ipv4_mask_len 24', 'txrep_ipv6_mask_len 32', 'txrep_weight_email 0', 'txrep_weight_helo 2', 'txrep_track_messages 0'];
    const home = join(root, 'sa-settings-home');
    mkdirSync(home);
    const raws = SEQUENCE.slice(0, 10).map(render);
    const sa = raws.map((raw) => seenIn(headerOf(run('spamassassin', saArgs(cf), home, raw))));
    const dataDir = join(root, 'sw-settings');
    const engine = await createEngine(engineOptions(dataDir, cf));
    try {
      for (let i = 0; i < raws.length; i++) {
        const v = await engine.scan(Buffer.from(raws[i] as string));
        assert.deepEqual(seenIn((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value), sa[i], `message ${i + 1}`);
      }
    } finally {
      await engine.close();
    }
    assert.deepEqual(ourStore(dataDir), saStore(home));
    assert.ok(saStore(home).some((l) => l.startsWith('alice@alpha.example|ip=203.0.113 ')), 'the /24 block');
  });

  it('txrep_report_details 1 and 2: each identity listed under TXREP in the report', { timeout: 600_000 }, async () => {
    for (const [level, count] of [[1, 6], [2, 10]] as const) {
      const cf = [...CF, `txrep_report_details ${level}`, 'add_header all Rpt _REPORT_'];
      const home = join(root, `sa-details-${level}-home`);
      mkdirSync(home);
      // Up to the IPv6 sender (message 10); the rescan (7) lists nothing, as in SpamAssassin.
      const raws = SEQUENCE.slice(0, count).map(render);
      const sa = raws.map((raw) => txrepEntry(headerOf(run('spamassassin', saArgs(cf), home, raw))('Rpt')));
      const engine = await createEngine(engineOptions(join(root, `sw-details-${level}`), cf));
      try {
        for (let i = 0; i < raws.length; i++) {
          const v = await engine.scan(Buffer.from(raws[i] as string));
          const ours = txrepEntry(v.addedHeaders.find((h) => h.name === 'X-Spam-Rpt')?.value.replace(/\n[ \t]+/g, ' '));
          assert.equal(ours, sa[i], `level ${level}, message ${i + 1}`);
        }
      } finally {
        await engine.close();
      }
      // The lines are there: the sender's address bound to its block, and at 2 the mean and count
      // (the report wraps a line at a space after its 30th to 48th character, each piece bracketed).
      const listed = level === 1 ? /\[EMAILIP: alice@alpha\.example\|203\.0\]/ : /\[EMAILIP: alice@alpha\.example\|203\.0, rep: -?\d+\.\d\d,\] \[count: \d+\]/;
      assert.ok(sa.some((r) => listed.test(r)), sa.join('\n'));
    }
  });

  it('--add-addr-to-welcomelist / blocklist / remove: TxRep lists the identity at ±100 scaled by its weights', { timeout: 600_000 }, async () => {
    const home = join(root, 'sa-list-home');
    mkdirSync(home);
    const dataDir = join(root, 'sw-list');
    const raws = SEQUENCE.slice(0, 3).map(render);
    const next = render({ from: ALICE, received: [inner, hop('mail.alpha.example', '203.0.113.5', 9)], ...SPAMMY, body: 'After the listing: limited offer.', msgId: 'a9' });
    const scanBoth = async (raw: string) => {
      const sa = seenIn(headerOf(run('spamassassin', saArgs(CF), home, raw)));
      const engine = await createEngine(engineOptions(dataDir, CF));
      try {
        const v = await engine.scan(Buffer.from(raw));
        return { sa, ours: seenIn((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value) };
      } finally {
        await engine.close();
      }
    };
    const list = (saFlag: string, ourFlag: string, arg: string) => {
      run('spamassassin', [...saArgs(CF), `--${saFlag}=${arg}`], home);
      const r = spawnSync(process.execPath, [SPAMWARD_CLI, 'welcomelist', `--${ourFlag}`, arg, '--data-dir', dataDir, ...cliArgs(CF)], { encoding: 'latin1', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
    };
    for (const raw of raws) {
      const { sa, ours } = await scanBoth(raw);
      assert.deepEqual(ours, sa);
    }
    // Alice's per-IP history goes and her address alone is worth -100 x 19.5/3; a domain is listed at +100 x 19.5/2.
    list('add-addr-to-welcomelist', 'add', 'alice@alpha.example');
    list('add-addr-to-blocklist', 'block', 'beta.example');
    assert.deepEqual(ourStore(dataDir), saStore(home));
    assert.ok(saStore(home).includes('alice@alpha.example|ip=none 1 -650'), saStore(home).join('\n'));
    const after = await scanBoth(next);
    assert.deepEqual(after.ours, after.sa);
    // Removing takes every entry of the address.
    list('remove-addr-from-welcomelist', 'remove', 'alice@alpha.example');
    assert.deepEqual(ourStore(dataDir), saStore(home));
    assert.ok(!saStore(home).some((l) => l.startsWith('alice@alpha.example|')), saStore(home).join('\n'));
  });

  it('learning in the middle: sa-learn against spamward learn and engine.learn', { timeout: 600_000 }, async () => {
    const home = join(root, 'sa-learn-home');
    mkdirSync(home);
    const sa: Seen[] = [];
    for (const [what, raw] of LEARN_STEPS) {
      if (what === 'scan') sa.push(seenIn(headerOf(run('spamassassin', saArgs(LEARN_CF), home, raw))));
      else run('sa-learn', [`--${what}`, ...RULES.spamdArgs, ...[...PRE, ...LEARN_CF].map((c) => `--cf=${c}`)], home, raw);
    }
    for (const learner of ['cli', 'engine'] as const) {
      const dataDir = join(root, `sw-learn-${learner}`);
      const open = () => createEngine(engineOptions(dataDir, LEARN_CF));
      let engine = await open();
      const ours: Seen[] = [];
      try {
        for (const [what, raw] of LEARN_STEPS) {
          if (what === 'scan') {
            const v = await engine.scan(Buffer.from(raw));
            ours.push(seenIn((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value));
          } else if (learner === 'engine') {
            await engine.learn(Buffer.from(raw), what);
          } else {
            // The command owns the store while it learns, as sa-learn does.
            await engine.close();
            const args = [SPAMWARD_CLI, 'learn', `--${what}`, '--data-dir', dataDir, ...cliArgs(LEARN_CF)];
            const r = spawnSync(process.execPath, args, { input: raw, encoding: 'latin1', timeout: 60_000 });
            assert.equal(r.status, 0, r.stderr);
            engine = await open();
          }
        }
      } finally {
        await engine.close();
      }
      for (let i = 0; i < sa.length; i++) assert.deepEqual(ours[i], sa[i], `${learner}: scan ${i + 1}`);
      assert.deepEqual(ourStore(dataDir), saStore(home), `${learner}: the stores`);
    }
    // The learns moved the sender's reputation: the scan after the spam learn gets TXREP.
    assert.notEqual(sa[2]?.txrep, 'none', JSON.stringify(sa.map((s) => s.txrep)));
  });

  it('txrep_autolearn: a scan that auto-learns learns the sender too', { timeout: 600_000 }, async () => {
    const cf = [...LEARN_CF.filter((c) => c !== 'bayes_auto_learn 0'), 'bayes_auto_learn 1', 'txrep_autolearn 1', 'add_header all Learn _AUTOLEARN_'];
    const raws = [frank(1, HAMMY, 'Grace: first meeting agenda.'), frank(2, HAMMY, 'Grace: second meeting agenda.'), frank(3, SPAMMY, 'Grace: a limited offer.')];
    const home = join(root, 'sa-autolearn-home');
    mkdirSync(home);
    const learned = (h: (name: string) => string | undefined) => ({ ...seenIn(h), autolearn: h('Learn') ?? '' });
    const sa = raws.map((raw) => learned(headerOf(run('spamassassin', saArgs(cf), home, raw))));
    const engine = await createEngine(engineOptions(join(root, 'sw-autolearn'), cf));
    try {
      for (let i = 0; i < raws.length; i++) {
        const v = await engine.scan(Buffer.from(raws[i] as string));
        assert.deepEqual(learned((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value), sa[i], `scan ${i + 1}`);
      }
    } finally {
      await engine.close();
    }
    assert.deepEqual(ourStore(join(root, 'sw-autolearn')), saStore(home));
    // The first message was auto-learned as ham, and its -20 shows on the sender's next message.
    assert.match(sa[0]?.autolearn ?? '', /^ham\b/);
    assert.ok(Number(sa[1]?.txrep) < 0, sa[1]?.txrep);
  });
});
