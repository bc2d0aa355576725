import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { MESSAGE_ACTIONS } from '../../daemon/message-record.js';
import { parsePrometheusText, sumOf, type Sample } from '../../daemon/prometheus-text.js';
import { DEFAULT_METRICS_LISTEN } from '../serve/settings.js';

/** `spamward status`: what the running daemon's metrics endpoint says, as a terminal table. */
export function statusCommand(y: Argv): Argv {
  return y.command(
    'status',
    `Print the running daemon's counters (scrapes its metrics endpoint, default ${DEFAULT_METRICS_LISTEN})`,
    (b) =>
      b
        .option('metrics-listen', { type: 'string', default: DEFAULT_METRICS_LISTEN, describe: 'Where `spamward serve` serves its metrics (HOST:PORT)' })
        .option('config', { type: 'string', describe: "The daemon's settings file: its metrics-listen line is used unless the flag is given" })
        .env('SPAMWARD'),
    async (argv) => {
      // As for serve: flag, then environment, then the file, then the default.
      const explicit = process.argv.some((a) => a.startsWith('--metrics-listen')) || process.env.SPAMWARD_METRICS_LISTEN !== undefined;
      const fromFile = argv.config !== undefined && !explicit ? metricsListenIn(argv.config) : undefined;
      const address = fromFile ?? (argv['metrics-listen'] as string);
      let text: string;
      try {
        const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(5000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        text = await res.text();
      } catch (err) {
        process.stderr.write(`spamward status: cannot read http://${address}/metrics: ${(err as Error).message}; is \`spamward serve\` running with --metrics-listen ${address}?\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(formatStatus(address, parsePrometheusText(text)));
    },
  );
}

function metricsListenIn(path: string): string | undefined {
  const m = /^\s*metrics[-_]listen\s*=\s*(\S+)\s*$/m.exec(readFileSync(path, 'utf8'));
  return m?.[1];
}

export function formatStatus(address: string, s: Sample[]): string {
  const v = (name: string, labels: Record<string, string> = {}) => sumOf(s, name, labels);
  const up = Math.max(0, Date.now() / 1000 - v('spamward_start_time_seconds'));
  const lines = [`Spamward metrics at ${address}: up ${duration(up)}, ${v('spamward_reloads_total')} reload(s)`, '', 'messages      milter     spamd'];
  for (const action of MESSAGE_ACTIONS) {
    const m = v('spamward_messages_total', { frontend: 'milter', action });
    const d = v('spamward_messages_total', { frontend: 'spamd', action });
    if (m + d > 0 || action === 'accept' || action === 'tag') lines.push(`  ${action.padEnd(11)}${pad(m)}${pad(d)}`);
  }
  lines.push(`  ${'total'.padEnd(11)}${pad(v('spamward_messages_total', { frontend: 'milter' }))}${pad(v('spamward_messages_total', { frontend: 'spamd' }))}`);
  lines.push('', 'scan time (mean)');
  for (const f of ['milter', 'spamd']) {
    const n = v('spamward_scan_seconds_count', { frontend: f });
    const mean = n > 0 ? (v('spamward_scan_seconds_sum', { frontend: f }) / n) * 1000 : 0;
    lines.push(`  ${f.padEnd(11)}${pad(Math.round(mean))} ms over ${n} message(s)`);
  }
  lines.push('', `pool          busy ${v('spamward_pool_busy')}, queued ${v('spamward_pool_queued')}, workers ${v('spamward_pool_workers')}, recycled ${v('spamward_workers_recycled_total')}`);
  lines.push(`scans         timeouts ${v('spamward_scan_timeouts_total')}, errors ${v('spamward_scan_errors_total')}`);
  if (s.some((x) => x.name === 'spamward_bayes_tokens')) {
    lines.push(`bayes         ${v('spamward_bayes_tokens')} tokens, ${v('spamward_bayes_messages', { class: 'spam' })} spam, ${v('spamward_bayes_messages', { class: 'ham' })} ham learned`);
  } else lines.push('bayes         no database yet');
  return `${lines.join('\n')}\n`;
}

function pad(n: number): string {
  return String(n).padStart(10);
}

function duration(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return h > 0 ? `${h}h${m}m` : `${m}m${Math.floor(secs % 60)}s`;
}
