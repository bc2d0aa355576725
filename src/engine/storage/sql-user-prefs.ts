/**
 * Per-user preferences from SQL (SpamAssassin's Conf::SQL, spamd `-q`):
 * `user_scores_dsn DBI:Pg:dbname=NAME;host=HOST;port=PORT` (a host starting
 * with `/` is the folder of the server's Unix socket) or
 * `DBI:mysql:DATABASE:HOST:PORT`, with
 * `user_scores_sql_username` / `_password`, and either the default query (the
 * user's rows and `@GLOBAL`'s from the `userpref` table, ordered by user
 * name) or `user_scores_sql_custom_query` with `_USERNAME_`, `_MAILBOX_`,
 * `_DOMAIN_` (quoted) and `_TABLE_` filled in. Each row gives a
 * `preference<TAB>value` line, parsed like a user_prefs file. One connection
 * per request, as SpamAssassin makes. PostgreSQL (npm pg) and MySQL/MariaDB
 * (npm mysql2) are the drivers here; another DBI driver in the DSN is an
 * error, as a failed connection is.
 */
import type { EngineConfig } from '../config/types.js';

export interface SqlPrefsSettings {
  dsn: string;
  username?: string;
  password?: string;
  customQuery?: string;
}

/** The configuration's SQL settings; undefined without a DSN. */
export function sqlPrefsSettings(conf: EngineConfig): SqlPrefsSettings | undefined {
  const dsn = conf.other.get('user_scores_dsn');
  if (dsn === undefined || dsn === '') return undefined;
  const settings: SqlPrefsSettings = { dsn };
  const username = conf.other.get('user_scores_sql_username');
  const password = conf.other.get('user_scores_sql_password');
  const customQuery = conf.other.get('user_scores_sql_custom_query');
  if (username !== undefined) settings.username = username;
  if (password !== undefined) settings.password = password;
  if (customQuery !== undefined) settings.customQuery = customQuery;
  return settings;
}

export interface DataSource {
  driver: 'pg' | 'mysql';
  database?: string;
  host?: string;
  port?: number;
  /** A MySQL server's Unix socket (DBD::mysql's mysql_socket). */
  socket?: string;
}

/**
 * A DBI data source: `DBI:Pg:key=value;…` (dbname, host, port), or
 * `DBI:mysql:…` / `DBI:MariaDB:…` as `key=value;…` (database, host, port,
 * mysql_socket) or the colon form `DATABASE[:HOST[:PORT]]`. Throws for
 * another driver.
 */
export function dataSource(dsn: string): DataSource {
  const m = /^dbi:(Pg|mysql|MariaDB):(.*)$/i.exec(dsn);
  if (m === null) throw new Error(`unsupported user_scores_dsn ${dsn.split(':').slice(0, 2).join(':')}: only DBI:Pg, DBI:mysql and DBI:MariaDB are read`);
  const source: DataSource = { driver: (m[1] as string).toLowerCase() === 'pg' ? 'pg' : 'mysql' };
  const rest = m[2] as string;
  if (source.driver === 'mysql' && !rest.includes('=')) {
    const [database, host, port] = rest.split(':');
    if (database) source.database = database;
    if (host) source.host = host;
    if (port) source.port = Number(port);
    return source;
  }
  for (const part of rest.split(';')) {
    const [key = '', value = ''] = part.split(/=(.*)/s).map((t) => t.trim());
    switch (key.toLowerCase()) {
      case 'dbname': case 'db': case 'database': source.database = value; break;
      case 'host': case 'hostname': source.host = value; break;
      case 'port': source.port = Number(value); break;
      case 'mysql_socket': case 'mariadb_socket': source.socket = value; break;
      default: break;
    }
  }
  return source;
}

/** SQL text for the user: the custom query filled in, or the default one. */
export function prefsQuery(settings: SqlPrefsSettings, user: string, quote: (s: string) => string): string {
  if (settings.customQuery === undefined) {
    return `select preference, value  from userpref where username = ${quote(user)} or username = '@GLOBAL' order by username asc`;
  }
  const at = user.indexOf('@');
  const [mailbox, domain] = at < 0 ? [user, undefined] : [user.slice(0, at), user.slice(at + 1).split('@')[0]];
  return settings.customQuery
    .replaceAll('_USERNAME_', quote(user))
    .replaceAll('_TABLE_', 'userpref')
    .replaceAll('_MAILBOX_', quote(mailbox))
    .replaceAll('_DOMAIN_', domain === undefined ? 'NULL' : quote(domain));
}

/** The user's preferences as user_prefs text (empty when the query found none); rejects when the database cannot be asked. */
export async function loadSqlPrefs(settings: SqlPrefsSettings, user: string): Promise<string> {
  const source = dataSource(settings.dsn);
  const rows = source.driver === 'pg' ? await pgRows(settings, source, user) : await mysqlRows(settings, source, user);
  return rows.map((row) => `${cell(row[0])}\t${cell(row[1])}\n`).join('');
}

/*
 * The drivers are loaded on first use: most sites keep preferences in files,
 * and every scanning thread would load them.
 */

async function pgRows(settings: SqlPrefsSettings, source: DataSource, user: string): Promise<unknown[][]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    ...(source.database !== undefined ? { database: source.database } : {}),
    ...(source.host !== undefined ? { host: source.host } : {}),
    ...(source.port !== undefined ? { port: source.port } : {}),
    ...(settings.username !== undefined ? { user: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A connection that fails after connect() must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query({ text: prefsQuery(settings, user, (s) => client.escapeLiteral(s)), rowMode: 'array' });
    return result.rows as unknown[][];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function mysqlRows(settings: SqlPrefsSettings, source: DataSource, user: string): Promise<unknown[][]> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    ...(source.database !== undefined ? { database: source.database } : {}),
    ...(source.socket !== undefined ? { socketPath: source.socket } : { host: source.host ?? 'localhost', ...(source.port !== undefined ? { port: source.port } : {}) }),
    ...(settings.username !== undefined ? { user: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  connection.on('error', () => undefined);
  try {
    const [rows] = await connection.query({ sql: prefsQuery(settings, user, (s) => connection.escape(s)), rowsAsArray: true });
    return rows as unknown[][];
  } finally {
    await connection.end().catch(() => undefined);
  }
}

const CONNECT_TIMEOUT_MS = 10_000;

function cell(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return value === null || value === undefined ? '' : String(value);
}
