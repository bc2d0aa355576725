/**
 * Address header parsing against the installed SpamAssassin 4.0.1 and
 * Email::Address::XS, on a fixed seeded set of valid and malformed values
 * (test/helpers/address-header-gen.ts) plus pinned cases:
 *
 *  - Util::parse_header_addresses (internal parser with the module as
 *    fallback) against parseHeaderAddresses: phrase (what `:name` is made
 *    from), address (`:addr`), user, host and comment of every record;
 *  - Email::Address::XS->parse against our emulation of it (xsParse): every
 *    field SpamAssassin reads, validity included, also for the values where
 *    SpamAssassin would not consult the module.
 *
 * All values go through one perl process. Needs perl with both modules; fails
 * (never skips) without them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseHeaderAddresses } from '../../src/engine/message/address-parse.js';
import { xsComposeAddress } from '../../src/engine/message/address-xs-compose.js';
import { xsParse } from '../../src/engine/message/address-xs-list.js';
import { addressHeaderValues } from '../helpers/address-header-gen.js';

const INSTALL_HINT = 'apt-get install -y spamassassin libemail-address-xs-perl';

// Hex for every field, so no encoding layer can blur a difference; null for undef.
const SCRIPT = `
use strict; use warnings;
use Mail::SpamAssassin::Util;
use Email::Address::XS;
use JSON::PP;
my $json = JSON::PP->new->canonical;
my $h = sub { defined $_[0] ? unpack('H*', $_[0]) : undef };
binmode STDIN; binmode STDOUT;
while (my $line = <STDIN>) {
  chomp $line;
  my $s = pack('H*', $line);
  my @sa = map { my $r = $_; [ map { $h->($r->{$_}) } qw(phrase address user host comment) ] }
    Mail::SpamAssassin::Util::parse_header_addresses($s);
  my @xs = map { [ $h->($_->phrase), $h->($_->user), $h->($_->host), $h->($_->address), $h->($_->comment), $_->is_valid ? 1 : 0 ] }
    Email::Address::XS->parse($s);
  print $json->encode({ sa => \\@sa, xs => \\@xs }), "\\n";
}
`;

/** Values SpamAssassin reads differently from a plain RFC 5322 parser, pinned whatever the generator does. */
const PINNED = [
  'fark <a@b.example',
  'fark <a@b.example x',
  '<a@b.example',
  '"x <y" <a@b.example',
  'a@b.example (x (y) z)',
  '(a) (b) c@d.example',
  '"joe+foobar@example.com"',
  '"joe+foobar@example.com"\n',
  'a..b@docomo.ne.jp, c.@docomo.ne.jp',
  '<a@b.example., c@d.example',
  'x <@r1.example,@r2.example:a@b.example>',
  'x <@a.]b@c.example>',
  'g: a@b.example, c@d.example; e@f.example',
  'a@b.example,,c@d.example',
  '"x\\\\" <a@b.example>, y',
  '"a\n b"@c.example, d',
  'a@[192.0.2.1], b@[1.2 .3',
  '\xe9t\xe9 <\xe9@b.example',
  'undisclosed-recipients:;',
  'a, b, c',
  // The `<…>` branch's repeat, which a backtracking regex can split many ways (address-angle-branch.ts).
  '<a@b>'.repeat(40) + '<',
  'x <a@b><c@d> y, <e@f>',
  '<a>b>c> (d), <e@f>',
  '<"q r"s><t@u>;v <w@x>',
  '< a@b >< c >',
];

type Row = (string | null | number)[];
interface Answer { sa: Row[]; xs: Row[] }

const hex = (v: string | undefined): string | null => (v === undefined ? null : Buffer.from(v, 'latin1').toString('hex'));

const env = { ...process.env };
delete env['SA_HEADER_ADDRESS_PARSER'];

