/**
 * postfix-examples/master.cf.spamc as it is: the fragment is added to a
 * private Postfix's master.cf, and its `argv=` command line (spamward-spamc
 * against `spamward serve`, re-injecting with sendmail) runs on a message
 * the way pipe(8) runs it, with MAIL_CONFIG naming the private instance.
 *
 * pipe(8) itself is not the runner here: it must run the command as an
 * unprivileged user, and Postfix's set-gid sendmail only lets such a user
 * pick a private config directory listed in the system's main.cf, which a
 * test must not edit. Root may, so the test runs the same argv as root.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireProgram } from '../helpers/milter-process.js';
import { PostfixInstance } from '../helpers/milter-postfix.js';
import { freePorts, SPAMWARD_CLI, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { OUR_SPAMC, run } from '../helpers/spamd-tools.js';

const EXAMPLE = fileURLToPath(new URL('../../../postfix-examples/master.cf.spamc', import.meta.url));
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const SENDER = 'alice@sender.example';
const RECIPIENT = 'bob@example.com';

let serve: ServeProcess | undefined;
let postfix: PostfixInstance | undefined;
let dataDir = '';
let spamdPort = 0;

before(async () => {
  requireProgram('postconf', ['-h', 'mail_version'], 'apt-get install postfix');
  dataDir = mkdtempSync(join(tmpdir(), 'spamc-pipe-data-'));
  const [spamd, smtp] = (await freePorts(2)) as [number, number];
  spamdPort = spamd;
  serve = await startServe(process.execPath, [
    SPAMWARD_CLI, 'serve', '-L', '-x', '--data-dir', dataDir, '--scan-timeout', '120',
    '--milter-listen', 'off', '--spamd-listen', `127.0.0.1:${spamdPort}`, '--metrics-listen', 'off',
  ]);
  // The pipe set-up replaces the milter: this instance runs without one.
  postfix = await PostfixInstance.create('inet:127.0.0.1:1', { smtpPort: smtp });
  await postfix.postconf('smtpd_milters =', 'non_smtpd_milters =');
  postfix.appendMasterCf(readFileSync(EXAMPLE, 'utf8'));
  await postfix.postfix('check');
  await postfix.postfix('start');
});

after(async () => {
  await postfix?.destroy();
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The example's argv= line, with pipe(8)'s macros and the install path filled in for this test. */
function pipeCommand(port: number): { cmd: string; args: string[] } {
  const line = /^\s+argv=(.+)$/m.exec(readFileSync(EXAMPLE, 'utf8'))?.[1];
  assert.ok(line, 'master.cf.spamc has an argv= line');
  const words = line.trim().split(/\s+/).map((w) => w.replace('${sender}', SENDER).replace('${recipient}', RECIPIENT));
  assert.match(words[0] ?? '', /spamward-spamc$/);
  const portAt = words.indexOf('-p');
  assert.ok(portAt > 0, 'the example names the spamd port');
  words[portAt + 1] = String(port);
  return { cmd: process.execPath, args: [OUR_SPAMC, ...words.slice(1)] };
}

async function pipeMessage(port: number, subject: string, body: string): Promise<number> {
  const { cmd, args } = pipeCommand(port);
  const message = `From: ${SENDER}\r\nTo: ${RECIPIENT}\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
  const etc = (postfix as PostfixInstance).etc;
  const prev = process.env.MAIL_CONFIG;
  process.env.MAIL_CONFIG = etc;
  try {
    return (await run(cmd, args, message, 120_000)).code;
  } finally {
    if (prev === undefined) delete process.env.MAIL_CONFIG;
    else process.env.MAIL_CONFIG = prev;
  }
}

test('the master.cf.spamc command line tags spam and re-injects it into Postfix', async () => {
  const code = await pipeMessage(spamdPort, 'pipe-spam-7c1', GTUBE);
  assert.equal(code, 0);
  const delivered = await (postfix as PostfixInstance).waitDelivered('pipe-spam-7c1', 120_000);
  assert.match(delivered, /^X-Spam-Flag: YES$/m);
  assert.match(delivered, /^X-Spam-Status: Yes, score=/m);
});

test('the same command line passes ham through tagged as ham', async () => {
  assert.equal(await pipeMessage(spamdPort, 'pipe-ham-3b9', 'Lunch at noon?'), 0);
  const delivered = await (postfix as PostfixInstance).waitDelivered('pipe-ham-3b9', 120_000);
  assert.match(delivered, /^X-Spam-Status: No, score=/m);
  assert.doesNotMatch(delivered, /^X-Spam-Flag: YES$/m);
});

test('with the daemon unreachable the message is still delivered, unfiltered (spamc safe fallback)', async () => {
  const [closed] = (await freePorts(1)) as [number];
  assert.equal(await pipeMessage(closed, 'pipe-fallback-5d2', GTUBE), 0);
  const delivered = await (postfix as PostfixInstance).waitDelivered('pipe-fallback-5d2', 120_000);
  assert.doesNotMatch(delivered, /^X-Spam-/m);
});
