import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseRfc822Date } from '../../../../src/engine/evals/util/rfc822-date.js';

const SAMPLES = [
  'Mon, 1 Jan 2024 10:00:00 +0200',
  'Tue, 02 Jul 2002 13:55:19 -0700',
  '2 Jul 2002 13:55:19 PDT',
  'Wed Jul  3 01:02:03 2002',
  '31 Feb 2021 23:59:60 GMT',
  '5 Mar 99 25:61:00 EST',
  '5 Mar 1960 12:00:00 +0000',
  '5 Mar 2050 12:00:00 +0000',
  '1 Jan 1970 00:00:00 +0100',
  'Sat, 12 Oct 2002 7:05 +0000',
  '12 Oct 2002 07:05:33',
  'no date at all',
  '0 Jan 2002 10:00:00 +0000',
  '3 Mar 102 10:00:00 +0000',
];

/** Asks the installed SpamAssassin what its own parser makes of each sample. */
function perlAnswers(samples: readonly string[]): (number | undefined)[] {
  const script = 'use Mail::SpamAssassin::Util; while (my $l = <STDIN>) { chomp $l; my $t = Mail::SpamAssassin::Util::parse_rfc822_date($l); print defined $t ? "$t\\n" : "undef\\n"; }';
  const r = spawnSync('perl', ['-e', script], { input: samples.join('\n') + '\n', encoding: 'utf8' });
  if (r.status !== 0 || r.error) throw new Error(`SpamAssassin's Perl modules are required for this test: ${r.stderr ?? r.error}`);
  return r.stdout.trim().split('\n').map((v) => (v === 'undef' ? undefined : Number(v)));
}

describe('parseRfc822Date', () => {
  it('agrees with SpamAssassin 4.0.1 on well-formed and odd dates', () => {
    const expected = perlAnswers(SAMPLES);
    SAMPLES.forEach((s, i) => assert.equal(parseRfc822Date(s), expected[i], s));
  });
});
