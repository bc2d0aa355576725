/**
 * Loopback ports for the daemons a test starts. A port is picked some
 * seconds before the daemon binds it (the rules compile first), and in that
 * window another test running beside this one can take it. Ports from
 * `listen(0)` come from the kernel's ephemeral range, the same range every
 * outgoing connection takes its local port from, so any test's client could
 * take one; these are picked at random below that range (32768 and up on
 * Linux by default) and checked free by binding them, so only another
 * daemon picked the same way could clash (the daemon helpers then pick again).
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

function bound(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
