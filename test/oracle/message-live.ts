/**
 * Live oracle: runs the installed SpamAssassin over the whole corpus in one
 * perl process and compares body, rawbody and a set of header specs with
 * the message model, message by message. Run by hand (about a minute):
 *   node dist-NAME/test/oracle/message-live.js [--show FIELD]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBody } from '../../src/engine/message/body-text.js';
import { HeaderAccessor } from '../../src/engine/message/header-access.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import { corpusDir } from './message-vectors.js';

const SPECS = ['Subject', 'From:addr', 'From:name', 'To:addr', 'To:name', 'Cc:addr', 'ToCc:addr', 'Reply-To:name',
  'ALL', 'ALL:raw', 'Content-Type', 'MESSAGEID', 'Received:last:ip', 'X-Mailer'];

// One message file name per input line; per message, "key<TAB>count:hex,hex…" lines and "END".
const SCRIPT = `
use strict; use warnings;
use Mail::SpamAssassin; use Mail::SpamAssassin::PerMsgStatus;
my $sa = Mail::SpamAssassin->new({ config_text => "normalize_charset 1\\n", local_tests_only => 1, dont_copy_prefs => 1 });
$sa->init(0);
my $hex = sub { scalar(@_) . ":" . join(",", map { unpack("H*", $_) } @_) };
while (my $file = <STDIN>) {
  chomp $file;
  my $raw = do { local $/; open my $f, '<', $file or die "$file: $!"; <$f> };
  my $msg = $sa->parse($raw, 1);
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  print "body\\t", $hex->(@{$pms->get_decoded_stripped_body_text_array()}), "\\n";
  print "rawbody\\t", $hex->(@{$pms->get_decoded_body_text_array()}), "\\n";
  print "$_\\t", $hex->($pms->get($_)), "\\n" for @ARGV;
  print "END\\n";
  $pms->finish; $msg->finish;
}
`;

function decodeList(v: string): string[] {
  const colon = v.indexOf(':');
  if (Number(v.slice(0, colon)) === 0) return [];
  return v.slice(colon + 1).split(',').map((h) => Buffer.from(h, 'hex').toString('latin1'));
}

function mine(file: string): Map<string, string[]> {
  const msg = parseMessage(readFileSync(file));
  const acc = new HeaderAccessor(msg, { metadata: () => undefined, lastTrustedRelayIndex: -1, lastInternalRelayIndex: -1 });
  const r = renderBody(msg, { normalizeCharset: true, bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, subject: acc.lastDecoded('Subject') ?? '\n' });
  const out = new Map<string, string[]>([['body', r.body], ['rawbody', r.rawbody]]);
  for (const s of SPECS) out.set(s, acc.list(s));
  return out;
}

function main(): void {
  const show = process.argv.includes('--show') ? process.argv[process.argv.indexOf('--show') + 1] : undefined;
  const root = corpusDir();
  const files = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((n) => n.endsWith('.txt')).sort().map((n) => join(root, d.name, n)));
  const res = spawnSync('perl', ['-e', SCRIPT, ...SPECS], { input: files.join('\n') + '\n', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
  if (res.status !== 0) throw new Error(`perl with Mail::SpamAssassin failed (status ${res.status})`);
  const blocks = res.stdout.toString('latin1').split('END\n');
  const ok = new Map<string, number>();
  files.forEach((file, i) => {
    const theirs = new Map((blocks[i] ?? '').split('\n').filter((l) => l.includes('\t')).map((l) => {
      const tab = l.indexOf('\t');
      return [l.slice(0, tab), decodeList(l.slice(tab + 1))] as const;
    }));
    for (const [key, value] of mine(file)) {
      const equal = JSON.stringify(value) === JSON.stringify(theirs.get(key));
      if (equal) ok.set(key, (ok.get(key) ?? 0) + 1);
      else if (show === key) console.log(`--- ${key} ${file.slice(root.length + 1)}`);
    }
  });
  console.log(`live SpamAssassin comparison over ${files.length} corpus messages`);
  for (const key of ['body', 'rawbody', ...SPECS]) console.log(`  ${key.padEnd(18)} ${ok.get(key) ?? 0} / ${files.length}`);
}

main();
