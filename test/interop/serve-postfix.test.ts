/**
 * `spamward serve` (what the README's first command runs) with the real
 * peers: a private Postfix 3.7 using its milter (postfix-examples as shipped,
 * the message sent by swaks) and SpamAssassin's spamc against its spamd
 * port; then its metrics and its log lines are checked against what was sent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePrometheusText, sumOf } from '../../src/daemon/prometheus-text.js';
import { requireProgram } from '../helpers/milter-process.js';
import { onFreePort } from '../helpers/free-port.js';
import { PostfixInstance, waitFor } from '../helpers/milter-postfix.js';
import { freePorts, scrape, SPAMWARD_CLI, startServe, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
/** Words that appear only in the message contents: the logs must never show them. */
const SECRET_SUBJECT = 'Quarterly-plum-report';
const SECRET_BODY = 'the-walrus-sleeps-at-noon';

let serve: ServeProcess;
let postfix: PostfixInstance;
let dataDir: string;
let ports: { milter: number; spamd: number; metrics: number; smtp: number };

before(async () => {
  requireProgram('postconf', ['-h', 'mail_version'], 'apt-get install postfix');
  requireProgram('swaks', ['--version'], 'apt-get install swaks');
  requireProgram('spamc', ['-V'], 'apt-get install spamc');
  dataDir = mkdtempSync(join(tmpdir(), 'serve-postfix-data-'));
  const [milter, spamd, metrics, smtp] = (await freePorts(4)) as [number, number, number, number];
  ports = { milter, spamd, metrics, smtp };
  serve = await startServe(process.execPath, [
    SPAMWARD_CLI, 'serve', '-L', '-x', '--data-dir', dataDir, '--scan-timeout', '120',
    '--milter-listen', `inet:127.0.0.1:${ports.milter}`,
    '--spamd-listen', `127.0.0.1:${ports.spamd}`,
    '--metrics-listen', `127.0.0.1:${ports.metrics}`,
  ]);
  // Postfix binds its SMTP port only when it starts: should another test take the port first, start on another.
  postfix = await onFreePort(async (smtp) => {
    const pf = await PostfixInstance.create(`inet:127.0.0.1:${ports.milter}`, { smtpPort: smtp });
    try {
      await pf.postfix('start');
    } catch (err) {
      await pf.destroy();
      throw err;
    }
    ports.smtp = smtp;
    return pf;
  });
});

after(async () => {
  await postfix?.destroy();
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function swaks(subject: string, body: string) {
  return run('swaks', [
    '--server', '127.0.0.1', '--port', String(ports.smtp), '--from', 'alice@sender.example', '--to', 'bob@example.com',
    '--header', `Subject: ${subject}`, '--body', body, '--suppress-data',
  ]);
}

/** SpamAssassin's spamc with -c: prints score/required, exits 1 for spam. */
async function spamcCheck(message: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('spamc', ['-d', '127.0.0.1', '-p', String(ports.spamd), '-c'], (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (code < 0) reject(err);
      else resolve({ code, out: stdout.trim() });
    });
    child.stdin?.end(message);
  });
}

