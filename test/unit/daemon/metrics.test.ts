import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DaemonMetrics } from '../../../src/daemon/metrics.js';
import { parsePrometheusText, sumOf } from '../../../src/daemon/prometheus-text.js';
import { messageFields, openLog, type LogLevel } from '../../../src/daemon/structured-log.js';

const pool = { busy: 1, queued: 2, workers: 3, timeouts: 4, errors: 5, recycled: 6 };

test('messages by action, histograms, pool and Bayes figures render as Prometheus text that parses back', () => {
  const m = new DaemonMetrics();
  m.observe({ frontEnd: 'milter', action: 'tag', client: '192.0.2.1', score: 1000, required: 5, rules: ['GTUBE'], ms: 120 });
  m.observe({ frontEnd: 'milter', action: 'accept', client: '192.0.2.1', score: -1, required: 5, rules: [], ms: 30 });
  m.observe({ frontEnd: 'spamd', action: 'error', client: '127.0.0.1', reason: 'timeout', ms: 5 });
  const s = parsePrometheusText(m.render(pool, { tokens: 10, spam: 2, ham: 3 }));
  assert.equal(sumOf(s, 'spamward_messages_total', { frontend: 'milter', action: 'tag' }), 1);
  assert.equal(sumOf(s, 'spamward_messages_total', { frontend: 'spamd', action: 'error' }), 1);
  assert.equal(sumOf(s, 'spamward_messages_total'), 3);
  assert.equal(sumOf(s, 'spamward_score_count', { frontend: 'milter' }), 2, 'only scored messages have a score');
  assert.equal(sumOf(s, 'spamward_score_bucket', { frontend: 'milter', le: '0' }), 1);
  assert.equal(sumOf(s, 'spamward_score_bucket', { frontend: 'milter', le: '+Inf' }), 2);
  assert.equal(sumOf(s, 'spamward_scan_seconds_count'), 3);
  assert.equal(sumOf(s, 'spamward_scan_seconds_bucket', { frontend: 'milter', le: '0.05' }), 1);
  assert.equal(sumOf(s, 'spamward_scan_seconds_sum', { frontend: 'milter' }), 0.15);
  for (const [name, v] of Object.entries({ busy: 1, queued: 2, workers: 3 })) assert.equal(sumOf(s, `spamward_pool_${name}`), v);
  assert.equal(sumOf(s, 'spamward_scan_timeouts_total'), 4);
  assert.equal(sumOf(s, 'spamward_scan_errors_total'), 5);
  assert.equal(sumOf(s, 'spamward_workers_recycled_total'), 6);
  assert.equal(sumOf(s, 'spamward_bayes_tokens'), 10);
  assert.equal(sumOf(s, 'spamward_bayes_messages', { class: 'ham' }), 3);
});

test('the log writes one JSON line per message with the envelope, filters by level, and keeps lifecycle events', () => {
  const lines: Array<[LogLevel, string]> = [];
  const log = openLog({ minLevel: 'warn', target: 'stderr' }, { write: (l, line) => lines.push([l, line]), close: () => {} });
  log.event('info', 'milter', { detail: 'chatty' });
  log.event('info', 'ready', {});
  log.message({ frontEnd: 'milter', action: 'tempfail', queueId: 'ABC', client: '192.0.2.1', sender: '<a@b>', recipients: ['<c@d>'], reason: 'scan exceeded', ms: 7 });
  assert.deepEqual(lines.map(([l]) => l), ['info', 'warn']);
  const ready = JSON.parse(lines[0]?.[1] ?? '{}') as Record<string, unknown>;
  assert.equal(ready.event, 'ready');
  const msg = JSON.parse(lines[1]?.[1] ?? '{}') as Record<string, unknown>;
  assert.deepEqual(
    { event: msg.event, queue_id: msg.queue_id, sender: msg.sender, recipients: msg.recipients, action: msg.action, ms: msg.ms },
    { event: 'message', queue_id: 'ABC', sender: '<a@b>', recipients: ['<c@d>'], action: 'tempfail', ms: 7 },
  );
  assert.deepEqual(Object.keys(messageFields({ frontEnd: 'spamd', action: 'accept', client: 'x', ms: 1 })).sort(), [
    'action', 'bytes', 'client', 'frontend', 'ms', 'queue_id', 'reason', 'recipients', 'required', 'rules', 'score', 'sender', 'user',
  ]);
});
