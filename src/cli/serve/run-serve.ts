/**
 * `spamward serve`: the milter and the spamd listener in one process on ONE
 * scanner (rules loaded once), plus the metrics endpoint. Runs in the
 * foreground: SIGHUP reloads the rules, SIGTERM/SIGINT drain and stop.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { milterOptionsFrom, type MilterFlagValues } from '../../../milter/flags.js';
import { dropPrivileges } from '../../../milter/privileges.js';
import { startMilter, type RunningMilter } from '../../../milter/server.js';
import { bayesCountReader } from '../../daemon/bayes-counts.js';
import type { MessageRecord } from '../../daemon/message-record.js';
import { DaemonMetrics } from '../../daemon/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../daemon/metrics-server.js';
import { openLog, type StructuredLog } from '../../daemon/structured-log.js';
import { SPAMWARD_VERSION } from '../../engine/version.js';
import type { SpamdServer } from '../../spamd/server.js';
import { daemonEngineOptions, type EngineFlagValues } from '../engine-flags.js';
import { ScanPool } from '../../pool/scan-pool.js';
import { defaultMaxChildren, openScanner, type Scanner } from '../scanner.js';
import { fairScanner } from './fair-scanner.js';
import { milterLogger, spamdLogger } from './log-adapters.js';
import { privilegedPortProblem, parseHostPort } from './addresses.js';
import { selfCheck } from './self-check.js';
import type { ServeFlagValues } from './settings.js';
import { startSpamdListener } from './spamd-listener.js';

type ServeArgs = ServeFlagValues & MilterFlagValues & EngineFlagValues;

interface Running {
  scanner: Scanner;
  milter?: RunningMilter;
  spamd?: SpamdServer;
  metrics?: MetricsServer;
}

/** Returns the process exit code once the daemon has stopped (or failed to start). */
export async function runServe(a: ServeArgs): Promise<number> {
  const on = (v: string) => v.trim().toLowerCase() !== 'off' && v.trim() !== '';
  const problem = privilegedPortProblem(a, on);
  if (problem !== undefined) {
    process.stderr.write(`spamward: ${problem}\n`);
    return 1;
  }
  // Milter options are checked before the engine loads so a typo fails fast.
  const milterOptions = on(a['milter-listen']) ? { ...milterOptionsFrom({ ...a, listen: a['milter-listen'], 'max-children': a['max-children'] > 0 ? a['max-children'] : defaultMaxChildren() }), user: undefined, group: undefined } : undefined;
  const log = openLog({ minLevel: a['log-level'], target: a.syslog ? 'syslog' : a.log, facility: a['syslog-facility'] });
  const engineOptions = daemonEngineOptions(a, a);
  log.event('info', 'starting', { version: SPAMWARD_VERSION, pid: process.pid, data_dir: engineOptions.dataDir, rules: engineOptions.configPath ?? 'system or bundled' });
  const timeoutMs = Math.round(a['scan-timeout'] * 1000);
  const opened = await openScanner({
    engine: engineOptions,
    timeoutMs,
    log: (level, message) => log.event(level, 'pool', { detail: message }),
    ...(a['max-children'] > 0 ? { maxChildren: a['max-children'] } : {}),
    maxRequestsPerWorker: Math.max(0, Math.round(a['max-requests-per-worker'])),
  });
  // Pool workers scan off the event loop; only an in-process engine needs the fair queue.
  const scanner = opened instanceof ScanPool ? opened : fairScanner(opened);
  if (a['self-check']) await selfCheck(scanner, log);
  const metrics = new DaemonMetrics();
  const observe = (r: MessageRecord) => {
    metrics.observe(r);
    log.message(r);
  };
  const running: Running = { scanner };
  try {
    if (milterOptions) running.milter = await startMilter(scanner, milterOptions, milterLogger(log), observe);
    if (on(a['spamd-listen'])) {
      const spamd = await startSpamdListener(scanner, spamdSettings(a), spamdLogger(log), observe);
      running.spamd = spamd.server;
      log.event('info', 'listening', { frontend: 'spamd', address: a['spamd-listen'], ports: spamd.addresses.map((b) => String(b.port ?? b.spec.kind)) });
    }
    if (on(a['metrics-listen'])) {
      const { host, port } = parseHostPort(a['metrics-listen'], '--metrics-listen');
      const bayes = bayesCountReader(engineOptions.dataDir ?? 'data');
      running.metrics = await startMetricsServer(host, port, () => metrics.render(scanner.stats(), bayes.read()));
      log.event('info', 'listening', { frontend: 'metrics', address: `${running.metrics.host}:${running.metrics.port}` });
    }
  } catch (err) {
    log.event('error', 'start-failed', { error: (err as Error).message });
    await stopAll(running, log);
    log.close();
    return 1;
  }
  if (a.user !== undefined) {
    const ids = dropPrivileges(a.user, a.group);
    log.event('info', 'privileges-dropped', { uid: ids.uid, gid: ids.gid });
  } else if (process.getuid?.() === 0) {
    log.event('warn', 'running-as-root', { detail: 'pass -u USER (or run the systemd unit) to drop root after binding' });
  }
  if (a.pidfile !== undefined) writeFileSync(a.pidfile, `${process.pid}\n`);
  log.event('info', 'ready', {
    milter: running.milter?.address ?? 'off',
    spamd: running.spamd ? a['spamd-listen'] : 'off',
    metrics: running.metrics ? `${running.metrics.host}:${running.metrics.port}` : 'off',
  });
  const signal = await waitForSignals(scanner, metrics, log);
  log.event('info', 'shutdown', { signal });
  await stopAll(running, log);
  if (a.pidfile !== undefined) tryUnlink(a.pidfile);
  log.event('info', 'stopped', {});
  log.close();
  return 0;
}

function spamdSettings(a: ServeArgs) {
  return {
    listen: a['spamd-listen'],
    allowedIps: a['allowed-ips'].flatMap((s) => s.split(/[\s,]+/)).filter(Boolean),
    allowTell: a['allow-tell'],
    maxConnections: Math.max(2, a['max-connections']),
    timeoutSeconds: a['scan-timeout'],
    maxMessageBytes: a['max-size'],
    noUserConfig: a['nouser-config'] ?? false,
    virtualConfigDir: a['virtual-config-dir'],
    sqlConfig: a['sql-config'] ?? false,
    socketMode: a['socket-mode'],
  };
}

/** SIGHUP reloads the shared scanner once for both front ends; resolves with the signal that stops the daemon. */
function waitForSignals(scanner: Scanner, metrics: DaemonMetrics, log: StructuredLog): Promise<string> {
  const onHup = () => {
    log.event('info', 'reload', {});
    scanner.reload().then(
      () => {
        metrics.reloads++;
        log.event('info', 'reload-done', {});
      },
      (err: unknown) => log.event('error', 'reload-failed', { error: String(err) }),
    );
  };
  process.on('SIGHUP', onHup);
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGHUP', onHup);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve(signal);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}

async function stopAll(r: Running, log: StructuredLog): Promise<void> {
  const step = async (what: string, fn: (() => Promise<void>) | undefined) => {
    try {
      await fn?.();
    } catch (err) {
      log.event('warn', 'stop-failed', { part: what, error: (err as Error).message });
    }
  };
  // Both front ends drain in parallel; the scanner closes after them.
  await Promise.all([step('milter', r.milter && (() => r.milter!.close())), step('spamd', r.spamd && (() => r.spamd!.close()))]);
  await step('metrics', r.metrics && (() => r.metrics!.close()));
  await step('scanner', () => r.scanner.close());
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
