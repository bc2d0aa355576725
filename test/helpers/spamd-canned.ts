/** A fake spamd that answers every connection with fixed bytes (after the client half-closes). */
import net from 'node:net';

export interface CannedServer {
  port: number;
  requests: Buffer[];
  close(): Promise<void>;
}

export function cannedSpamd(reply: (request: Buffer, n: number) => Buffer | string | undefined): Promise<CannedServer> {
  const requests: Buffer[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', () => s.destroy());
    s.on('end', () => {
      const req = Buffer.concat(chunks);
      requests.push(req);
      const r = reply(req, requests.length);
      if (r === undefined) s.destroy();
      else s.end(r);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr !== null ? addr.port : 0,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
