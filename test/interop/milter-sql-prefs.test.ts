/**
 * The milter with per-recipient preferences from SQL (`--sql-config`, a
 * private PostgreSQL server), beside Debian's spamd -q reading the same
 * rows: the score and threshold the milter writes in X-Spam-Status for a
 * message are the ones Debian's spamd gives the user spamass-milter -u (-e)
 * would hand spamc: the only recipient's address (or local part with
 * --sql-user local), `nobody` for several recipients. A database that cannot
 * be asked makes the scan fail, and the milter answers with its failure
 * policy (tempfail by default), as it does for any failed scan. In
 * `spamward serve` the one flag serves both front ends: the milter's
 * recipient and the SPAMC User header.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeMta, type TestMessage } from '../helpers/fake-mta.js';
import { startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { miniRules } from '../helpers/mini-rules.js';
import { type Postgres, startPostgres } from '../helpers/postgres.js';
import { freePorts, SPAMWARD_CLI, startServe } from '../helpers/serve-process.js';
import { freePort, startSpamdProcess } from '../helpers/spamd-peers.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';
import type { MilterReply } from '../../src/protocol/milter/replies.js';

if (spawnSync('perl', ['-MDBD::Pg', '-e', '1']).status !== 0) throw new Error("Perl's DBD::Pg is missing, so Debian's spamd cannot read SQL preferences: apt-get install -y libdbd-pg-perl");
const debianSpamd = requireProgram('spamd', 'spamd');
const spamc = requireProgram('spamc', 'spamc');

// The Status header Debian's stock 10_default_prefs.cf adds; these private rules carry their own.
const RULES = 'required_score 5\nadd_header all Status _YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_\nbody SW_SQL_WORD /\\bminutes\\b/\nscore SW_SQL_WORD 4\n';
const BODY = 'The minutes are attached.\r\n';
const ROWS = `insert into userpref (username, preference, value) values
  ('@GLOBAL', 'score', 'SW_SQL_WORD 1'),
  ('alice@local.test', 'score', 'SW_SQL_WORD 7'),
  ('bob', 'required_score', '3'),
  ('bob', 'score', 'SW_SQL_WORD 3.5'),
  ('nobody', 'required_score', '0.5')`;

/**
 * A port nothing listens on, for a database that cannot be asked. Not a free port picked at random: in
 * the full suite another test's daemon may bind that one meanwhile, and the SQL client then talks to it.
 */
const CLOSED_PORT = 1;

const rules = miniRules([], RULES);
const dir = mkdtempSync(join(tmpdir(), 'spamward-milter-sql-'));
let db: Postgres;

before(async () => {
  db = await startPostgres();
  await db.sql('postgres', 'create database prefs');
  await db.sql('prefs', `create table userpref (username varchar(100) not null, preference varchar(50) not null, value varchar(100) not null, prefid serial primary key); ${ROWS}`);
});

after(async () => {
  await db?.stop();
  rules.remove();
  rmSync(dir, { recursive: true, force: true });
});

const sqlLines = (port = db.port) => [`user_scores_dsn DBI:Pg:dbname=prefs;host=127.0.0.1;port=${port}`, 'user_scores_sql_username spamward'];

/** Debian spamd -q's `spamc -c` answer (score/threshold) for each user. */
async function debianAnswers(users: string[]): Promise<string[]> {
  const port = await freePort();
  const cf = sqlLines().map((l) => `--cf=${l}`);
  const spamd = await startSpamdProcess(debianSpamd, ['-L', '-q', '-x', '-i', '127.0.0.1', '-p', String(port), ...rules.spamdArgs, '-s', 'stderr', ...cf, '-u', 'nobody', '-r', join(dir, `${port}.pid`)], port, 60_000);
  try {
    const message = `From: a@sender.example\nTo: b@local.test\nSubject: minutes\n\n${BODY}`;
    const out: string[] = [];
    for (const user of users) out.push((await run(spamc, ['-d', '127.0.0.1', '-p', String(port), '-c', '-u', user], message)).stdout.toString().trim());
    return out;
  } finally {
    await spamd.stop();
  }
}

function message(recipients: string[]): TestMessage {
  return {
    recipients,
    headers: [['From', ' a@sender.example'], ['To', ' b@local.test'], ['Subject', ' minutes']],
    body: BODY,
  };
}

