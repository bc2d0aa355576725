/** A minimal SMTP client for the MTA interop tests (not a test file). */
import { connect } from 'node:net';

export interface SmtpReply {
  code: number;
  text: string;
}

export interface SmtpResult {
  /** Reply to each command sent, in order, starting with the banner. */
  replies: SmtpReply[];
  /** The reply that ended the transaction: the one after the final dot, or the first failure. */
  final: SmtpReply;
}

export interface SmtpMessage {
  port: number;
  host?: string;
  helo?: string;
  from: string;
  to: string[];
  /** Message with CRLF line ends; dot-stuffing is done here. */
  data: string | Buffer;
  timeoutMs?: number;
}

export async function smtpSend(m: SmtpMessage): Promise<SmtpResult> {
  const socket = connect(m.port, m.host ?? '127.0.0.1');
  let buffer = '';
  const pending: Array<(r: SmtpReply) => void> = [];
  const ready: SmtpReply[] = [];
  let failure: Error | null = null;
  const timer = setTimeout(() => socket.destroy(new Error('SMTP timeout')), m.timeoutMs ?? 120_000);
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let lines: string[] = [];
    let idx: number;
    while ((idx = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      lines.push(line.slice(4));
      if (line[3] !== '-') {
        const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
        lines = [];
        const waiter = pending.shift();
        if (waiter) waiter(reply);
        else ready.push(reply);
      }
    }
  });
  socket.on('error', (err) => {
    failure = err;
    for (const w of pending.splice(0)) w({ code: 0, text: err.message });
  });
  const next = () =>
    new Promise<SmtpReply>((resolve) => {
      if (failure) resolve({ code: 0, text: (failure as Error).message });
      else if (ready.length > 0) resolve(ready.shift() as SmtpReply);
      else pending.push(resolve);
    });
  const replies: SmtpReply[] = [];
  const step = async (line: string | null): Promise<SmtpReply> => {
    if (line !== null) socket.write(`${line}\r\n`);
    const r = await next();
    replies.push(r);
    return r;
  };
  const finish = async (final: SmtpReply): Promise<SmtpResult> => {
    if (!socket.destroyed) {
      socket.write('QUIT\r\n');
      await next();
      socket.end();
    }
    clearTimeout(timer);
    return { replies, final };
  };
  try {
    for (const line of [null, `EHLO ${m.helo ?? 'client.test.example'}`, `MAIL FROM:<${m.from}>`, ...m.to.map((t) => `RCPT TO:<${t}>`), 'DATA']) {
      const r = await step(line);
      if (r.code >= 400 || r.code === 0) return await finish(r);
    }
    const text = (typeof m.data === 'string' ? m.data : m.data.toString('latin1')).replace(/^\./gm, '..');
    socket.write(Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1'));
    return await finish(await step('.'));
  } catch (err) {
    clearTimeout(timer);
    socket.destroy();
    throw err;
  }
}