const spamcMessage = (subject: string, body: string) => `From: alice@sender.example\r\nTo: bob@example.com\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;

test('GTUBE sent with swaks through Postfix and the milter is delivered tagged; ham is not', async () => {
  await swaks(`${SECRET_SUBJECT} gtube`, `Hello ${SECRET_BODY}\n${GTUBE}\n`);
  await swaks(`${SECRET_SUBJECT} ham`, `Hello Bob, ${SECRET_BODY}, see you at lunch.\n`);
  const spam = await postfix.waitDelivered(`Subject: ${SECRET_SUBJECT} gtube`);
  assert.match(spam, /^X-Spam-Flag: YES/m);
  assert.match(spam, /^X-Spam-Status: Yes, score=\d{3,4}\.\d/m);
  const ham = await postfix.waitDelivered(`Subject: ${SECRET_SUBJECT} ham`);
  assert.match(ham, /^X-Spam-Status: No, score=/m);
});

test('GTUBE sent with the real spamc to the spamd port is spam; ham is not', async () => {
  const spam = await spamcCheck(spamcMessage(`${SECRET_SUBJECT} spamc`, `${SECRET_BODY}\r\n${GTUBE}`));
  assert.equal(spam.code, 1, spam.out);
  assert.match(spam.out, /^1\d\d\d\.\d\/5\.0$/);
  const ham = await spamcCheck(spamcMessage('Lunch', `${SECRET_BODY}, see you at noon.`));
  assert.equal(ham.code, 0, ham.out);
});

test('metrics count exactly the messages sent, and status prints them', async () => {
  const samples = parsePrometheusText(await scrape(ports.metrics));
  const count = (frontend: string, action: string) => sumOf(samples, 'spamward_messages_total', { frontend, action });
  assert.equal(count('milter', 'tag'), 1);
  assert.equal(count('milter', 'accept'), 1);
  assert.equal(count('spamd', 'tag'), 1);
  assert.equal(count('spamd', 'accept'), 1);
  assert.equal(sumOf(samples, 'spamward_messages_total'), 4, 'nothing else was counted');
  assert.equal(sumOf(samples, 'spamward_score_count'), 4);
  assert.equal(sumOf(samples, 'spamward_score_bucket', { le: '100' }), 2, 'two hams below 100');
  assert.equal(sumOf(samples, 'spamward_scan_seconds_count'), 4);
  assert.ok(sumOf(samples, 'spamward_pool_workers') >= 1);
  for (const name of ['spamward_pool_busy', 'spamward_pool_queued', 'spamward_scan_timeouts_total', 'spamward_scan_errors_total']) {
    assert.ok(samples.some((s) => s.name === name), `${name} is exported`);
  }
  const { stdout } = await run(process.execPath, [SPAMWARD_CLI, 'status', '--metrics-listen', `127.0.0.1:${ports.metrics}`]);
  assert.match(stdout, /^ {2}tag\s+1\s+1$/m);
  assert.match(stdout, /^ {2}total\s+2\s+2$/m);
});

test('one JSON log line per message with the envelope and verdict, and never message content', async () => {
  await waitFor(() => serve.logLines().filter((l) => l.event === 'message').length === 4, 10_000, 'four message lines');
  assert.deepEqual(serve.otherLines(), [], 'every stderr line is JSON');
  const messages = serve.logLines().filter((l) => l.event === 'message');
  const milter = messages.filter((l) => l.frontend === 'milter');
  assert.equal(milter.length, 2);
  const queueIds = [...postfix.maillog().matchAll(/postfix\/cleanup\[\d+\]: ([0-9A-F]+): message-id=/g)].map((m) => m[1]);
  for (const line of milter) {
    assert.ok(queueIds.includes(line.queue_id as string), `queue id ${String(line.queue_id)} is one Postfix logged`);
    assert.equal(line.sender, '<alice@sender.example>');
    assert.deepEqual(line.recipients, ['<bob@example.com>']);
    assert.equal(line.client, '127.0.0.1');
    assert.equal(typeof line.score, 'number');
    assert.equal(line.required, 5);
    assert.ok(Array.isArray(line.rules));
    assert.equal(typeof line.ms, 'number');
  }
  const tagged = messages.filter((l) => l.action === 'tag');
  assert.equal(tagged.length, 2);
  for (const l of tagged) assert.ok((l.rules as string[]).includes('GTUBE'));
  for (const event of ['starting', 'self-check', 'ready']) assert.ok(serve.logLines().some((l) => l.event === event), `${event} is logged`);
  const all = serve.output();
  for (const secret of [SECRET_SUBJECT, SECRET_BODY, GTUBE]) assert.ok(!all.includes(secret), `the log shows no "${secret}"`);
});

test('SIGHUP reloads and SIGTERM stops cleanly, both logged', async () => {
  serve.child.kill('SIGHUP');
  await waitFor(() => serve.logLines().some((l) => l.event === 'reload-done'), 120_000, 'the reload');
  assert.equal(await serve.stop(), 0);
  const events = serve.logLines().map((l) => l.event);
  assert.ok(events.includes('shutdown') && events.at(-1) === 'stopped', events.join(','));
});
