/** Starts an in-process Spamward spamd on a free loopback port (or a Unix socket) for tests. */
import type { Engine } from '../../src/engine/api-types.js';
import { createLogger } from '../../src/spamd/logger.js';
import type { ListenSpec } from '../../src/spamd/listen-spec.js';
import { SpamdServer, type ServerOptions } from '../../src/spamd/server.js';

export interface TestServer {
  server: SpamdServer;
  port: number;
  close(): Promise<void>;
}

export function testServerOptions(over: Partial<ServerOptions> = {}): ServerOptions {
  return {
    listen: [{ kind: 'tcp', host: '127.0.0.1', port: 0, tls: false }],
    allowedIps: ['127.0.0.1', '::1'],
    maxChildren: 5,
    maxConnections: 100,
    allowTell: true,
    timeoutTcp: 30,
    timeoutChild: 300,
    maxMessageBytes: 10 * 1024 * 1024,
    maxLineBytes: 8192,
    userPrefs: { noUserConfig: true },
    unixSocket: { mode: 0o666 },
    ...over,
  };
}

export async function startTestServer(engine: Engine, over: Partial<ServerOptions> = {}, listen?: ListenSpec[]): Promise<TestServer> {
  const opts = testServerOptions(listen === undefined ? over : { ...over, listen });
  const server = new SpamdServer(engine, opts, createLogger('null'));
  const bound = await server.start();
  return { server, port: bound[0]?.port ?? 0, close: () => server.close(200) };
}
