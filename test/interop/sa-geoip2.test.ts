/**
 * GeoIP2 (MaxMind DB) files, written here by MaxMind's own Perl writer
 * (libmaxmind-db-writer-perl) in every layout the format has (record sizes
 * 24, 28 and 32 bits; IPv4 and IPv6 trees; shared values behind pointers;
 * every data type), read by Spamward and by MaxMind's Perl reader
 * (libmaxmind-db-reader-perl, which SpamAssassin's GeoDB uses): the same
 * record for every address asked. Then Debian's SpamAssassin beside
 * Spamward with such a file in `geodb_search_path`: RelayCountry's tags and
 * URILocalBL's country and continent rules, which now come from the file's
 * records (a city database before a country one), not from the legacy files;
 * and the ASN plugin's number and organisation from an ASN file, in its tag,
 * its rules and the Bayes tokens a learn stores.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { type MmdbValue, openMmdb } from '../../src/engine/geodb/mmdb-file.js';
import { backupTokenLines } from '../helpers/sa-auto-learn.js';
import { ourRulesHit, reportDetail, sideBySide, spamHeader } from '../helpers/sa-check.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

for (const module of ['MaxMind::DB::Writer::Tree', 'MaxMind::DB::Reader']) {
  if (spawnSync('perl', [`-M${module}`, '-e', '1']).status !== 0) {
    throw new Error(`Perl's ${module} is missing: apt-get install -y libmaxmind-db-writer-perl libmaxmind-db-reader-perl`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'spamward-geoip2-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Networks and their records; the extra fields exercise every data type the format has. */
const NETWORKS: [string, string][] = [
  ['8.8.8.0/24', "{ country => { iso_code => 'US', names => { en => 'United States', de => 'USA' } }, continent => { code => 'NA' } }"],
  ['193.0.0.0/16', "{ country => { iso_code => 'NL', geoname_id => 2750405 }, continent => { code => 'EU' }, confidence => 99, big => '18446744073709551615', huge => '340282366920938463463374607431768211455', signed => -42, lat => 52.5, ratio => 0.25, is_eu => 1, tags => ['a', 'b'], raw => \"\\x00\\xff\" }"],
  ['202.12.29.0/24', "{ country => { iso_code => 'AU' }, continent => { code => 'OC' } }"],
  ['200.160.0.0/20', "{ country => { iso_code => 'BR' }, continent => { code => 'SA' } }"],
  ['81.2.69.0/24', "{ registered_country => { iso_code => 'GB' }, continent => { code => 'EU' } }"],
  ['10.0.0.0/8', "{ country => { iso_code => 'ZZ' }, continent => { code => 'AN' } }"],
  ['2001:67c::/32', "{ country => { iso_code => 'NL' }, continent => { code => 'EU' } }"],
  ['2001:4860::/32', "{ country => { iso_code => 'US', names => { en => 'United States' } }, continent => { code => 'NA' } }"],
];

const ADDRESSES = [
  '8.8.8.8', '8.8.9.1', '193.0.6.139', '193.0.255.255', '193.1.0.0', '202.12.29.20', '200.160.2.3', '200.160.16.1', '81.2.69.160',
  '10.1.2.3', '1.1.1.1', '255.255.255.255', '0.0.0.0', '2001:67c:2e8:22::c100:68b', '2001:4860:4860::8888', '2001:db8::1', '::1',
];

const TYPES = `{ country => 'map', registered_country => 'map', continent => 'map', names => 'map', iso_code => 'utf8_string',
  code => 'utf8_string', en => 'utf8_string', de => 'utf8_string', geoname_id => 'uint32', confidence => 'uint16', big => 'uint64',
  huge => 'uint128', signed => 'int32', lat => 'double', ratio => 'float', is_eu => 'boolean', tags => ['array', 'utf8_string'], raw => 'bytes' }`;

