/**
 * A private MariaDB server for the SQL preference tests: a data folder made
 * with mariadb-install-db in a temporary folder, the server run as `mysql`
 * when the tests run as root, on 127.0.0.1 on a free port, without grant
 * tables (any user may connect, as a test needs). A missing server fails
 * loudly.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { serverUser, startDbServer } from './db-server.js';
import { freePort } from './spamd-peers.js';

export interface MariaDb {
  port: number;
  /** Runs SQL (several statements allowed) in database `db` ('' for none). */
  sql(db: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startMariaDb(): Promise<MariaDb> {
  if (!existsSync('/usr/sbin/mariadbd')) throw new Error('MariaDB is not installed (apt-get install -y mariadb-server): the SQL preference tests need a real server');
  const dir = mkdtempSync(join(tmpdir(), 'spamward-mariadb-'));
  const user = serverUser('mysql', 'mariadb-server');
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? -1);
  const data = join(dir, 'data');
  const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { ...user, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  const port = await freePort();
  const sql = async (db: string, text: string): Promise<void> => {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', multipleStatements: true, ...(db !== '' ? { database: db } : {}) });
    try {
      await connection.query(text);
    } finally {
      await connection.end();
    }
  };
  const args = ['--no-defaults', `--datadir=${data}`, `--socket=${join(dir, 'sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-grant-tables', '--skip-log-bin', `--pid-file=${join(dir, 'pid')}`];
  const stop = await startDbServer('MariaDB', '/usr/sbin/mariadbd', args, user, dir, () => sql('', 'select 1'), 60_000);
  return { port, sql, stop };
}
