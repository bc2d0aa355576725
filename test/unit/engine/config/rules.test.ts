import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from './config-helpers.js';

test('header rules: modifiers, negation, if-unset and exists', () => {
  const { config, errors } = parseText([
    'header A From:addr:first =~ /\\@x\\.test$/i',
    'header B Subject !~ /./ [if-unset: unset value]',
    'header C exists:X-Mailer:',
    'header D ALL =~ m{foo}s',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual(config.rules.get('A')?.test, {
    kind: 'match', header: 'From:addr:first', positive: true, pattern: '\\@x\\.test$', flags: 'i', ifUnset: undefined,
  });
  assert.deepEqual(config.rules.get('B')?.test, {
    kind: 'match', header: 'Subject', positive: false, pattern: '.', flags: '', ifUnset: 'unset value',
  });
  assert.deepEqual(config.rules.get('C')?.test, { kind: 'exists', header: 'X-Mailer' });
  assert.deepEqual(config.rules.get('D')?.test, {
    kind: 'match', header: 'ALL', positive: true, pattern: 'foo', flags: 's', ifUnset: undefined,
  });
});

test('header rule errors: unknown modifier, three modifiers, bad regex', () => {
  const { errors, config } = parseText([
    'header A Subject:bogus =~ /x/',
    'header B From:addr:raw:first =~ /x/',
    'header C Subject =~ /x/ trailing',
    'header D',
    'header E Subject',
  ].join('\n'));
  assert.equal(config.rules.size, 0);
  assert.match(errors[0] ?? '', /^test\.cf:1: invalid header modifier/);
  assert.match(errors[1] ?? '', /^test\.cf:2: invalid head test/);
  assert.match(errors[2] ?? '', /^test\.cf:3: invalid regexp/);
  assert.match(errors[3] ?? '', /^test\.cf:4: invalid 'header' value/);
  assert.match(errors[4] ?? '', /^test\.cf:5: invalid head test: Subject/);
});

test('eval rules keep function and arguments; check_rbl* stays a header eval', () => {
  const { config, errors } = parseText([
    "header A eval:check_rbl('set', 'zen.example.', '127.0.0.2')",
    'header B rbleval:check_dns_sender()',
    'body C eval:check_body_length(500)',
    'rawbody D eval:check_stock_info( 3 )',
    'full E eval:check_pyzor()',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual(config.rules.get('A')?.test, { kind: 'eval', fn: 'check_rbl', args: ['set', 'zen.example.', '127.0.0.2'] });
  assert.equal(config.rules.get('A')?.type, 'header');
  assert.deepEqual(config.rules.get('B')?.test, { kind: 'eval', fn: 'check_dns_sender', args: [] });
  assert.equal(config.rules.get('C')?.type, 'body');
  assert.deepEqual(config.rules.get('D')?.test, { kind: 'eval', fn: 'check_stock_info', args: ['3'] });
  assert.equal(config.rules.get('E')?.type, 'full');
});

test('regex rule types and the last definition winning', () => {
  const { config, errors } = parseText([
    'body A /first/',
    'body A /second/i',
    'rawbody B m!<b>!',
    'full C /^From /m',
    'uri D /\\.example\\//',
    'uri E eval:not_allowed()',
  ].join('\n'));
  assert.equal(errors.length, 1, 'uri has no eval form');
  assert.match(errors[0] ?? '', /test\.cf:6: invalid regexp/);
  assert.deepEqual(config.rules.get('A')?.test, { kind: 'regex', pattern: 'second', flags: 'i' });
  assert.deepEqual(config.rules.get('A')?.pos, { file: 'test.cf', line: 2 });
  assert.equal(config.rules.get('B')?.type, 'rawbody');
  assert.equal(config.rules.get('C')?.type, 'full');
  assert.equal(config.rules.get('D')?.type, 'uri');
});

test('rule names are validated', () => {
  const long = `R${'X'.repeat(100)}`;
  const { errors, diagnostics, config } = parseText(`body 1ABC /x/\nbody ${long} /x/\nbody ${'W'.repeat(41)} /x/`);
  assert.match(errors[0] ?? '', /test\.cf:1: rule '1ABC' has invalid characters/);
  assert.match(errors[1] ?? '', /test\.cf:2: rule 'RX+' is too long/);
  assert.ok(diagnostics.some((d) => d.level === 'warning' && d.line === 3 && /over 40 chars/.test(d.message)));
  assert.deepEqual([...config.rules.keys()], ['W'.repeat(41)]);
});

test('named captures force priority -10000', () => {
  const { config } = parseText('header __TO_ADDR To =~ /(?<TOADDR>[^@]+)@/\nuri U /%{TOADDR}/');
  assert.equal(config.priority.get('__TO_ADDR'), -10000);
  assert.ok(config.captureRules.has('__TO_ADDR'));
  assert.equal(config.priority.get('U'), undefined, 'zero priorities are not stored');
});

test('mimeheader, uri_detail and askdns define rules with their own data', () => {
  const { config, errors } = parseText([
    'mimeheader M1 Content-Type:raw =~ /\\.exe/i',
    'uri_detail UD host =~ /\\.test$/ text !~ /click/i',
    'askdns AD _SENDERDOMAIN_.dbl.example. A 127.0.1.2',
    'askdns AD2 _SENDERDOMAIN_ BOGUS',
  ].join('\n'));
  assert.deepEqual(errors, ["test.cf:4: invalid 'askdns' value: askdns AD2 _SENDERDOMAIN_ BOGUS"]);
  assert.deepEqual(config.rules.get('M1')?.test, {
    kind: 'match', header: 'Content-Type:raw', positive: true, pattern: '\\.exe', flags: 'i', ifUnset: undefined,
  });
  assert.deepEqual(config.rules.get('UD')?.test, {
    kind: 'uriDetail',
    criteria: [
      { key: 'host', positive: true, pattern: '\\.test$', flags: '' },
      { key: 'text', positive: false, pattern: 'click', flags: 'i' },
    ],
  });
  assert.equal(config.rules.get('AD')?.type, 'empty');
  assert.equal(config.hashes.get('askdns')?.get('AD'), '_SENDERDOMAIN_.dbl.example. A 127.0.1.2');
});

test('plugin directives exist only while their plugin is loaded', () => {
  const without = parseText('mimeheader M Content-Type =~ /x/', { plugins: false });
  assert.deepEqual(without.errors, ['test.cf:1: failed to parse line: mimeheader M Content-Type =~ /x/']);
  const withIt = parseText('loadplugin MIMEHeader\nmimeheader M Content-Type =~ /x/', { plugins: false });
  assert.deepEqual(withIt.errors, []);
});

test('reuse makes a name exist without replacing a real rule', () => {
  const { config } = parseText('body A /a/\nreuse A\nreuse B OLD_B');
  assert.equal(config.rules.get('A')?.type, 'body');
  assert.equal(config.rules.get('B')?.type, 'empty');
});