/** A database written by MaxMind's writer: the networks of its IP version, with this record size and type. */
function writeDb(file: string, opts: { ipVersion: 4 | 6; recordSize: 24 | 28 | 32; type: string }): string {
  const path = join(dir, file);
  const inserts = NETWORKS.filter(([net]) => opts.ipVersion === 6 || !net.includes(':'))
    .map(([net, record]) => `$t->insert_network('${net}', ${record});`).join('\n');
  const script = `use MaxMind::DB::Writer::Tree; my %types = %{${TYPES}};
    my $t = MaxMind::DB::Writer::Tree->new(ip_version => ${opts.ipVersion}, record_size => ${opts.recordSize}, database_type => '${opts.type}',
      languages => ['en'], description => { en => 'Spamward test' }, map_key_type_callback => sub { $types{$_[0]} }, remove_reserved_networks => 0);
    ${inserts}
    open my $fh, '>:raw', '${path}' or die; $t->write_tree($fh); close $fh or die;`;
  const perl = spawnSync('perl', ['-e', script], { encoding: 'latin1' });
  assert.equal(perl.status, 0, perl.stderr);
  return path;
}

/** MaxMind's reader's record per address, as JSON with 64- and 128-bit numbers as strings and bytes as hex. */
function theirRecords(path: string, addresses: readonly string[]): unknown[] {
  const script = `use MaxMind::DB::Reader; use JSON::PP; my $r = MaxMind::DB::Reader->new(file => '${path}');
    sub plain { my ($v, $k) = @_; return { map { ($_ => plain($v->{$_}, $_)) } keys %$v } if ref $v eq 'HASH';
      return [ map { plain($_) } @$v ] if ref $v eq 'ARRAY'; return "$v" if ref $v || (defined $k && $k =~ /^(?:big|huge)$/); return unpack('H*', $v) if defined $k && $k eq 'raw'; return $v }
    my $j = JSON::PP->new->canonical->allow_nonref;
    while (my $ip = <STDIN>) { chomp $ip; my $rec = eval { $r->record_for_address($ip) }; print $j->encode(defined $rec ? plain($rec) : undef), "\\n" }`;
  const perl = spawnSync('perl', ['-e', script], { input: addresses.join('\n') + '\n', encoding: 'utf8' });
  assert.equal(perl.status, 0, perl.stderr);
  return perl.stdout.trim().split('\n').map((line) => normalised(JSON.parse(line)));
}

/** Our record in the same form. */
function plain(value: MmdbValue | undefined, key?: string): unknown {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (key === 'big' || key === 'huge') return String(value);
  if (Array.isArray(value)) return value.map((v) => plain(v));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, k)]));
  return value;
}

/** Numbers compared to six significant digits (the float type is single precision), booleans as 0/1. */
function normalised(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(6));
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map(normalised);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  return value;
}

/** What the side-by-side cases compare: an added header, our rules that hit, and their report details. */
function outputView(output: string, header: string): { header: string | undefined; rules: string[]; details: string[] } {
  const rules = ourRulesHit(output).split(',').filter(Boolean);
  return { header: spamHeader(output, header), rules, details: rules.map((r) => reportDetail(output, r)) };
}

function bytesOf(ip: string): Uint8Array {
  return Uint8Array.from(ipaddr.parse(ip).toByteArray());
}

describe('MaxMind DB files as MaxMind\'s reader reads them', () => {
  for (const ipVersion of [4, 6] as const) {
    for (const recordSize of [24, 28, 32] as const) {
      it(`IPv${ipVersion}, ${recordSize}-bit records`, () => {
        const path = writeDb(`v${ipVersion}-${recordSize}.mmdb`, { ipVersion, recordSize, type: 'GeoIP2-Country' });
        const db = openMmdb(readFileSync(path));
        assert.ok(db, 'opened');
        assert.equal(db.ipVersion, ipVersion);
        const asked = ADDRESSES.filter((ip) => ipVersion === 6 || !ip.includes(':'));
        const ours = asked.map((ip) => normalised(plain(db.lookup(bytesOf(ip)))));
        assert.deepEqual(ours, theirRecords(path, asked));
        assert.ok(ours.filter((r) => r !== null).length >= 6, 'not vacuous');
      });
    }
  }

  it('a damaged or foreign file is refused or answers nothing, and never throws', () => {
    const good = readFileSync(writeDb('fuzz.mmdb', { ipVersion: 6, recordSize: 28, type: 'GeoIP2-Country' }));
    assert.equal(openMmdb(Buffer.from('not a database')), undefined);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 16777216;
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.from(good);
      for (let k = 1 + Math.floor(rand() * 8); k > 0; k--) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const db = openMmdb(bytes);
      for (const ip of ['8.8.8.8', '193.0.6.139', '2001:67c::1']) db?.lookup(bytesOf(ip));
    }
  });
});

