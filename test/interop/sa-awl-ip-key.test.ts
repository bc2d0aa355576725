/**
 * The IP block of an AWL (and TxRep) key against SpamAssassin's own
 * AutoWelcomelist::pack_addr, called in perl on the same addresses and
 * masks: IPv4 at several masks, IPv6 in NetAddr::IP's upper-case full6 form
 * with the zero tail compressed, IPv4-mapped IPv6, and what SpamAssassin
 * cannot read (`none`). A store shared with SpamAssassin (Redis in its
 * layout) holds one history per sender only if both write the same keys.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { entryKey, ipBlockKey } from '../../src/engine/reputation/ip-key.js';

const ADDRESSES = [
  '192.0.2.77', '10.0.0.1', '198.51.100.255', '999.1.2.3',
  '2001:db8:abcd:12::1', '2001:DB8::1', '2001:db8:1234:5678:9abc:def0:1234:5678', 'fe80::1', '::1', '::ffff:192.0.2.7',
  'not-an-ip', '10.1',
];
const MASKS: Array<[number, number]> = [[16, 48], [24, 64], [32, 128], [8, 32], [20, 56]];

const PERL = `
use Mail::SpamAssassin::AutoWelcomelist;
my ($m4, $m6, @ips) = @ARGV;
my $awl = bless { ipv4_mask_len => $m4, ipv6_mask_len => $m6 }, 'Mail::SpamAssassin::AutoWelcomelist';
print $awl->pack_addr("Sender\\@Example.COM", $_), "\\n" for @ips;
`;

test('AWL keys carry the IP block SpamAssassin\'s pack_addr writes', () => {
  let compared = 0;
  for (const [m4, m6] of MASKS) {
    const perl = spawnSync('perl', ['-e', PERL, String(m4), String(m6), ...ADDRESSES], { encoding: 'latin1', timeout: 60_000 });
    if (perl.error) throw new Error(`perl with SpamAssassin is required for this test (apt-get install -y spamassassin): ${perl.error.message}`);
    assert.equal(perl.status, 0, perl.stderr);
    const theirs = perl.stdout.trim().split('\n');
    ADDRESSES.forEach((ip, i) => {
      assert.equal(entryKey('Sender@Example.COM', ipBlockKey(ip, m4, m6)), theirs[i], `${ip} at /${m4} and /${m6}`);
      compared++;
    });
  }
  assert.equal(compared, ADDRESSES.length * MASKS.length);
});
