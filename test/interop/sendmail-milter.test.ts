/**
 * Sendmail 8.17 (Debian packages, unpacked privately) with `spamward milter`
 * and the real engine; the milter block is postfix-examples/sendmail.mc.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram, startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { SendmailInstance, SENDMAIL_TEST_PORT } from '../helpers/milter-sendmail.js';
import { smtpSend } from '../helpers/milter-smtp.js';
import { waitFor } from '../helpers/milter-postfix.js';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const REJECT_TEXT = 'Rejected as spam by Spamward';
const TAGGED_MARK = 'sendmail-tagged-spam-marker';

let milter: MilterProcess;
let sendmail: SendmailInstance;
let dataDir: string;

before(async () => {
  requireProgram('apt-get', ['--version'], 'a Debian system with apt (the test downloads sendmail-bin sendmail-cf sendmail-base m4 libwrap0)');
  requireProgram('unshare', ['--version'], 'apt-get install util-linux');
  dataDir = mkdtempSync(join(tmpdir(), 'milter-sendmail-data-'));
  milter = await startMilterProcess([
    '--data-dir', dataDir, '--scan-timeout', '50', '--local', '--reject-score', '20', '--reject-text', REJECT_TEXT,
    // Spam that is tagged rather than rejected (10 points, under the reject score): wrapped by the stock report_safe 1, copied.
    '--cf', `body SW_SENDMAIL_SPAM /${TAGGED_MARK}/`, '--cf', 'score SW_SENDMAIL_SPAM 10', '--copy-spam', 'spamtrap@example.com',
  ]);
  sendmail = await SendmailInstance.create(`inet:${milter.port}@127.0.0.1`);
  await sendmail.start();
});

after(async () => {
  await sendmail?.destroy();
  await milter?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function message(subject: string, body: string): string {
  const date = new Date().toUTCString().replace('GMT', '+0000');
  return `From: Alice <alice@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: ${subject}\r\nDate: ${date}\r\nMessage-ID: <${Date.now()}.${subject.length}@example.com>\r\n\r\n${body}`;
}

async function send(data: string) {
  // Sendmail refuses sender domains it cannot resolve; example.com is local here.
  return smtpSend({ port: SENDMAIL_TEST_PORT, from: 'alice@example.com', to: ['bob@example.com'], data, helo: 'client.example.com' });
}

test('ham is accepted and queued with the X-Spam headers', async () => {
  const r = await send(message('Minutes of the meeting', "Hi Bob,\r\n\r\nthe minutes are on the wiki.\r\n\r\nAlice\r\n"));
  assert.equal(r.final.code, 250, `${JSON.stringify(r.replies)}\n${sendmail.log().slice(-3000)}`);
  let qf: string | undefined;
  await waitFor(() => (qf = sendmail.queuedHeaders('Minutes of the meeting')) !== undefined, 10_000, 'the queue file');
  assert.match(qf as string, /^H\?\?X-Spam-Status: No, score=/m);
  assert.match(qf as string, /^H\?\?X-Spam-Checker-Version: /m);
});

test('tagged spam: report_safe wraps it (Content-Type, body) and --copy-spam adds the spam address', async () => {
  const r = await send(message('Tagged spam', `Hello,\r\n${TAGGED_MARK}\r\n`));
  assert.equal(r.final.code, 250, `${JSON.stringify(r.replies)}\n${sendmail.log().slice(-3000)}`);
  let qf: string | undefined;
  await waitFor(() => (qf = sendmail.queuedHeaders('Subject: Tagged spam')) !== undefined, 10_000, 'the queue file');
  const q = qf as string;
  assert.match(q, /^H\?\?X-Spam-Flag: YES$/m);
  assert.match(q, /^H\?\?Content-Type: multipart\/mixed; boundary="/m);
  assert.match(q, /^H\?\?MIME-Version: 1\.0$/m);
  // Sendmail's recipient lines: the original and the spam address added by the milter.
  assert.match(q, /^R[^:\n]*:<?bob@example\.com>?$/m);
  assert.match(q, /^R[^:\n]*:<?spamtrap@example\.com>?$/m);
  const body = sendmail.queuedBody('Subject: Tagged spam');
  assert.match(body ?? '', /^Spam detection software, running on the system /m);
  assert.match(body ?? '', /^Content-Type: message\/rfc822; x-spam-type=original\r?$/m);
  assert.ok((body ?? '').includes(TAGGED_MARK), 'the original is attached');
});

test('GTUBE is rejected with the configured 550 text', async () => {
  const r = await send(message('Cheap watches', `${GTUBE}\r\n`));
  assert.equal(r.final.code, 550, JSON.stringify(r.replies));
  assert.equal(r.final.text, `5.7.1 ${REJECT_TEXT}`);
});

test('milter stopped + F=T: the client is told to try again later', async () => {
  assert.equal(await milter.stop(), 0);
  const r = await send(message('While the milter is down', 'x\r\n'));
  assert.equal(r.final.code, 451, JSON.stringify(r.replies));
});