describe('RelayCountry and URILocalBL with a GeoIP2 file, as Debian SpamAssassin gives them', () => {
  const cityDir = join(dir, 'city');
  const countryDir = join(dir, 'country');
  for (const d of [cityDir, countryDir]) mkdirSync(d);
  writeDb('country/GeoLite2-Country.mmdb', { ipVersion: 6, recordSize: 24, type: 'GeoLite2-Country' });
  // A city file is preferred when both are there: its own records (all XX here) must win.
  writeDb('city/GeoLite2-Country.mmdb', { ipVersion: 6, recordSize: 28, type: 'GeoLite2-Country' });
  const cityScript = `use MaxMind::DB::Writer::Tree; my $t = MaxMind::DB::Writer::Tree->new(ip_version => 6, record_size => 32, database_type => 'GeoLite2-City',
    languages => ['en'], description => { en => 'city' }, map_key_type_callback => sub { { country => 'map', continent => 'map', iso_code => 'utf8_string', code => 'utf8_string' }->{$_[0]} }, remove_reserved_networks => 0);
    $t->insert_network('0.0.0.0/1', { country => { iso_code => 'JP' }, continent => { code => 'AS' } });
    open my $fh, '>:raw', '${join(cityDir, 'GeoLite2-City.mmdb')}' or die; $t->write_tree($fh); close $fh or die;`;
  assert.equal(spawnSync('perl', ['-e', cityScript]).status, 0);

  const relays = ['8.8.8.8', '193.0.6.139', '81.2.69.160', '10.1.2.3', '2001:4860:4860::8888', '1.1.1.1'];
  const received = relays.map((ip, i) => `Received: from h${i}.example (h${i}.example [${ip}]) by ${i === 0 ? 'mx.local.test' : `h${i - 1}.example`} with ESMTP id ${i}; Thu, 26 Nov 2026 02:00:00 +0000`);
  const message = (id: string, links: string[]) => Buffer.from([...received, 'From: a@sender.example', `Subject: geoip2 ${id}`, `Message-ID: <geoip2-${id}@sender.example>`, '', 'See', ...links, ''].join('\n'), 'latin1');
  const cf = (path: string) => [
    `geodb_search_path ${path}`,
    'trusted_networks 10.0.0.0/8',
    'add_header all RC _RELAYCOUNTRY_ / _RELAYCOUNTRYALL_',
    'uri_block_cont SW_CONT_EU eu', 'uri_block_cc SW_CC_GB gb', 'uri_block_cont SW_CONT_AN an', 'uri_block_cc SW_CC_JP jp',
    ...['SW_CONT_EU', 'SW_CC_GB', 'SW_CONT_AN', 'SW_CC_JP'].map((r) => `score ${r} 0.01`),
  ];
  const cases = [countryDir, cityDir].flatMap((path) => [
    { name: `${path === cityDir ? 'city' : 'country'}: relays, a European link`, raw: message(`${path.length}-eu`, ['http://193.0.6.139/x']), cf: cf(path) },
    { name: `${path === cityDir ? 'city' : 'country'}: a registered country only`, raw: message(`${path.length}-gb`, ['http://81.2.69.160/x']), cf: cf(path) },
    { name: `${path === cityDir ? 'city' : 'country'}: a private link`, raw: message(`${path.length}-private`, ['http://10.9.9.9/x']), cf: cf(path) },
  ]);
  const outputs = sideBySide(['loadplugin Mail::SpamAssassin::Plugin::RelayCountry', 'loadplugin Mail::SpamAssassin::Plugin::URILocalBL'], cases);
  const view = (output: string) => outputView(output, 'RC');
  for (const c of cases) {
    it(c.name, async () => {
      const { ours, theirs } = await outputs(c);
      assert.deepEqual(view(ours), view(theirs), theirs);
      // Not vacuous: SpamAssassin read the file this case meant (the city one places everything below 128/1 in JP).
      assert.match(view(theirs).header ?? '', c.name.startsWith('city') ? /^JP XX JP \*\* XX JP/ : /^US NL XX \*\* US XX/);
    });
  }
});

