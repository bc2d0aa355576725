/**
 * Cost against message size: self-written generated messages of 1 KB, 10 KB,
 * 100 KB, 1 MB and 10 MB scanned by the engine (stock ruleset, -L, no Bayes)
 * in this process. For each size: median scan time, time per byte, and the
 * process's peak resident memory (VmHWM) after it, sizes in increasing order.
 * The figure the project budgets is the max/min ratio of time per byte
 * (within a factor of 2 means cost grows linearly with size).
 *
 *   node dist/test/bench/size-scaling.js [--sizes 1e3,1e4,1e5,1e6,1e7] [--min-ms 1500]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/engine/index.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000,1000000,10000000' },
    'min-ms': { type: 'string', default: '1500' },
  },
});

const WORDS = ['meeting', 'report', 'quarter', 'invoice', 'shipping', 'schedule', 'project', 'update', 'review', 'please', 'thanks', 'regards',
  'tomorrow', 'budget', 'figures', 'attached', 'customer', 'account', 'delivery', 'order', 'team', 'office', 'weekly', 'notes', 'draft'];

/** A plain-text message of about `size` bytes: wrapped lines of words with a link every few lines. */
function generate(size: number): Buffer {
  const head = 'Received: from mail.example.org (mail.example.org [192.0.2.10])\n\tby mx.example.com (Postfix) with ESMTP id 4ABC\n\tfor <bob@example.com>; Mon, 2 Mar 2026 10:00:00 +0000\n' +
    'From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: notes\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <size-' + size + '@example.org>\n' +
    'MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n';
  const lines: string[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
  let bytes = head.length;
  for (let n = 0; bytes < size; n++) {
    let line = '';
    while (line.length < 66) line += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
    if (n % 7 === 3) line += `http://www${n % 13}.example.com/p/${n}`;
    line = line.trimEnd();
    if (n % 12 === 11) line += '\n';
    lines.push(line);
    bytes += line.length + 1;
  }
  return Buffer.from(head + lines.join('\n') + '\n', 'latin1');
}

function vmHwmMb(): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'latin1'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, cfLines: ['use_bayes 0', 'bayes_auto_learn 0'] });
await engine.scan(generate(2000));
const baseMb = vmHwmMb();
const minMs = Number(args['min-ms']);
const rows: { bytes: number; runs: number; medianMs: number; nsPerByte: number; peakRssMb: number; overBaseMb: number }[] = [];
for (const size of (args.sizes ?? '').split(',').map(Number)) {
  const msg = generate(size);
  // Large messages are scanned once: their scan time dwarfs any warm-up effect.
  const minRuns = size >= 1_000_000 ? 1 : 3;
  if (minRuns > 1) await engine.scan(msg);
  const times: number[] = [];
  const started = Date.now();
  while (times.length < minRuns || (Date.now() - started < minMs && times.length < 200)) {
    const t = process.hrtime.bigint();
    await engine.scan(msg);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)] as number;
  const row = { bytes: msg.length, runs: times.length, medianMs: Number(medianMs.toFixed(2)), nsPerByte: Number(((medianMs * 1e6) / msg.length).toFixed(1)), peakRssMb: vmHwmMb(), overBaseMb: vmHwmMb() - baseMb };
  rows.push(row);
  console.log(JSON.stringify({ bench: 'size-scaling', ...row }));
}
// The cost each extra byte adds between consecutive sizes: flat when growth is linear, falling when scanning is capped.
const marginal = rows.slice(1).map((r, i) => {
  const prev = rows[i] as (typeof rows)[number];
  return { fromBytes: prev.bytes, toBytes: r.bytes, marginalNsPerByte: Number((((r.medianMs - prev.medianMs) * 1e6) / (r.bytes - prev.bytes)).toFixed(1)) };
});
for (const m of marginal) console.log(JSON.stringify({ bench: 'size-scaling', ...m }));
const perByte = rows.map((r) => r.nsPerByte);
const ratio = Number((Math.max(...perByte) / Math.min(...perByte)).toFixed(2));
console.log(JSON.stringify({ bench: 'size-scaling', maxMinTimePerByteRatio: ratio, bar: 2, within: ratio <= 2, baselineRssMb: baseMb }));
console.log(`\nbytes\truns\tmedianMs\tns/byte\tpeakRssMb\n${rows.map((r) => [r.bytes, r.runs, r.medianMs, r.nsPerByte, r.peakRssMb].join('\t')).join('\n')}\nmax/min time per byte: ${ratio} (bar 2)\n`);
await engine.close();
