/** Self-written messages for the spamd/spamc tests. */
import { GTUBE } from './spamd-fake-engine.js';

export const HAM_MESSAGE = [
  'From: Alice <alice@example.org>',
  'To: Bob <bob@example.org>',
  'Subject: lunch tomorrow',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Message-ID: <lunch-1@example.org>',
  '',
  'Hi Bob, are we still on for lunch tomorrow at noon?',
  'Alice',
  '',
].join('\n');

export const SPAM_MESSAGE = [
  'From: Sender <sender@example.net>',
  'To: Recipient <recipient@example.net>',
  'Subject: Test spam mail (GTUBE)',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Message-ID: <gtube-1@example.net>',
  '',
  'This is the GTUBE test string:',
  '',
  GTUBE,
  '',
].join('\n');

/**
 * Spam without GTUBE, about 20 points from SpamAssassin's stock rules with
 * enough header and body points to be auto-learned as spam (rspamd answers
 * GTUBE itself, and GTUBE's own points count for nothing in auto-learning).
 */
export const LOTTERY_SPAM = [
  'From: "Lottery Office" <claims@winners-notice.example>',
  'To: undisclosed-recipients:;',
  'Subject: CONGRATULATIONS!!! YOU HAVE WON $1,500,000.00 USD',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Message-ID: <win-1@winners-notice.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset="us-ascii"',
  '',
  '<html><body>',
  '<p><b>DEAR WINNER,</b></p>',
  '<p>We are pleased to inform you that your email address has won the sum of',
  '<font color="red"><b>ONE MILLION FIVE HUNDRED THOUSAND UNITED STATES DOLLARS ($1,500,000.00)</b></font>',
  'in our international email lottery program. This is 100% GUARANTEED and RISK FREE!</p>',
  '<p>To claim your prize, send your full name, home address, telephone number, bank account number',
  'and a copy of your passport to our claims agent. You must act now: this offer expires in 48 hours.</p>',
  '<p><a href="http://198.51.100.23/claim/index.html">CLICK HERE TO CLAIM YOUR MONEY NOW</a></p>',
  '<p>This is not spam. To be removed from our mailing list, reply with REMOVE in the subject.</p>',
  '</body></html>',
  '',
].join('\n');

/** A message bigger than spamc's default 500 KiB limit. */
export const OVERSIZE_MESSAGE = `Subject: big\nFrom: a@example.org\n\n${'lorem ipsum dolor sit amet\n'.repeat(24_000)}`;

/**
 * Removes what spamd itself varies between two runs of the same request
 * (dates it stamps, report_safe MIME boundaries), so client outputs compare.
 */
export function normaliseSpamdOutput(text: string): string {
  return text
    .replace(/[A-Z][a-z]{2}, +\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, '<DATE>')
    .replace(/----------=_[0-9A-F]{8}\.[0-9A-F]{8}/g, '<BOUNDARY>');
}
