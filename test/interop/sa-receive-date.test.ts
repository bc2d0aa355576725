/**
 * The time a message was received, which Bayes stamps its tokens with
 * (learned and touched), against SpamAssassin's receive_date on the same
 * messages, in one perl process: which Received header counts (a local hop,
 * fetchmail's hop, both), the mbox `From ` line and X-From-Line read in this
 * machine's zone, the first Resent-Date and Date, and a message with no date
 * at all (the current time on both sides).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { receiveTime } from '../../src/engine/bayes/message-ids.js';
import { parseMessage } from '../../src/engine/message/parse.js';

const RCVD = (from: string, by: string, date: string): string => `Received: from ${from} by ${by} with ESMTP id X1; ${date}`;
const FETCHMAIL = 'Received: from pop.example.net [192.0.2.7]\n\tby localhost with POP3 (fetchmail-5.9.0)\n\tfor k@localhost (single-drop); Wed, 04 Dec 2002 02:24:29 +0100 (CET)';
const QMAIL_LOCAL = 'Received: (qmail 5679 invoked by uid 501); 3 Dec 2002 12:24:13 -0000';
const FROM_LOCALHOST = 'Received: from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 3 Dec 2002 10:00:00 +0000';
const OUTER = RCVD('relay.example.org (relay.example.org [198.51.100.2])', 'mx.example.net', 'Wed, 04 Dec 2002 02:20:53 +0100');

const MESSAGES: Record<string, string> = {
  plain: `${OUTER}\nDate: Tue, 3 Dec 2002 09:00:00 +0000\nSubject: a\n\nbody\n`,
  fetchmailFirst: `${FETCHMAIL}\n${OUTER}\nSubject: b\n\nbody\n`,
  localThenFetchmail: `${QMAIL_LOCAL}\n${FETCHMAIL}\n${OUTER}\nSubject: c\n\nbody\n`,
  localAlone: `${FROM_LOCALHOST}\n${OUTER}\nSubject: d\n\nbody\n`,
  localWithoutDateThenOuter: `Received: (qmail 1 invoked by uid 501)\n${FETCHMAIL.replace(/; .*/s, '')}\n${OUTER}\nSubject: e\n\nbody\n`,
  mboxLine: `From someone@example.org  Tue Dec  3 11:00:00 2002\nReceived: from nowhere by nothing\nDate: Mon, 2 Dec 2002 09:00:00 +0000\nSubject: f\n\nbody\n`,
  xFromLine: `X-From-Line: someone@example.org  Tue Dec  3 12:30:00 2002\nDate: Mon, 2 Dec 2002 09:00:00 +0000\nSubject: g\n\nbody\n`,
  undatedReceivedThenLater: `Received: from a by b\n${OUTER}\nSubject: h\n\nbody\n`,
  resentDates: `Resent-Date: Sun, 1 Dec 2002 08:00:00 +0000\nResent-Date: Sat, 30 Nov 2002 08:00:00 +0000\nDate: Fri, 29 Nov 2002 08:00:00 +0000\nSubject: i\n\nbody\n`,
  twoDates: `Date: junk\nDate: Fri, 29 Nov 2002 08:00:00 +0000\nSubject: j\n\nbody\n`,
  noDate: 'Subject: k\n\nbody\n',
};

const PERL = `
use Mail::SpamAssassin;
my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null' });
$sa->init(0);
for my $f (@ARGV) { open my $fh, '<', $f or die; my $m = $sa->parse($fh); print "$f\\t", $m->receive_date(), "\\n"; $m->finish; }
`;

const dir = mkdtempSync(join(tmpdir(), 'spamward-receive-date-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the receive time of each message is SpamAssassin\'s receive_date', { timeout: 120_000 }, () => {
  const files = Object.entries(MESSAGES).map(([name, text]) => {
    const file = join(dir, `${name}.eml`);
    writeFileSync(file, text, 'latin1');
    return { name, file, text };
  });
  const before = Math.floor(Date.now() / 1000);
  const perl = spawnSync('perl', ['-e', PERL, ...files.map((f) => f.file)], { encoding: 'latin1', timeout: 60_000 });
  if (perl.error) throw new Error(`perl with SpamAssassin is required for this test (apt-get install -y spamassassin): ${perl.error.message}`);
  assert.equal(perl.status, 0, perl.stderr);
  const theirs = new Map(perl.stdout.trim().split('\n').map((l) => l.split('\t') as [string, string]));
  const now = Math.floor(Date.now() / 1000);
  for (const f of files) {
    const expected = Number(theirs.get(f.file));
    const ours = receiveTime(parseMessage(Buffer.from(f.text, 'latin1')), now);
    // Without a usable date both sides take the current time, read a moment (and maybe a second boundary) apart:
    // the message without any date, and twoDates, whose first Date is junk.
    const currentTime = f.name === 'noDate' || f.name === 'twoDates';
    if (currentTime) assert.ok(expected >= before && ours >= before && Math.abs(ours - expected) < 60, `${f.name}: ${ours} / ${expected}`);
    else assert.equal(ours, expected, f.name);
  }
  // Not trivial: fetchmail's hop is passed over for the relay before it.
  assert.equal(Number(theirs.get(join(dir, 'fetchmailFirst.eml'))), Date.UTC(2002, 11, 4, 1, 20, 53) / 1000);
});