/** The milter's answer for one message: its X-Spam-Status score/threshold, or the final reply (a reply code with its text). */
async function milterAnswer(port: number, recipients: string[]): Promise<string> {
  const mta = await FakeMta.open({ port });
  try {
    await mta.negotiate();
    await mta.hello({});
    const { eom, final } = await mta.message(message(recipients));
    const status = eom.flatMap((r: MilterReply) => (r.kind === 'addheader' && r.name === 'X-Spam-Status' ? [r.value] : []))[0];
    const m = status === undefined ? null : /score=(-?[\d.]+) required=([\d.]+)/.exec(status);
    if (m) return `${m[1]}/${m[2]}`;
    return final?.kind === 'replycode' ? `replycode ${final.text}` : `${final?.kind}`;
  } finally {
    mta.socket.destroy();
  }
}

async function withMilter<T>(extra: string[], cf: string[], fn: (m: MilterProcess) => Promise<T>): Promise<T> {
  const milter = await startMilterProcess(['-L', '--max-children', '1', ...rules.spamdArgs, ...cf.map((l) => `--cf=${l}`), ...extra]);
  try {
    return await fn(milter);
  } finally {
    await milter.stop();
  }
}

describe('milter --sql-config: per-recipient preferences from PostgreSQL, as Debian spamd -q gives them', () => {
  it('the only recipient\'s rows, nobody\'s for several recipients, the local part with --sql-user local', { timeout: 240_000 }, async () => {
    const theirs = await debianAnswers(['alice@local.test', 'nobody', 'bob']);
    // Not vacuous: each user's rows changed the answer (@GLOBAL alone gives 1.0/5.0).
    assert.deepEqual(theirs, ['7.0/5.0', '1.0/0.5', '3.5/3.0']);
    const ours = await withMilter(['--sql-config'], sqlLines(), async (m) => [
      await milterAnswer(m.port, ['<Alice@Local.Test>']),
      await milterAnswer(m.port, ['<alice@local.test>', '<bob@local.test>']),
    ]);
    const local = await withMilter(['--sql-config', '--sql-user', 'local'], sqlLines(), (m) => milterAnswer(m.port, ['<bob@local.test>']));
    assert.deepEqual([...ours, local], theirs);
  });

  it('spamward serve --sql-config: the milter\'s recipient and spamc\'s User header alike', { timeout: 240_000 }, async () => {
    const [milter, spamd] = (await freePorts(2)) as [number, number];
    const serve = await startServe(process.execPath, [
      SPAMWARD_CLI, 'serve', '-L', '-x', '--sql-config', '--max-children', '1', ...rules.spamdArgs, ...sqlLines().map((l) => `--cf=${l}`),
      '--data-dir', join(dir, 'serve-data'), '--milter-listen', `inet:127.0.0.1:${milter}`, '--spamd-listen', `127.0.0.1:${spamd}`, '--metrics-listen', 'off',
    ]);
    try {
      const viaMilter = await milterAnswer(milter, ['<alice@local.test>']);
      const viaSpamc = (await run(spamc, ['-d', '127.0.0.1', '-p', String(spamd), '-c', '-u', 'bob'], `Subject: minutes\n\n${BODY}`)).stdout.toString().trim();
      assert.deepEqual([viaMilter, viaSpamc], ['7.0/5.0', '3.5/3.0']);
    } finally {
      await serve.stop();
    }
  });

  it('without --sql-config the rows are not read', { timeout: 180_000 }, async () => {
    assert.equal(await withMilter([], sqlLines(), (m) => milterAnswer(m.port, ['<alice@local.test>'])), '4.0/5.0');
  });

  it('a database that cannot be asked: the scan fails and the MTA is told to try later', { timeout: 180_000 }, async () => {
    const answer = await withMilter(['--sql-config'], sqlLines(CLOSED_PORT), async (m) => {
      const kind = await milterAnswer(m.port, ['<alice@local.test>']);
      assert.match(m.log(), /user preferences|SQL/i, 'the failure is logged');
      return kind;
    });
    assert.match(answer, /^replycode 451 4\.\d\.\d /);
  });
});
