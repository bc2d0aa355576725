/**
 * Where the Redis store connects, from SpamAssassin's own directives plus
 * Spamward's extras, so a site's existing BayesStore::Redis config works:
 *
 *   bayes_store_module  Mail::SpamAssassin::BayesStore::Redis
 *   bayes_sql_dsn       server=127.0.0.1:6379;password=foo;database=2
 *   bayes_sql_dsn       server=/run/redis/redis.sock;database=2
 *   bayes_sql_dsn       server=[::1]:6379
 *
 * As in SpamAssassin's DSN, options are `name=value` pairs split on `;`,
 * `sock` is an alias of `server`, the value `undef` means unset and unknown
 * options are ignored. What SpamAssassin lacks comes as directives:
 * bayes_redis_username (ACL user), bayes_redis_tls / _tls_ca / _tls_cert /
 * _tls_key / _tls_servername, bayes_redis_prefix, bayes_redis_timeout (ms),
 * bayes_redis_sentinels + bayes_redis_sentinel_name, bayes_redis_cluster,
 * bayes_redis_layout (auto | spamassassin | sharded, see redis-layout.ts).
 */
import type { EngineConfig } from '../config/types.js';
import { StorageError } from '../../util/errors.js';

export interface RedisEndpoint {
  host: string;
  port: number;
}

export interface RedisStoreOptions {
  /** host:port, or a Unix socket path. */
  endpoint: RedisEndpoint | { path: string };
  database: number;
  password?: string;
  username?: string;
  tls?: { ca?: string; cert?: string; key?: string; servername?: string };
  /** Prepended to every key; SpamAssassin's layout has none. */
  prefix: string;
  /** Connect and per-command limit in milliseconds. */
  timeoutMs: number;
  sentinels?: RedisEndpoint[];
  sentinelName?: string;
  cluster?: RedisEndpoint[];
  /** Token and seen-id time to live in seconds (0 = keep for ever), as SpamAssassin's Redis store. */
  tokenTtl: number;
  seenTtl: number;
  /** Token key layout: found in the database (auto), or forced. */
  layout: RedisLayoutSetting;
}

export type RedisLayoutSetting = 'auto' | 'spamassassin' | 'sharded';
const LAYOUTS: readonly RedisLayoutSetting[] = ['auto', 'spamassassin', 'sharded'];

const REDIS_MODULE = /(?:^|::)Redis$/;
const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_TOKEN_TTL = 3 * 7 * 86400;
const DEFAULT_SEEN_TTL = 8 * 86400;

/** True when `bayes_store_module` names SpamAssassin's (or any) Redis store. */
export function usesRedis(conf: EngineConfig): boolean {
  return REDIS_MODULE.test(option(conf, 'bayes_store_module') ?? '');
}

/** Throws StorageError for a DSN it cannot use. */
export function redisOptions(conf: EngineConfig): RedisStoreOptions {
  const dsn = parseDsn(option(conf, 'bayes_sql_dsn') ?? '');
  const server = dsn.get('server') ?? dsn.get('sock') ?? '127.0.0.1:6379';
  const database = Number(dsn.get('database') ?? 0);
  if (!Number.isInteger(database) || database < 0) throw new StorageError(`bayes_sql_dsn: invalid database "${dsn.get('database')}"`);
  const autoExpire = truthy(option(conf, 'bayes_auto_expire') ?? '1');
  const out: RedisStoreOptions = {
    endpoint: server.startsWith('/') ? { path: server } : endpoint(server),
    database,
    prefix: option(conf, 'bayes_redis_prefix') ?? '',
    timeoutMs: positive(option(conf, 'bayes_redis_timeout'), DEFAULT_TIMEOUT_MS),
    tokenTtl: autoExpire ? ttl(option(conf, 'bayes_token_ttl'), DEFAULT_TOKEN_TTL) : 0,
    seenTtl: autoExpire ? ttl(option(conf, 'bayes_seen_ttl'), DEFAULT_SEEN_TTL) : 0,
    layout: layoutSetting(option(conf, 'bayes_redis_layout')),
  };
  const password = dsn.get('password');
  if (password !== undefined) out.password = password;
  const username = option(conf, 'bayes_redis_username');
  if (username) out.username = username;
  if (truthy(option(conf, 'bayes_redis_tls'))) out.tls = tlsFiles(conf);
  const sentinels = option(conf, 'bayes_redis_sentinels');
  if (sentinels) {
    out.sentinels = endpointList(sentinels);
    out.sentinelName = option(conf, 'bayes_redis_sentinel_name') ?? 'mymaster';
  }
  const cluster = option(conf, 'bayes_redis_cluster');
  if (cluster) out.cluster = endpointList(cluster);
  return out;
}

function layoutSetting(v: string | undefined): RedisLayoutSetting {
  const name = (v ?? 'auto').trim().toLowerCase();
  if (!(LAYOUTS as readonly string[]).includes(name)) throw new StorageError(`bayes_redis_layout: "${v}" is not one of ${LAYOUTS.join(', ')}`);
  return name as RedisLayoutSetting;
}

/** `a=b;c=d` as SpamAssassin splits it (first `=` only); `undef` drops the option. */
export function parseDsn(dsn: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of dsn.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new StorageError(`bayes_sql_dsn: invalid option "${part}" (expected name=value)`);
    const value = part.slice(eq + 1);
    if (value !== 'undef') out.set(part.slice(0, eq).trim(), value);
  }
  return out;
}

/** `host:port`, `[v6]:port` (SpamAssassin's TinyRedis syntax), or a bare host on 6379. */
export function endpoint(text: string): RedisEndpoint {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new StorageError(`invalid Redis server "${text}" (expected host:port, [v6]:port or /socket/path)`);
  return { host: (m[1] ?? m[2]) as string, port: m[3] === undefined ? 6379 : Number(m[3]) };
}

/** A human description for logs and errors (never the password). */
export function describeRedis(o: RedisStoreOptions): string {
  const where = o.cluster ? `cluster ${o.cluster.map(hostPort).join(',')}`
    : o.sentinels ? `sentinel ${o.sentinelName} via ${o.sentinels.map(hostPort).join(',')}`
    : 'path' in o.endpoint ? o.endpoint.path : hostPort(o.endpoint);
  return `redis ${where} db ${o.database}${o.prefix ? ` prefix "${o.prefix}"` : ''}`;
}

function hostPort(e: RedisEndpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

function endpointList(text: string): RedisEndpoint[] {
  return text.split(/[\s,]+/).filter(Boolean).map(endpoint);
}

function tlsFiles(conf: EngineConfig): NonNullable<RedisStoreOptions['tls']> {
  const tls: NonNullable<RedisStoreOptions['tls']> = {};
  const set = (k: 'ca' | 'cert' | 'key' | 'servername'): void => {
    const v = option(conf, `bayes_redis_tls_${k}`);
    if (v) tls[k] = v;
  };
  set('ca');
  set('cert');
  set('key');
  set('servername');
  return tls;
}

function option(conf: EngineConfig, name: string): string | undefined {
  return conf.bayesOptions.get(name) ?? conf.other.get(name);
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '0' && v !== '' && v.toLowerCase() !== 'no' && v.toLowerCase() !== 'false';
}

function positive(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? n : dflt;
}

/** A negative ttl means "never expire", as in SpamAssassin. */
function ttl(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
