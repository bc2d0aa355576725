/**
 * A private PostgreSQL server for the SQL preference tests: a cluster made
 * with initdb in a temporary folder (as the `postgres` user when the tests
 * run as root: the server refuses root), listening on 127.0.0.1 on a free
 * port, trusting local connections. A missing server fails loudly.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './spamd-peers.js';
import { stopChild } from './wait-ready.js';

export interface Postgres {
  port: number;
  /** Runs SQL as the cluster's superuser in database `db`. */
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

/** Spawn options that run a program as `postgres` when we are root. */
function asServerUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('no postgres user to run the test server as (apt-get install -y postgresql)');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'spamward-postgres-'));
  const user = asServerUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? -1);
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'spamward', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...user, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const child: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'fsync=off'], { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const sql = async (db: string, text: string): Promise<void> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'spamward', database: db });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await sql('postgres', 'select 1');
      break;
    } catch (err) {
      if (child.exitCode !== null || Date.now() > until) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port,
    sql,
    stop: async () => {
      await stopChild(child, exited, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
