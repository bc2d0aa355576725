/**
 * Per-user preferences from SQL (spamd -q, user_scores_dsn) with a private
 * PostgreSQL server and a private MariaDB one, Debian's spamd (through
 * DBD::Pg and DBD::mysql) beside Spamward's:
 * the same scores and thresholds for a user with rows of their own, for one
 * with none (the `@GLOBAL` rows), for a request without a User header
 * (`nobody`), with a custom query, and the same answer when the database is
 * gone (`69 Service Unavailable: Error fetching user preferences via SQL`;
 * spamc -c then says 0/0). And -x, which turns off only the files in home
 * folders: --virtual-config-dir preferences still apply.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { miniRules } from '../helpers/mini-rules.js';
import { type MariaDb, startMariaDb } from '../helpers/mariadb.js';
import { type Postgres, startPostgres } from '../helpers/postgres.js';
import { type Daemon, freePort, startSpamdProcess } from '../helpers/spamd-peers.js';
import { OUR_SPAMD, requireProgram, run } from '../helpers/spamd-tools.js';
import { spamcRequest } from '../bench/lib/real-spamd.js';

for (const [module, pkg] of [['DBD::Pg', 'libdbd-pg-perl'], ['DBD::mysql', 'libdbd-mysql-perl']]) {
  if (spawnSync('perl', [`-M${module}`, '-e', '1']).status !== 0) throw new Error(`Perl's ${module} is missing, so Debian's spamd cannot read SQL preferences from it: apt-get install -y ${pkg}`);
}
const debianSpamd = requireProgram('spamd', 'spamd');
const spamc = requireProgram('spamc', 'spamc');

const RULES = 'required_score 5\nbody SW_SQL_WORD /\\bminutes\\b/\nscore SW_SQL_WORD 4\n';
const MESSAGE = 'From: a@sender.example\nTo: b@local.test\nSubject: minutes\nMessage-ID: <sql-prefs@sender.example>\n\nThe minutes are attached.\n';

/**
 * A port nothing listens on, for a database that cannot be asked. Not a free port picked at random: in
 * the full suite another test's daemon may bind that one meanwhile, and the SQL client then talks to it.
 */
const CLOSED_PORT = 1;

const rules = miniRules([], RULES);
const dir = mkdtempSync(join(tmpdir(), 'spamward-sql-prefs-'));
/** A server with the preference table filled, and how both spamds reach it. */
interface PrefsServer {
  /** The DSN line for the server on `port` (its own port unless another is given, e.g. a closed one). */
  dsn(port?: number): string;
  username: string;
  stop(): Promise<void>;
}

const ROWS = `insert into userpref (username, preference, value) values
  ('@GLOBAL', 'score', 'SW_SQL_WORD 1'),
  ('alice@local.test', 'score', 'SW_SQL_WORD 7'),
  ('bob', 'required_score', '3'),
  ('bob', 'score', 'SW_SQL_WORD 3.5'),
  ('nobody', 'required_score', '0.5'),
  ('%local.test', 'required_score', '2')`;

const TABLE = (id: string) => `create table userpref (username varchar(100) not null, preference varchar(50) not null, value varchar(100) not null, prefid ${id} primary key)`;

async function postgresServer(): Promise<PrefsServer> {
  const db: Postgres = await startPostgres();
  await db.sql('postgres', 'create database prefs');
  await db.sql('prefs', `${TABLE('serial')}; ${ROWS}`);
  return { dsn: (port = db.port) => `user_scores_dsn DBI:Pg:dbname=prefs;host=127.0.0.1;port=${port}`, username: 'spamward', stop: () => db.stop() };
}

async function mariaDbServer(): Promise<PrefsServer> {
  const db: MariaDb = await startMariaDb();
  await db.sql('', 'create database prefs');
  await db.sql('prefs', `${TABLE('int auto_increment')}; ${ROWS}`);
  // The colon form SpamAssassin's documentation shows for MySQL.
  return { dsn: (port = db.port) => `user_scores_dsn DBI:mysql:prefs:127.0.0.1:${port}`, username: 'root', stop: () => db.stop() };
}

