/**
 * The listening side: binds inet or unix sockets, runs one MilterConnection
 * per MTA connection, drains in-flight messages on close and reloads the
 * engine without refusing connections.
 */
import { chmodSync, chownSync, lstatSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { MessageObserver } from '../src/daemon/message-record.js';
import type { Engine } from '../src/engine/api-types.js';
import { checkRejectReply } from './adapter.js';
import { MilterConnection } from './connection.js';
import type { Logger } from './logger.js';
import type { MilterOptions } from './options.js';
import { dropPrivileges, ownerIds } from './privileges.js';
import { sessionConfigFor } from './session-config.js';
import { skipHooks } from './skips.js';

export interface RunningMilter {
  /** `inet:HOST:PORT` (actual port) or `unix:/path`. */
  readonly address: string;
  readonly port: number | undefined;
  activeConnections(): number;
  /** Re-reads rules (SIGHUP); connections keep being served meanwhile. */
  reload(): Promise<void>;
  /** Stops accepting, lets open messages finish (up to drainTimeoutMs), then closes everything. */
  close(): Promise<void>;
}

/** `observer`, when given, hears about every finished message (and replaces the per-message log line). */
export async function startMilter(engine: Engine, options: MilterOptions, logger: Logger, observer?: MessageObserver): Promise<RunningMilter> {
  checkRejectReply(options);
  const config = sessionConfigFor(options, skipHooks(options));
  const connections = new Set<MilterConnection>();
  const server = createServer((socket: Socket) => {
    const conn = new MilterConnection(socket, { engine, options, logger, ...(observer ? { observer } : {}) }, config);
    connections.add(conn);
    void conn.done.then(() => connections.delete(conn));
  });
  server.on('error', (err) => logger.log('error', `listener error: ${err.message}`));
  await bind(server, options);
  // Before dropping root: init scripts keep pidfiles where only root may write.
  if (options.pidFile !== undefined) writeFileSync(options.pidFile, `${process.pid}\n`);
  if (options.user !== undefined) {
    const ids = dropPrivileges(options.user, options.group);
    logger.log('info', `running as uid ${ids.uid} gid ${ids.gid}`);
  }
  const address = describeAddress(server, options);
  logger.log('info', `listening on ${address}`);
  let closing: Promise<void> | null = null;
  return {
    address,
    port: options.listen.kind === 'inet' ? (server.address() as AddressInfo).port : undefined,
    activeConnections: () => connections.size,
    async reload() {
      logger.log('info', 'reloading configuration and rules');
      try {
        await engine.reload();
        logger.log('info', 'reload done');
      } catch (err) {
        logger.log('error', `reload failed, keeping the previous rules: ${(err as Error).message}`);
      }
    },
    close() {
      closing ??= shutdown(server, connections, options, logger);
      return closing;
    },
  };
}

async function bind(server: Server, options: MilterOptions): Promise<void> {
  const listen = options.listen;
  if (listen.kind === 'unix') removeStaleSocket(listen.path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (listen.kind === 'inet') server.listen(listen.port, listen.host, done);
    else server.listen(listen.path, done);
  });
  if (listen.kind === 'unix') {
    if (options.socketMode !== undefined) chmodSync(listen.path, parseInt(options.socketMode, 8));
    if (options.socketOwner !== undefined) {
      const ids = ownerIds(options.socketOwner);
      chownSync(listen.path, ids.uid, ids.gid);
    }
  }
}

/** A socket file left by a crashed run blocks bind(); anything else at that path is left alone. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Nothing there.
  }
}

function describeAddress(server: Server, options: MilterOptions): string {
  if (options.listen.kind === 'unix') return `unix:${options.listen.path}`;
  const a = server.address() as AddressInfo;
  return `inet:${a.address}:${a.port}`;
}

async function shutdown(server: Server, connections: Set<MilterConnection>, options: MilterOptions, logger: Logger): Promise<void> {
  const busy = [...connections].filter((c) => c.busy).length;
  logger.log('info', `shutting down: ${connections.size} connections, ${busy} with a message in flight`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const c of connections) c.drain();
  const all = Promise.all([...connections].map((c) => c.done));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.drainTimeoutMs);
  });
  const outcome = await Promise.race([all.then(() => 'drained' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.log('warn', `drain timeout after ${options.drainTimeoutMs} ms; closing ${connections.size} connections`);
    for (const c of connections) c.destroy();
  }
  await closed;
  if (options.listen.kind === 'unix') removeStaleSocket(options.listen.path);
  if (options.pidFile !== undefined) removePidFile(options.pidFile, logger);
  logger.log('info', 'stopped');
}

/** After a privilege drop the pidfile's folder may no longer be writable: that is logged, not fatal. */
function removePidFile(path: string, logger: Logger): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.log('warn', `cannot remove the pidfile ${path}: ${(err as Error).message}`);
  }
}
