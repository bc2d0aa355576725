/**
 * Real DNS servers for the network-test suites, each a non-daemon child on
 * a free loopback port with a private folder: rbldnsd serves blocklist
 * zones, nsd serves ordinary zones (SPF, DKIM, DMARC TXT records), and
 * unbound is the one resolver scanners point `dns_server` at, with a stub
 * zone per test zone (as a mail host's local caching resolver would be).
 * A missing program fails loudly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './wait-ready.js';

export interface DnsPeer {
  port: number;
  stop(): Promise<void>;
}

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/bin'];

function binary(name: string): string {
  for (const dir of SBIN) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${name} is not installed (apt-get install -y ${name}): the network tests need the real server`);
}

/** A UDP port nothing listens on now. */
export async function freeUdpPort(): Promise<number> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  const port = sock.address().port;
  await new Promise<void>((resolve) => sock.close(resolve));
  return port;
}

/** Whether a TCP listener can take `port` on 127.0.0.1 right now. */
async function tcpPortFree(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

/**
 * A port free for both UDP and TCP: nsd and unbound listen on both, and a
 * port only checked for UDP was sometimes held by another test's TCP server
 * (nsd then exits at start, "DNS server exited (1)").
 */
async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freeUdpPort();
    if (await tcpPortFree(port)) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

function privateDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // rbldnsd and nsd drop privileges when started as root: they must still read their zones.
  chmodSync(dir, 0o755);
  return dir;
}

/** Ask `name` until the server answers (any answer, NXDOMAIN included). */
async function waitAnswering(port: number, name: string, child: ChildProcess, log: () => string): Promise<void> {
  const r = new Resolver({ timeout: 300, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DNS server exited (${child.exitCode}): ${log()}`);
    try {
      await r.resolve(name, 'A');
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return;
    }
    if (Date.now() > until) throw new Error(`DNS server on port ${port} never answered: ${log()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

function run(bin: string, args: string[], dir: string): { child: ChildProcess; log: () => string; stop: () => Promise<void> } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', res));
  const stop = async (): Promise<void> => {
    await stopChild(child, exited, 3000);
    rmSync(dir, { recursive: true, force: true });
  };
  return { child, log: () => text, stop };
}

export interface BlocklistZone {
  /** Zone name, e.g. `zen.dnsbl.test`. */
  name: string;
  /** rbldnsd dataset: ip4set for IP lists, dnset for domain lists. */
  type: 'ip4set' | 'dnset';
  /** Zone file lines in rbldnsd's format (`:127.0.0.2:text` default line, then entries). */
  lines: string[];
}

export async function startRbldnsd(zones: readonly BlocklistZone[]): Promise<DnsPeer> {
  const bin = binary('rbldnsd');
  const dir = privateDir('spamward-rbldnsd-');
  const port = await freeUdpPort();
  const specs = zones.map((z, i) => {
    const file = `zone${i}.txt`;
    writeFileSync(join(dir, file), `${z.lines.join('\n')}\n`, { mode: 0o644 });
    return `${z.name}:${z.type}:${file}`;
  });
  const args = ['-n', '-b', `127.0.0.1/${port}`, '-w', dir, '-t', '60', '-c', '3600'];
  if (process.getuid?.() === 0) args.push('-u', 'rbldns');
  const p = run(bin, [...args, ...specs], dir);
  await waitAnswering(port, `probe.${zones[0]?.name ?? 'invalid'}`, p.child, p.log);
  return { port, stop: p.stop };
}

export interface AuthZone {
  /** Zone apex, e.g. `sender.test`. */
  name: string;
  /** Records in zone-file syntax relative to the apex (`@ TXT "v=spf1 -all"`); SOA and NS are added. */
  records: string[];
  /** Address of the zone's name server `ns.<zone>` as published (default 127.0.0.1). */
  nsAddress?: string;
}

export async function startNsd(zones: readonly AuthZone[]): Promise<DnsPeer> {
  const bin = binary('nsd');
  const dir = privateDir('spamward-nsd-');
  const port = await freeDnsPort();
  const conf = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    `  port: ${port}`,
    `  zonesdir: "${dir}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    '  database: ""',
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    '  username: ""',
    '  chroot: ""',
    `  logfile: "${join(dir, 'nsd.log')}"`,
    '  server-count: 1',
    '  verbosity: 0',
    '  reuseport: no',
    'remote-control:',
    '  control-enable: no',
  ];
  zones.forEach((z, i) => {
    const file = `zone${i}.zone`;
    const head = [`$ORIGIN ${z.name}.`, '$TTL 60', `@ IN SOA ns.${z.name}. admin.${z.name}. 1 3600 600 86400 60`, `@ IN NS ns.${z.name}.`, `ns IN A ${z.nsAddress ?? '127.0.0.1'}`];
    writeFileSync(join(dir, file), `${[...head, ...z.records].join('\n')}\n`, { mode: 0o644 });
    conf.push('zone:', `  name: "${z.name}"`, `  zonefile: "${file}"`);
  });
  writeFileSync(join(dir, 'nsd.conf'), `${conf.join('\n')}\n`);
  const p = run(bin, ['-d', '-c', join(dir, 'nsd.conf')], dir);
  await waitAnswering(port, zones[0]?.name ?? 'invalid', p.child, p.log);
  return { port, stop: p.stop };
}

/** unbound answering for the given zones from their authoritative servers (nothing else is reachable). */
export async function startUnbound(stubs: readonly { zone: string; port: number }[]): Promise<DnsPeer> {
  const bin = binary('unbound');
  const dir = privateDir('spamward-unbound-');
  const port = await freeDnsPort();
  const conf = [
    'server:',
    `  interface: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  do-daemonize: no',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${dir}"`,
    `  pidfile: "${join(dir, 'unbound.pid')}"`,
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 0',
    '  num-threads: 1',
    '  do-ip6: no',
    '  access-control: 127.0.0.0/8 allow',
    '  do-not-query-localhost: no',
    '  module-config: "iterator"',
    '  so-reuseport: no',
    '  outgoing-range: 64',
    '  infra-host-ttl: 5',
    // Nothing beyond the test zones exists: everything else is refused at once instead of timing out on the root servers.
    '  local-zone: "." refuse',
    ...stubs.flatMap((s) => [`  local-zone: "${s.zone}." transparent`, `  domain-insecure: "${s.zone}"`]),
    'remote-control:',
    '  control-enable: no',
    ...stubs.flatMap((s) => ['stub-zone:', `  name: "${s.zone}"`, `  stub-addr: 127.0.0.1@${s.port}`]),
  ];
  writeFileSync(join(dir, 'unbound.conf'), `${conf.join('\n')}\n`);
  const p = run(bin, ['-d', '-c', join(dir, 'unbound.conf')], dir);
  await waitAnswering(port, stubs[0]?.zone ?? 'invalid', p.child, p.log);
  return { port, stop: p.stop };
}

/** A UDP socket that reads every query and never answers: a DNS server gone silent. */
export async function startSilentServer(): Promise<DnsPeer & { received: () => number }> {
  const sock = createSocket('udp4');
  let count = 0;
  sock.on('message', () => count++);
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return {
    port: sock.address().port,
    received: () => count,
    stop: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}