after(() => {
  rules.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Both daemons with these .cf lines and -x plus `prefs` (-q by default); each user's spamc -c answer, then one without a User header. */
async function answers(cf: string[], users: string[], prefs: string[] = ['-q']): Promise<{ ours: string[]; theirs: string[] }> {
  const out: Record<'ours' | 'theirs', string[]> = { ours: [], theirs: [] };
  const daemons: [keyof typeof out, Daemon][] = [];
  try {
    for (const who of ['ours', 'theirs'] as const) {
      const port = await freePort();
      const common = ['-L', ...prefs, '-x', '-i', '127.0.0.1', '-p', String(port), ...rules.spamdArgs, '-s', 'stderr', ...cf.map((l) => `--cf=${l}`)];
      const daemon = who === 'ours'
        ? await startSpamdProcess(process.execPath, [OUR_SPAMD, 'spamd', ...common, '--data-dir', join(dir, `data-${port}`)], port, 120_000)
        : await startSpamdProcess(debianSpamd, [...common, '-u', 'nobody', '-r', join(dir, `${port}.pid`)], port, 60_000);
      daemons.push([who, daemon]);
      for (const user of users) {
        const r = await run(spamc, ['-d', '127.0.0.1', '-p', String(port), '-c', '-u', user], MESSAGE);
        out[who].push(`${user}: ${r.stdout.toString().trim()} exit ${r.code}`);
      }
      // Without a User header (spamc always sends one: its own user's name): spamd asks for nobody's rows.
      const raw = await spamcRequest(port, 'CHECK', Buffer.from(MESSAGE));
      out[who].push(`no User header: ${raw.status}${raw.headers.has('spam') ? ` Spam: ${raw.headers.get('spam')}` : ''}`);
    }
  } finally {
    for (const [, d] of daemons) await d.stop();
  }
  return out;
}

for (const [name, start] of [['PostgreSQL', postgresServer], ['MariaDB', mariaDbServer]] as const) {
  describe(`spamd -q: per-user preferences from ${name}, as Debian spamd reads them`, () => {
    let server: PrefsServer;
    before(async () => {
      server = await start();
    });
    after(async () => {
      await server?.stop();
    });

    it('the default query: the user\'s rows over @GLOBAL\'s; nobody without a User header', { timeout: 180_000 }, async () => {
      const { ours, theirs } = await answers([server.dsn(), `user_scores_sql_username ${server.username}`], ['alice@local.test', 'bob', 'carol']);
      assert.deepEqual(ours, theirs);
      // Not vacuous: the rows changed the answers (@GLOBAL's 1.0/5.0, alice 7.0, bob 3.5/3.0, nobody 1.0/0.5).
      assert.deepEqual(theirs, ['alice@local.test: 7.0/5.0 exit 1', 'bob: 3.5/3.0 exit 1', 'carol: 1.0/5.0 exit 0', 'no User header: SPAMD/1.1 0 EX_OK Spam: True ; 1.0 / 0.5']);
    });

    it('a custom query with _USERNAME_, _DOMAIN_ and _TABLE_', { timeout: 180_000 }, async () => {
      const query = "user_scores_sql_custom_query SELECT preference, value FROM _TABLE_ WHERE username = _USERNAME_ OR username = '@GLOBAL' OR username = CONCAT('%', _DOMAIN_) ORDER BY username ASC";
      const { ours, theirs } = await answers([server.dsn(), `user_scores_sql_username ${server.username}`, query], ['carol@local.test', 'alice@local.test', 'dave']);
      assert.deepEqual(ours, theirs);
      assert.match(theirs[0] ?? '', /1\.0\/2\.0/, 'the domain row applied');
    });

    it('a database that cannot be asked: 69 Service Unavailable', { timeout: 180_000 }, async () => {
      const { ours, theirs } = await answers([server.dsn(CLOSED_PORT)], ['alice@local.test']);
      assert.deepEqual(ours, theirs);
      assert.equal(theirs[1], 'no User header: SPAMD/1.0 69 Service Unavailable: Error fetching user preferences via SQL');
    });
  });
}

describe('spamd -x with --virtual-config-dir, as Debian spamd reads it', () => {
  it('-x leaves --virtual-config-dir preferences on', { timeout: 180_000 }, async () => {
    const virtual = join(dir, 'virtual');
    mkdirSync(join(virtual, 'erin'), { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(virtual, 'erin', 'user_prefs'), 'required_score 2\n', { mode: 0o644 });
    const { ours, theirs } = await answers([], ['erin', 'frank'], [`--virtual-config-dir=${virtual}/%u`]);
    assert.deepEqual(ours, theirs);
    assert.equal(theirs[0], 'erin: 4.0/2.0 exit 1');
  });
});