/** Whether the installed SpamAssassin converts IDN host names (Net::LibIDN2 or Net::LibIDN), as Spamward does. */
function saHasIdn(): boolean {
  const check = spawnSync('perl', ['-MMail::SpamAssassin::Util', '-MEmail::Address::XS', '-MJSON::PP', '-e',
    'print $Mail::SpamAssassin::Util::have_libidn2 || $Mail::SpamAssassin::Util::have_libidn ? 1 : 0'], { encoding: 'latin1', env });
  if (check.error || check.status !== 0) {
    throw new Error(`perl with Mail::SpamAssassin and Email::Address::XS is needed (${INSTALL_HINT}): ${check.error?.message ?? check.stderr}`);
  }
  return check.stdout === '1';
}

function oracle(values: string[]): Answer[] {
  const run = spawnSync('perl', ['-e', SCRIPT], {
    input: values.map((v) => Buffer.from(v, 'latin1').toString('hex')).join('\n') + '\n',
    maxBuffer: 1 << 30,
    env,
  });
  if (run.error || run.status !== 0) throw new Error(`the perl oracle failed: ${run.error?.message ?? run.stderr.toString()}`);
  const lines = run.stdout.toString('latin1').split('\n').filter(Boolean);
  assert.equal(lines.length, values.length, 'one oracle answer per value');
  return lines.map((l) => JSON.parse(l) as Answer);
}

function ours(value: string): Answer {
  const sa = parseHeaderAddresses(value).map((a) => [hex(a.phrase), hex(a.address), hex(a.user), hex(a.host), hex(a.comment)]);
  const xs = xsParse(value).map((a) => {
    const address = a.user !== undefined && a.host !== undefined && a.host !== '' ? xsComposeAddress(a.user, a.host) : undefined;
    return [hex(a.phrase), hex(a.user), hex(a.host), hex(address), hex(a.comment), address !== undefined && !a.invalid ? 1 : 0];
  });
  return { sa, xs };
}

/** Hex fields back to readable JSON, long values cut. */
function readable(row: Row | undefined): string {
  const cut = (s: string): string => (s.length > 120 ? `${s.slice(0, 120)}…(${s.length})` : s);
  return row === undefined ? 'none' : JSON.stringify(row.map((v) => (typeof v === 'string' ? cut(Buffer.from(v, 'hex').toString('latin1')) : v)));
}

/** The first record that differs, with the record counts. */
function firstDifference(value: string, perl: Row[], mine: Row[]): string {
  let j = 0;
  while (j < perl.length && JSON.stringify(perl[j]) === JSON.stringify(mine[j])) j++;
  const shown = value.length > 200 ? `${value.slice(0, 200)}…(${value.length})` : value;
  return `${JSON.stringify(shown)}\n    records: perl ${perl.length}, ours ${mine.length}; #${j} differs\n    perl: ${readable(perl[j])}\n    ours: ${readable(mine[j])}`;
}

let idn: boolean | undefined;
let values: string[] | undefined;
let answers: Answer[] | undefined;
// 8-bit letters only when SpamAssassin can convert them in host names (see address-header-gen.ts).
const VALUES = (): string[] => (values ??= [...PINNED, ...addressHeaderValues(0x5a17, 6000, (idn = saHasIdn()))]);
const theirs = (): Answer[] => (answers ??= oracle(VALUES()));

function compare(field: keyof Answer, what: string): void {
  const sa = theirs();
  const all = VALUES();
  const diffs: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const mine = ours(all[i]!)[field];
    if (JSON.stringify(mine) !== JSON.stringify(sa[i]![field])) {
      diffs.push(diffs.length < 8 ? firstDifference(all[i]!, sa[i]![field], mine) : '');
    }
  }
  assert.equal(diffs.length, 0, `${diffs.length} of ${all.length} values differ from ${what}; first ones:\n  ${diffs.filter(Boolean).join('\n  ')}`);
}

test('parseHeaderAddresses agrees with SpamAssassin 4.0.1 parse_header_addresses', (t) => {
  assert.ok(VALUES().length >= 5000);
  if (!idn) t.diagnostic('SpamAssassin has no Net::LibIDN2: values without 8-bit letters (apt-get install -y libnet-libidn2-perl for them)');
  compare('sa', 'Util::parse_header_addresses');
});

test('the Email::Address::XS emulation agrees with Email::Address::XS->parse', () => {
  compare('xs', 'Email::Address::XS->parse');
});
