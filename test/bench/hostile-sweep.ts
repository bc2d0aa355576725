/**
 * A sweep of crafted messages for scans that run away (a robustness tool,
 * not a speed benchmark and not part of `npm run bench`): short units of
 * the bytes parsers and rule regexes turn on (brackets, quotes, `@`,
 * separators, folds, 8-bit bytes, URL and Received words) repeated to fill
 * a header or a body, with an odd byte at the end so that matches fail
 * late. A worker thread holds the engine (stock rules, -L, no Bayes) and
 * scans each message; the main thread replaces the worker when a scan
 * passes the time limit. Prints every scan slower than --slow-ms, then a
 * summary; the session that wrote it found with it the runaways fixed in
 * address-angle-branch.ts, required-bytes.ts and the trailing-run trims.
 *
 *   node dist/test/bench/hostile-sweep.js [--units 1500] [--size 8000] [--seed 1] [--slow-ms 300] [--limit-ms 8000]
 *
 * A message it flags is compared by hand with `spamassassin -L -t`: slow in
 * both is SpamAssassin's behaviour; slow in Spamward only is a bug.
 */
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '1500' },
    size: { type: 'string', default: '8000' },
    seed: { type: 'string', default: '1' },
    'slow-ms': { type: 'string', default: '300' },
    'limit-ms': { type: 'string', default: '8000' },
  },
});

const PIECES = ['<', '>', '@', '"', '(', ')', '\\', ',', ';', ':', '[', ']', '.', 'a', 'Z', '9', '=?', '?=', ' ', '\t', '\n ', '&#', '%', '/',
  'http://', 'www.', '-', '_', '0', '1.2.3.4', 'x@y.example', '<a@b>', '=', '!', '#', '{', '}', '|', "'", '*', '+', '$', '^', '~', '\u00e9', '\u00ff',
  'by ', 'from ', 'with ', 'id ', 'for ', 'helo=', 'Mon, ', ' +0000', 'ESMTP', '[127.0.0.1]', 'localhost', 'boundary=', 'mailto:', '.com'];
const TAILS = ['', '<', '"', '(', '@', '\\', '>', ' x', ',', '\n'];
const HEADERS = ['Subject', 'From', 'To', 'Cc', 'Reply-To', 'Sender', 'Return-Path', 'Message-ID', 'Date', 'Received', 'Content-Type', 'X-Mailer',
  'User-Agent', 'References', 'In-Reply-To', 'List-Unsubscribe', 'X-Originating-IP', 'Errors-To', 'Content-Disposition', 'Authentication-Results'];
const BODIES = ['plain', 'html', 'attributes', 'quoted-printable'] as const;

interface Case {
  where: string;
  unit: string;
  raw: string;
}

function cases(units: number, size: number, seed: number): Case[] {
  let state = seed >>> 0;
  const rand = (n: number): number => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) % n);
  const out: Case[] = [];
  for (let k = 0; k < units; k++) {
    let unit = '';
    for (let i = 1 + rand(4); i > 0; i--) unit += PIECES[rand(PIECES.length)];
    const tail = TAILS[rand(TAILS.length)]!;
    const value = unit.repeat(Math.max(1, Math.floor(size / unit.length))) + tail;
    const header = HEADERS[rand(HEADERS.length)]!;
    const label = JSON.stringify(unit + tail);
    out.push({ where: header, unit: label, raw: `${header}: ${value}\nSubject: t\nFrom: a@b.example\n\nbody\n` });
    const body = BODIES[rand(BODIES.length)]!;
    out.push({ where: body, unit: label, raw: bodyMessage(body, value) });
  }
  return out;
}

function bodyMessage(kind: (typeof BODIES)[number], value: string): string {
  const head = 'Subject: t\nFrom: a@b.example\n';
  switch (kind) {
    case 'plain':
      return `${head}\n${value}\n`;
    case 'html':
      return `${head}Content-Type: text/html\n\n<html><body>${value}</body></html>\n`;
    case 'attributes':
      return `${head}Content-Type: text/html\n\n<a href="${value}">x</a><img src=${value}><font ${value}>\n`;
    case 'quoted-printable':
      return `${head}Content-Transfer-Encoding: quoted-printable\n\n${value}\n`;
  }
}

async function workerMain(): Promise<void> {
  const { createEngine } = await import('../../src/engine/index.js');
  const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] });
  engine.scanSync(Buffer.from('From: a@b.example\nSubject: warm\n\nhello\n'));
  const port = parentPort!;
  port.on('message', (raw: string) => {
    const started = process.hrtime.bigint();
    let error: string | undefined;
    try {
      engine.scanSync(Buffer.from(raw, 'latin1'));
    } catch (err) {
      error = String(err).slice(0, 200);
    }
    port.postMessage({ ms: Number(process.hrtime.bigint() - started) / 1e6, error });
  });
  port.postMessage('ready');
}

/** Scans from `next` on in a fresh worker; resolves with the index reached (the runaway's, when one ran past the limit). */
function runFrom(all: Case[], next: number, report: (c: Case, ms: number | 'limit', error?: string) => void): Promise<number> {
  const worker = new Worker(new URL(import.meta.url));
  const limitMs = Number(args['limit-ms']);
  return new Promise((resolve) => {
    let i = next;
    let timer: NodeJS.Timeout | undefined;
    const send = (): void => {
      clearTimeout(timer);
      if (i >= all.length) {
        void worker.terminate();
        resolve(i);
        return;
      }
      worker.postMessage(all[i]!.raw);
      timer = setTimeout(() => {
        report(all[i]!, 'limit');
        void worker.terminate();
        resolve(i + 1);
      }, limitMs);
    };
    worker.on('message', (m: 'ready' | { ms: number; error?: string }) => {
      if (m !== 'ready') {
        if (m.ms > Number(args['slow-ms']) || m.error) report(all[i]!, m.ms, m.error);
        i++;
      }
      send();
    });
  });
}

async function main(): Promise<void> {
  const all = cases(Number(args.units), Number(args.size), Number(args.seed));
  let flagged = 0;
  const report = (c: Case, ms: number | 'limit', error?: string): void => {
    flagged++;
    console.log(`${ms === 'limit' ? `over ${args['limit-ms']} ms` : `${ms.toFixed(0)} ms`}\t${c.where}\t${c.unit}${error ? `\t${error}` : ''}`);
  };
  const started = Date.now();
  for (let next = 0; next < all.length; ) next = await runFrom(all, next, report);
  console.log(`${all.length} messages in ${((Date.now() - started) / 1000).toFixed(0)} s; ${flagged} slower than ${args['slow-ms']} ms or failed`);
}

if (isMainThread) await main();
else await workerMain();
