/**
 * Postfix 3.7 (Debian package `postfix`) with `spamward milter` and the real
 * engine. The Postfix configuration is postfix-examples/ as shipped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram, startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { PostfixInstance, waitFor } from '../helpers/milter-postfix.js';
import { smtpSend } from '../helpers/milter-smtp.js';
import { startTogether } from '../helpers/start-together.js';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const REJECT_TEXT = 'Rejected as spam by Spamward';

let rejecting: MilterProcess;
let quarantining: MilterProcess;
let redirecting: MilterProcess;
let postfix: PostfixInstance;
let dataDir: string;

function message(subject: string, body: string, extra = ''): string {
  const date = new Date().toUTCString().replace('GMT', '+0000');
  const id = `<${subject.replace(/\W/g, '')}.${Date.now()}@sender.example>`;
  return (
    `From: Alice Example <alice@sender.example>\r\nTo: Bob <bob@example.com>\r\nSubject: ${subject}\r\n` +
    `Date: ${date}\r\nMessage-ID: ${id}\r\n${extra}\r\n${body}`
  );
}

const HAM_BODY = "Hi Bob,\r\n\r\nthe minutes of Tuesday's meeting are on the wiki page now.\r\nLet me know if anything is missing.\r\n\r\nAlice\r\n";

before(async () => {
  requireProgram('postconf', ['-h', 'mail_version'], 'apt-get install postfix');
  dataDir = mkdtempSync(join(tmpdir(), 'milter-postfix-data-'));
  const common = ['--data-dir', dataDir, '--scan-timeout', '120', '--local'];
  [rejecting, quarantining, redirecting] = await startTogether([
    startMilterProcess([...common, '--reject-score', '20', '--reject-text', REJECT_TEXT]),
    startMilterProcess([...common, '--quarantine-score', '20', '--cf', 'rewrite_header Subject [SPAM]', '--keep-body']),
    startMilterProcess([...common, '--redirect-spam', 'spamtrap@example.com', '--cf', 'rewrite_header Subject [SPAM]']),
  ]);
  postfix = await PostfixInstance.create(`inet:127.0.0.1:${rejecting.port}`);
  await postfix.postfix('start');
});

after(async () => {
  await postfix?.destroy();
  await Promise.all([rejecting?.stop(), quarantining?.stop(), redirecting?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

async function send(data: string) {
  return smtpSend({ port: 12525, from: 'alice@sender.example', to: ['bob@example.com'], data });
}

test('ham is delivered with the X-Spam headers; forged ones are gone', async () => {
  const r = await send(message('Minutes of the meeting', HAM_BODY, 'X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=99\r\nX-Spam-Flag: YES\r\n'));
  assert.equal(r.final.code, 250, `${JSON.stringify(r.replies)}\n${postfix.maillog()}`);
  const delivered = await postfix.waitDelivered('Subject: Minutes of the meeting');
  assert.match(delivered, /^X-Spam-Checker-Version: /m);
  assert.match(delivered, /^X-Spam-Status: No, score=/m);
  assert.doesNotMatch(delivered, /^X-Spam-Flag:/m, 'both forged X-Spam-Flag headers were deleted');
  assert.equal((delivered.match(/^X-Spam-Status:/gm) ?? []).length, 1, 'only our X-Spam-Status remains');
  assert.match(delivered, /minutes of Tuesday's meeting/);
});

test('GTUBE is rejected at end of DATA with the configured 550 text', async () => {
  const r = await send(message('Cheap watches', `Buy now.\r\n\r\n${GTUBE}\r\n`));
  assert.equal(r.final.code, 550, JSON.stringify(r.replies));
  assert.equal(r.final.text, `5.7.1 ${REJECT_TEXT}`);
  await waitFor(() => /milter-reject: END-OF-MESSAGE/.test(postfix.maillog()), 10_000, 'the milter-reject log line');
});

test('a large multipart message is scanned and delivered intact', async () => {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n';
  const attachment = line.repeat(40_000); // about 3.2 MB, many 64 KiB body chunks
  const body =
    'This is a multi-part message in MIME format.\r\n\r\n--sep\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n' +
    HAM_BODY +
    '\r\n--sep\r\nContent-Type: application/octet-stream; name="data.bin"\r\nContent-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename="data.bin"\r\n\r\n' +
    attachment +
    '--sep--\r\n';
  const r = await send(message('Quarterly data', body, 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="sep"\r\n'));
  assert.equal(r.final.code, 250, JSON.stringify(r.replies));
  const delivered = await postfix.waitDelivered('Subject: Quarterly data');
  assert.match(delivered, /^X-Spam-Status: No, score=/m);
  assert.ok(delivered.replace(/\r\n/g, '\n').includes(attachment.replace(/\r\n/g, '\n')), 'attachment delivered byte for byte');
  assert.match(delivered, /--sep--/);
});

test('--redirect-spam: spam is delivered to the spam address alone, its recipient kept in X-Spam-Orig-To; report_safe wraps it', async () => {
  await postfix.useMilter(`inet:127.0.0.1:${redirecting.port}`);
  const r = await send(message('Redirected spam', `${GTUBE}\r\n`));
  assert.equal(r.final.code, 250, JSON.stringify(r.replies));
  const delivered = await postfix.waitDelivered('Subject: Redirected spam');
  // virtual(8) writes the envelope recipient it delivered to.
  assert.match(delivered, /^Delivered-To: spamtrap@example\.com\r?$/m);
  assert.match(delivered, /^X-Spam-Orig-To: <bob@example\.com>\r?$/m);
  assert.match(delivered, /^X-Spam-Flag: YES\r?$/m);
  let queueId = '';
  await waitFor(() => (queueId = /([0-9A-F]+): to=<spamtrap@example\.com>.*status=sent/.exec(postfix.maillog())?.[1] ?? '') !== '', 10_000, 'the delivery log line');
  assert.doesNotMatch(postfix.maillog(), new RegExp(`${queueId}: to=<bob@example\\.com>`), 'bob got no copy');
  assert.equal(postfix.delivered().filter((m) => m.includes('Subject: Redirected spam')).length, 1);
  // The stock report_safe 1, as spamass-milter applies it: the message's own fields stay (trace included), the body is the
  // report followed by the original as a message/rfc822 attachment, and Content-Type names the wrapper's boundary.
  const boundary = /^Content-Type: multipart\/mixed; boundary="([^"]+)"\r?$/m.exec(delivered)?.[1];
  assert.ok(boundary !== undefined, delivered);
  assert.equal((delivered.match(/^Content-Type: /gm) ?? []).length, 3, 'the wrapper and its two parts');
  assert.match(delivered, /^MIME-Version: 1\.0\r?$/m);
  assert.match(delivered, /^Received: from .*\r?\n\s+by mx\.test\.example/m);
  assert.match(delivered, /^Spam detection software, running on the system /m);
  // The outer Subject is rewritten; like SpamAssassin's wrapper, no X-Spam-Prev-Subject (the original is attached).
  const outer = delivered.slice(0, delivered.search(/\r?\n\r?\n/));
  assert.match(outer, /^Subject: \[SPAM\] Redirected spam\r?$/m);
  assert.doesNotMatch(outer, /^X-Spam-Prev-Subject:/m);
  const attached = delivered.split(`--${boundary}`)[2] ?? '';
  assert.match(attached, /^Content-Type: message\/rfc822; x-spam-type=original\r?$/m);
  assert.match(attached, /^Subject: Redirected spam\r?$/m);
  assert.ok(attached.includes(GTUBE), 'the original is attached whole');
});

test('quarantine: spam goes to the hold queue, tagged and with the Subject rewritten', async () => {
  await postfix.useMilter(`inet:127.0.0.1:${quarantining.port}`);
  const r = await send(message('Held spam', `${GTUBE}\r\n`, 'X-Spam-Flag: NO\r\n'));
  assert.equal(r.final.code, 250, JSON.stringify(r.replies));
  await waitFor(async () => (await postfix.held()).length === 1, 30_000, 'a held message');
  assert.match(postfix.maillog(), /milter-hold: END-OF-MESSAGE .*milter triggers HOLD action/);
  const held = await postfix.postcat((await postfix.held())[0] as string);
  assert.match(held, /^Subject: \[SPAM\] Held spam$/m);
  assert.match(held, /^X-Spam-Prev-Subject: Held spam$/m);
  assert.match(held, /^X-Spam-Flag: YES$/m);
  assert.doesNotMatch(held, /^X-Spam-Flag: NO$/m);
  // --keep-body (spamass-milter -m): report_safe 1 is not applied, the body is the one sent.
  assert.doesNotMatch(held, /multipart\/mixed|Spam detection software/);
  assert.match(held, new RegExp(`^${GTUBE.replace(/[*.]/g, '\\$&')}$`, 'm'));
});

test('milter stopped + milter_default_action=tempfail: the client gets 451', async () => {
  const code = await quarantining.stop();
  assert.equal(code, 0, `milter exit status after SIGTERM\n${quarantining.log()}`);
  assert.match(quarantining.log(), /SIGTERM received[\s\S]*stopped/);
  const r = await send(message('While the milter is down', HAM_BODY));
  assert.equal(r.final.code, 451, JSON.stringify(r.replies));
  assert.match(r.final.text, /^4\.7\.1 /);
});
