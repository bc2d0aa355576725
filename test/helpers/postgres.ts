/**
 * A private PostgreSQL server for the SQL preference tests: a cluster made
 * with initdb in a temporary folder (as the `postgres` user when the tests
 * run as root: the server refuses root), listening on 127.0.0.1 on a free
 * port, trusting local connections. A missing server fails loudly.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serverUser, startDbServer } from './db-server.js';
import { freePort } from './spamd-peers.js';

export interface Postgres {
  port: number;
  /** Runs SQL (several statements allowed) as the cluster's superuser in database `db`. */
  sql(db: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort() : [];
  const found = versions.reverse().map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (found === undefined) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql): the SQL preference tests need a real server');
  return found;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-postgres-'));
  const user = serverUser('postgres', 'postgresql');
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? -1);
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'spamward', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...user, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const sql = async (db: string, text: string): Promise<void> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'spamward', database: db });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'fsync=off'];
  const stop = await startDbServer('PostgreSQL', join(bin, 'postgres'), args, user, dir, () => sql('postgres', 'select 1'), 30_000);
  return { port, sql, stop };
}
