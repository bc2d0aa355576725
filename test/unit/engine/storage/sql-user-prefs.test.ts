/**
 * The SQL preference reader without a server: DBI data sources for
 * DBD::Pg, the default and custom queries as Conf::SQL builds them
 * (spamd-sql-prefs.test.ts runs them against PostgreSQL beside Debian's
 * spamd).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataSource, prefsQuery } from '../../../../src/engine/storage/sql-user-prefs.js';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

test('DBI data sources: Pg key=value pairs; mysql and MariaDB pairs or the colon form; other drivers refused', () => {
  assert.deepEqual(dataSource('DBI:Pg:dbname=prefs;host=127.0.0.1;port=5433'), { driver: 'pg', database: 'prefs', host: '127.0.0.1', port: 5433 });
  assert.deepEqual(dataSource('dbi:Pg:database=p;host=/run/postgresql'), { driver: 'pg', database: 'p', host: '/run/postgresql' });
  assert.deepEqual(dataSource('DBI:mysql:spamassassin:localhost:3306'), { driver: 'mysql', database: 'spamassassin', host: 'localhost', port: 3306 });
  assert.deepEqual(dataSource('DBI:mysql:spamassassin'), { driver: 'mysql', database: 'spamassassin' });
  assert.deepEqual(dataSource('DBI:MariaDB:database=sa;mysql_socket=/run/mysqld/mysqld.sock'), { driver: 'mysql', database: 'sa', socket: '/run/mysqld/mysqld.sock' });
  assert.throws(() => dataSource('DBI:SQLite:dbname=/var/lib/prefs.db'), /only DBI:Pg, DBI:mysql and DBI:MariaDB/);
});

test('the default query: the user\'s and @GLOBAL\'s rows by user name; a custom one filled in, quoted', () => {
  assert.equal(prefsQuery({ dsn: '' }, "o'brien", quote), "select preference, value  from userpref where username = 'o''brien' or username = '@GLOBAL' order by username asc");
  const custom = { dsn: '', customQuery: 'SELECT preference, value FROM _TABLE_ WHERE username IN (_USERNAME_, _MAILBOX_, _DOMAIN_)' };
  assert.equal(prefsQuery(custom, 'al@x.test', quote), "SELECT preference, value FROM userpref WHERE username IN ('al@x.test', 'al', 'x.test')");
  assert.equal(prefsQuery(custom, 'al', quote), "SELECT preference, value FROM userpref WHERE username IN ('al', 'al', NULL)");
});
