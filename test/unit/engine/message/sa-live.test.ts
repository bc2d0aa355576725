/**
 * Compares the message model with the installed SpamAssassin on the
 * project's own fixtures: body and rawbody arrays and a set of header specs.
 * Needs perl with Mail::SpamAssassin; fails (never skips) without it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { renderBody } from '../../../../src/engine/message/body-text.js';
import { HeaderAccessor } from '../../../../src/engine/message/header-access.js';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import { fixture } from './fixtures.js';

// Prints each array as hex octets, so no encoding layer can blur a difference.
const SCRIPT = `
use strict; use warnings;
use Mail::SpamAssassin; use Mail::SpamAssassin::PerMsgStatus;
my $raw = do { local $/; <STDIN> };
my $sa = Mail::SpamAssassin->new({ config_text => "normalize_charset 1\\n", local_tests_only => 1, dont_copy_prefs => 1 });
$sa->init(0);
my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $sa->parse($raw, 1));
my $hex = sub { join(',', map { unpack('H*', $_) } @_) };
print "body\\t", $hex->(@{$pms->get_decoded_stripped_body_text_array()}), "\\n";
print "rawbody\\t", $hex->(@{$pms->get_decoded_body_text_array()}), "\\n";
print "$_\\t", $hex->($pms->get($_)), "\\n" for @ARGV;
`;

const SPECS = ['Subject', 'Subject:raw', 'From', 'From:addr', 'From:name', 'To:addr', 'To:name', 'ToCc', 'X-Split',
  'Message-ID', 'MESSAGEID', 'Content-Type', 'ALL', 'ALL:raw', 'Received:first', 'Received:last:ip', 'X-None'];

function saView(raw: Buffer): Map<string, string[]> {
  const out = execFileSync('perl', ['-e', SCRIPT, ...SPECS], { input: raw, stdio: ['pipe', 'pipe', 'ignore'] }).toString('latin1');
  const view = new Map<string, string[]>();
  for (const line of out.split('\n').filter((l) => l.includes('\t'))) {
    const [key, hex] = line.split('\t') as [string, string];
    view.set(key, hex === '' ? [] : hex.split(',').map((h) => Buffer.from(h, 'hex').toString('latin1')));
  }
  return view;
}

for (const name of ['nested-mime.eml', 'crlf.eml', 'cp1251-headers.eml', 'long-lines.eml', 'broken-multipart.eml']) {
  test(`agrees with the installed SpamAssassin on ${name}`, () => {
    const raw = fixture(name);
    const sa = saView(raw);
    const msg = parseMessage(raw);
    const acc = new HeaderAccessor(msg, { metadata: () => undefined, lastTrustedRelayIndex: -1, lastInternalRelayIndex: -1 });
    for (const spec of SPECS) assert.deepEqual(acc.list(spec), sa.get(spec), spec);
    const r = renderBody(msg, { normalizeCharset: true, bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, subject: acc.lastDecoded('Subject') ?? '\n' });
    assert.deepEqual(r.rawbody, sa.get('rawbody'), 'rawbody');
    assert.deepEqual(r.body, sa.get('body'), 'body');
  });
}
