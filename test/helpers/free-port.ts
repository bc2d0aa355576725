/**
 * Loopback ports for the daemons a test starts. A port is picked some
 * seconds before the daemon binds it (the rules compile first), and in that
 * window another test running beside this one can take it. Ports from
 * `listen(0)` come from the kernel's ephemeral range, the same range every
 * outgoing connection takes its local port from, so any test's client could
 * take one; these are picked at random below that range (32768 and up on
 * Linux by default) and checked free by binding them, so only another
 * daemon picked the same way could clash (onFreePort then picks again).
 */
import { createServer, type Server } from 'node:net';

const LOWEST = 20_000;
const HIGHEST = 32_000;

/** `n` distinct ports, each free when this returns. */
export async function freePorts(n: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < n; tries++) {
      if (tries > 1000) throw new Error(`no free port between ${LOWEST} and ${HIGHEST}`);
      const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
      if (ports.includes(port)) continue;
      const server = await bound(port);
      if (server === undefined) continue;
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0] as number;
}

/** Whether a daemon failed to start because its port was taken (the port was free when picked). */
export function portClash(err: unknown): boolean {
  return /EADDRINUSE|Address already in use/i.test((err as Error)?.message ?? '');
}

/**
 * Starts a daemon on a port found free, and again on another (up to three
 * times) should that one be taken before the daemon binds it.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (attempt >= 3 || !portClash(err)) throw err;
    }
  }
}

function bound(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
