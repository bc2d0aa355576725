/**
 * The daemon's counters in Prometheus text format (exposition format 0.0.4):
 * messages by front end and action, score and scan-latency histograms, the
 * scanner pool's state and the Bayes database's counts.
 */
import type { BayesCounts } from './bayes-counts.js';
import { Histogram } from './histogram.js';
import type { PoolStats } from '../pool/scan-pool.js';
import { MESSAGE_ACTIONS, type FrontEnd, type MessageRecord } from './message-record.js';


const SCORE_BUCKETS = [-5, 0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50, 100, 1000];
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const FRONT_ENDS: readonly FrontEnd[] = ['milter', 'spamd'];

export class DaemonMetrics {
  private readonly messages = new Map<string, number>();
  private readonly scores = new Map<FrontEnd, Histogram>();
  private readonly latency = new Map<FrontEnd, Histogram>();
  private readonly startedAt = Date.now() / 1000;
  reloads = 0;

  constructor() {
    for (const f of FRONT_ENDS) {
      for (const a of MESSAGE_ACTIONS) this.messages.set(key(f, a), 0);
      this.scores.set(f, new Histogram(SCORE_BUCKETS));
      this.latency.set(f, new Histogram(LATENCY_BUCKETS));
    }
  }

  observe(r: MessageRecord): void {
    const k = key(r.frontEnd, r.action);
    this.messages.set(k, (this.messages.get(k) ?? 0) + 1);
    if (r.score !== undefined) this.scores.get(r.frontEnd)?.observe(r.score);
    this.latency.get(r.frontEnd)?.observe(r.ms / 1000);
  }

  render(pool: PoolStats, bayes: BayesCounts | undefined): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, samples: string[]) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    family('spamward_messages_total', 'counter', 'Messages finished, by front end and action.', [...this.messages].map(([k, v]) => `spamward_messages_total{${k}} ${v}`));
    family('spamward_score', 'histogram', 'Scores of scanned messages.', FRONT_ENDS.flatMap((f) => this.scores.get(f)?.lines('spamward_score', `frontend="${f}"`) ?? []));
    family('spamward_scan_seconds', 'histogram', 'Time spent on a message in the filter.', FRONT_ENDS.flatMap((f) => this.latency.get(f)?.lines('spamward_scan_seconds', `frontend="${f}"`) ?? []));
    family('spamward_pool_busy', 'gauge', 'Scans running now.', [`spamward_pool_busy ${pool.busy}`]);
    family('spamward_pool_queued', 'gauge', 'Scans waiting for a worker.', [`spamward_pool_queued ${pool.queued}`]);
    family('spamward_pool_workers', 'gauge', 'Scanning workers.', [`spamward_pool_workers ${pool.workers}`]);
    family('spamward_scan_timeouts_total', 'counter', 'Scans stopped by the time budget.', [`spamward_scan_timeouts_total ${pool.timeouts}`]);
    family('spamward_scan_errors_total', 'counter', 'Scans that failed with an error.', [`spamward_scan_errors_total ${pool.errors}`]);
    family('spamward_workers_recycled_total', 'counter', 'Workers replaced after their allotted requests.', [`spamward_workers_recycled_total ${pool.recycled}`]);
    if (bayes !== undefined) {
      family('spamward_bayes_tokens', 'gauge', 'Tokens in the Bayes database.', [`spamward_bayes_tokens ${bayes.tokens}`]);
      family('spamward_bayes_messages', 'gauge', 'Messages learned into the Bayes database, by class.', [
        `spamward_bayes_messages{class="spam"} ${bayes.spam}`,
        `spamward_bayes_messages{class="ham"} ${bayes.ham}`,
      ]);
    }
    family('spamward_reloads_total', 'counter', 'Rule reloads (SIGHUP) since start.', [`spamward_reloads_total ${this.reloads}`]);
    family('spamward_start_time_seconds', 'gauge', 'Start time of the daemon, seconds since the epoch.', [`spamward_start_time_seconds ${this.startedAt.toFixed(3)}`]);
    return `${out.join('\n')}\n`;
  }
}

function key(f: FrontEnd, action: string): string {
  return `frontend="${f}",action="${action}"`;
}
