/**
 * Per-user preferences from SQL (SpamAssassin's Conf::SQL, spamd `-q`):
 * `user_scores_dsn DBI:Pg:dbname=NAME;host=HOST;port=PORT` (a host starting
 * with `/` is the folder of the server's Unix socket), with
 * `user_scores_sql_username` / `_password`, and either the default query (the
 * user's rows and `@GLOBAL`'s from the `userpref` table, ordered by user
 * name) or `user_scores_sql_custom_query` with `_USERNAME_`, `_MAILBOX_`,
 * `_DOMAIN_` (quoted) and `_TABLE_` filled in. Each row gives a
 * `preference<TAB>value` line, parsed like a user_prefs file. One connection
 * per request, as SpamAssassin makes. PostgreSQL is the driver here; another
 * DBI driver in the DSN is an error, as a failed connection is.
 */
import type pg from 'pg';
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

/** A DBI data source for DBD::Pg as pg's connection settings; throws for anything else. */
export function pgConnection(dsn: string): pg.ClientConfig {
  const m = /^dbi:Pg:(.*)$/i.exec(dsn);
  if (m === null) throw new Error(`unsupported user_scores_dsn ${dsn.replace(/:.*$/s, '')}:${dsn.split(':')[1] ?? ''}: only DBI:Pg is read`);
  const config: pg.ClientConfig = {};
  for (const part of (m[1] as string).split(';')) {
    const [key = '', value = ''] = part.split(/=(.*)/s).map((s) => s.trim());
    if (key === '') continue;
    switch (key.toLowerCase()) {
      case 'dbname': case 'db': case 'database': config.database = value; break;
      case 'host': config.host = value; break;
      case 'port': config.port = Number(value); break;
      default: break;
    }
  }
  return config;
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
  // Loaded on first use: most sites keep preferences in files, and every scanning thread would load the driver.
  const { default: driver } = await import('pg');
  const client = new driver.Client({
    ...pgConnection(settings.dsn),
    ...(settings.username !== undefined ? { user: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    connectionTimeoutMillis: 10_000,
  });
  // A connection that fails after connect() must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query({ text: prefsQuery(settings, user, (s) => client.escapeLiteral(s)), rowMode: 'array' });
    return result.rows.map((row: unknown[]) => `${cell(row[0])}\t${cell(row[1])}\n`).join('');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function cell(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