describe('ASN from a GeoIP2 ASN file, as Debian SpamAssassin gives it', () => {
  const asnDir = join(dir, 'asn');
  mkdirSync(asnDir);
  const script = `use MaxMind::DB::Writer::Tree; my $t = MaxMind::DB::Writer::Tree->new(ip_version => 6, record_size => 24, database_type => 'GeoLite2-ASN',
    languages => ['en'], description => { en => 'asn' }, remove_reserved_networks => 0,
    map_key_type_callback => sub { { autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string' }->{$_[0]} });
    $t->insert_network('8.8.8.0/24', { autonomous_system_number => 15169, autonomous_system_organization => 'Google LLC' });
    $t->insert_network('193.0.0.0/16', { autonomous_system_number => 3333 });
    $t->insert_network('2001:67c::/32', { autonomous_system_number => 3333, autonomous_system_organization => 'RIPE NCC' });
    open my $fh, '>:raw', '${join(asnDir, 'GeoLite2-ASN.mmdb')}' or die; $t->write_tree($fh); close $fh or die;`;
  assert.equal(spawnSync('perl', ['-e', script]).status, 0);
  const message = (id: string, ip: string) => Buffer.from([
    `Received: from h.example (h.example [${ip}]) by mx.local.test with ESMTP id 1; Thu, 26 Nov 2026 02:00:00 +0000`,
    'From: a@sender.example', `Subject: asn ${id}`, `Message-ID: <geoip2-asn-${id}@sender.example>`, '', 'Hello there, the minutes are attached.', '',
  ].join('\n'), 'latin1');
  const cf = [
    `geodb_search_path ${asnDir}`,
    'add_header all ASN _ASN_ _ASNCIDR_',
    "header SW_ASN_GOOGLE eval:check_asn('/^AS15169 Google/')",
    "header SW_ASN_ANY eval:check_asn('/\\d/')",
    'score SW_ASN_GOOGLE 0.01', 'score SW_ASN_ANY 0.01',
  ];
  const cases = [
    { name: 'a number and organisation', raw: message('google', '8.8.8.8'), cf },
    { name: 'a number alone', raw: message('ripe', '193.0.6.139'), cf },
    { name: 'IPv6', raw: message('ripe6', '2001:67c:2e8:22::c100:68b'), cf },
    { name: 'not in the file', raw: message('none', '1.1.1.1'), cf },
    { name: 'asn_prefix', raw: message('google', '8.8.8.8'), cf: [...cf, "asn_prefix 'AS-'"] },
    { name: 'asn_use_geodb 0', raw: message('google', '8.8.8.8'), cf: [...cf, 'asn_use_geodb 0'] },
  ];
  const outputs = sideBySide(['loadplugin Mail::SpamAssassin::Plugin::ASN'], cases);
  const view = (output: string) => outputView(output, 'ASN');
  for (const c of cases) {
    it(c.name, async () => {
      const { ours, theirs } = await outputs(c);
      assert.deepEqual(view(ours), view(theirs), theirs);
      if (c.name === 'a number and organisation') assert.deepEqual(view(theirs).header, 'AS15169 Google LLC ', 'not vacuous');
    });
  }

  it('sa-learn and spamward learn store the X-ASN the file gives', { timeout: 180_000 }, () => {
    const file = join(dir, 'asn-ham.eml');
    writeFileSync(file, message('learn', '8.8.8.8'));
    const learned = (cmd: string, prefix: string[], db: string, plugin: boolean): string[] => {
      const extra = plugin ? ['--cf=loadplugin Mail::SpamAssassin::Plugin::ASN', `--cf=geodb_search_path ${asnDir}`] : [];
      const run = spawnSync(cmd, [...prefix, '-L', ...extra, '--dbpath', db, '--ham', file], { encoding: 'latin1', timeout: 120_000 });
      assert.equal(run.status, 0, run.stderr);
      const backup = spawnSync(cmd, [...prefix, '--dbpath', db, '--backup'], { encoding: 'latin1', timeout: 60_000 });
      assert.equal(backup.status, 0, backup.stderr);
      return backupTokenLines(backup.stdout);
    };
    const theirs = learned('sa-learn', [], join(dir, 'sa-asn', 'bayes'), true);
    const ours = learned(process.execPath, [CLI, 'learn'], join(dir, 'sw-asn'), true);
    assert.deepEqual(ours, theirs);
    assert.ok(learned(process.execPath, [CLI, 'learn'], join(dir, 'sw-plain'), false).length < ours.length, 'the AS number added a token');
  });
});
