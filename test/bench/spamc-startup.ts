/**
 * Start-up cost of spamward-spamc against bare `node -e 0` and Debian's spamc:
 * median wall time and peak RSS over repeated runs (GNU time's %e/%M).
 * Run after a build: `node dist/test/bench/spamc-startup.js [runs]`.
 * Prints one JSON line per scenario, then the ratio the project budgets (≤ 1.2× bare node).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../spamc/bundle.js';

const runs = Number(process.argv[2] ?? 15);
const spamc = fileURLToPath(new URL('../../spamc/main.js', import.meta.url));
/** The shipped single-file entry; built here when the post-build step has not run. */
const shipped = fileURLToPath(new URL('../../spamc/spamward-spamc.js', import.meta.url));
const single = existsSync(shipped) ? shipped : join(mkdtempSync(join(tmpdir(), 'spamc-bench-')), 'spamward-spamc.js');
if (!existsSync(single)) bundle(spamc, single);
const TIME = '/usr/bin/time';

if (!existsSync(TIME)) throw new Error('GNU time is needed: apt-get install time');

interface Sample {
  ms: number;
  cpuMs: number;
  rssKb: number;
}

/** One run under GNU time; input is a tiny message, output discarded. */
function measure(cmd: string, args: string[]): Sample {
  const r = spawnSync(TIME, ['-f', '%e %M %U %S', cmd, ...args], { input: 'Subject: x\n\nhello\n', encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [secs, rss, user, sys] = last.split(' ');
  return { ms: Math.round(Number(secs) * 1000), cpuMs: Math.round((Number(user) + Number(sys)) * 1000), rssKb: Number(rss) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Interleaves the scenarios so machine load affects them alike. */
function bench(scenarios: Record<string, [string, string[]]>): Record<string, { medianMs: number; medianCpuMs: number; peakRssKb: number }> {
  const samples: Record<string, Sample[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, [cmd, args]] of Object.entries(scenarios)) (samples[name] ??= []).push(measure(cmd, args));
  }
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, { medianMs: median(s.map((x) => x.ms)), medianCpuMs: median(s.map((x) => x.cpuMs)), peakRssKb: Math.max(...s.map((x) => x.rssKb)) }]));
}

const scenarios: Record<string, [string, string[]]> = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'spamward-spamc -V': [process.execPath, [single, '-V']],
  'spamward-spamc -c (refused, -x)': [process.execPath, [single, '-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x', '-c']],
  'spamc/main.js -V (unbundled modules)': [process.execPath, [spamc, '-V']],
};
const debian = spawnSync('sh', ['-c', 'command -v spamc']).stdout.toString().trim();
if (debian !== '') {
  scenarios['debian spamc -V'] = [debian, ['-V']];
  scenarios['debian spamc -c (refused, -x)'] = [debian, ['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1', '-x', '-c']];
}

const result = bench(scenarios);
for (const [name, r] of Object.entries(result)) console.log(JSON.stringify({ scenario: name, runs, ...r }));
const ratio = (key: 'medianMs' | 'medianCpuMs') => Number(((result['spamward-spamc -V']?.[key] ?? NaN) / (result['node -e 0']?.[key] ?? NaN)).toFixed(2));
console.log(JSON.stringify({ scenario: 'spamward-spamc -V / node -e 0', wallRatio: ratio('medianMs'), cpuRatio: ratio('medianCpuMs'), budget: 1.2 }));
