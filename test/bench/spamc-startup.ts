/**
 * Start-up cost of spamward-spamc against bare `node -e 0` and Debian's spamc:
 * median wall time and peak RSS over repeated runs (GNU time's %e/%M).
 * Run after a build: `node dist/test/bench/spamc-startup.js [runs]`.
 * Prints one JSON line per scenario, then the ratio the project budgets (≤ 1.2× bare node).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const spamc = fileURLToPath(new URL('../../spamc/main.js', import.meta.url));
const TIME = '/usr/bin/time';

if (!existsSync(TIME)) throw new Error('GNU time is needed: apt-get install time');

interface Sample {
  ms: number;
  rssKb: number;
}

/** One run under GNU time; input is a tiny message, output discarded. */
function measure(cmd: string, args: string[]): Sample {
  const r = spawnSync(TIME, ['-f', '%e %M', cmd, ...args], { input: 'Subject: x\n\nhello\n', encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [secs, rss] = last.split(' ');
  return { ms: Number(secs) * 1000, rssKb: Number(rss) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Interleaves the scenarios so machine load affects them alike. */
function bench(scenarios: Record<string, [string, string[]]>): Record<string, { medianMs: number; peakRssKb: number }> {
  const samples: Record<string, Sample[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, [cmd, args]] of Object.entries(scenarios)) (samples[name] ??= []).push(measure(cmd, args));
  }
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, { medianMs: median(s.map((x) => x.ms)), peakRssKb: Math.max(...s.map((x) => x.rssKb)) }]));
}

const scenarios: Record<string, [string, string[]]> = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'spamward-spamc -V': [process.execPath, [spamc, '-V']],
  'spamward-spamc -c (refused, -x)': [process.execPath, [spamc, '-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x', '-c']],
};
const debian = spawnSync('sh', ['-c', 'command -v spamc']).stdout.toString().trim();
if (debian !== '') {
  scenarios['debian spamc -V'] = [debian, ['-V']];
  scenarios['debian spamc -c (refused, -x)'] = [debian, ['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x', '-c']];
}

const result = bench(scenarios);
for (const [name, r] of Object.entries(result)) console.log(JSON.stringify({ scenario: name, runs, ...r }));
const base = result['node -e 0']?.medianMs ?? NaN;
const ours = result['spamward-spamc -V']?.medianMs ?? NaN;
console.log(JSON.stringify({ scenario: 'ratio spamward-spamc -V / node -e 0', ratio: Number((ours / base).toFixed(2)), budget: 1.2 }));
