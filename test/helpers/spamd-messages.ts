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
