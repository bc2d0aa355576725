/** The SPAMC/SPAMD side of `spamward serve`: spamd's server on the shared scanner. */
import type { MessageObserver } from '../../daemon/message-record.js';
import type { Engine } from '../../engine/api-types.js';
import { DEFAULT_PORT } from '../../protocol/spamd/constants.js';
import { parseListenSpec, type ListenSpec } from '../../spamd/listen-spec.js';
import type { DaemonLogger } from '../../spamd/logger.js';
import { SpamdServer, type BoundAddress } from '../../spamd/server.js';

export interface SpamdListenerSettings {
  listen: string;
  allowedIps: string[];
  allowTell: boolean;
  maxConnections: number;
  /** Seconds for one request, scan included. */
  timeoutSeconds: number;
  maxMessageBytes: number;
  noUserConfig: boolean;
  virtualConfigDir: string | undefined;
  /** `--sql-config`: the User header's SQL preferences too, as spamd -q (the milter reads its recipient's). */
  sqlConfig: boolean;
  socketMode: string | undefined;
}

/** `HOST:PORT`, `[v6]:PORT`, `/unix/path` (or `unix:/path`), as spamd's -i reads them. */
export function spamdListenSpecs(text: string): ListenSpec[] {
  return parseListenSpec(text.replace(/^unix:/, ''), DEFAULT_PORT, false);
}

export async function startSpamdListener(
  engine: Engine,
  s: SpamdListenerSettings,
  log: DaemonLogger,
  observer: MessageObserver,
): Promise<{ server: SpamdServer; addresses: BoundAddress[] }> {
  const server = new SpamdServer(
    engine,
    {
      listen: spamdListenSpecs(s.listen),
      allowedIps: s.allowedIps,
      // The scanner queues scans itself; this only bounds requests in flight.
      maxChildren: s.maxConnections,
      maxConnections: s.maxConnections,
      allowTell: s.allowTell,
      timeoutTcp: 30,
      timeoutChild: s.timeoutSeconds,
      maxMessageBytes: s.maxMessageBytes,
      maxLineBytes: 8192,
      userPrefs: { noUserConfig: s.noUserConfig, sqlConfig: s.sqlConfig, ...(s.virtualConfigDir !== undefined ? { virtualConfigDir: s.virtualConfigDir } : {}) },
      unixSocket: { mode: s.socketMode !== undefined ? parseInt(s.socketMode, 8) : 0o666 },
      observer,
    },
    log,
  );
  const addresses = await server.start();
  return { server, addresses };
}
