import { test } from 'node:test';
import assert from 'node:assert/strict';
import yargs from 'yargs';
import { addMilterFlags, milterOptionsFrom, type MilterFlagValues } from '../../../milter/flags.js';
import { parseListenSpec } from '../../../milter/options.js';
import { SpamwardError } from '../../../src/util/errors.js';

test('listen specs in Postfix and Sendmail order, IPv6 and unix', () => {
  assert.deepEqual(parseListenSpec('inet:127.0.0.1:11332'), { kind: 'inet', host: '127.0.0.1', port: 11332 });
  assert.deepEqual(parseListenSpec('inet:11332@127.0.0.1'), { kind: 'inet', host: '127.0.0.1', port: 11332 });
  assert.deepEqual(parseListenSpec('inet6:[::1]:25'), { kind: 'inet', host: '::1', port: 25 });
  assert.deepEqual(parseListenSpec('unix:/run/spamward.sock'), { kind: 'unix', path: '/run/spamward.sock' });
  for (const bad of ['127.0.0.1:25', 'inet:host:0', 'inet:host:99999', 'tcp:1']) assert.throws(() => parseListenSpec(bad), SpamwardError);
});

test('flags map onto options', async () => {
  const argv = await addMilterFlags(yargs([])).parseAsync([
    '--listen', 'unix:/tmp/m.sock', '--socket-mode', '660', '--reject-score', '15', '--quarantine-score', '8',
    '--never-reject', '--on-error', 'accept', '--scan-timeout', '2.5', '--trusted-networks', '10.0.0.0/8,192.168.0.0/16',
    '--reject-text', 'No _SCORE_', '--max-requests-per-worker', '500',
  ]);
  const o = milterOptionsFrom(argv as unknown as MilterFlagValues);
  assert.deepEqual(o.listen, { kind: 'unix', path: '/tmp/m.sock' });
  assert.equal(o.socketMode, '660');
  assert.equal(o.policy.rejectScore, 15);
  assert.equal(o.policy.quarantineScore, 8);
  assert.equal(o.policy.neverReject, true);
  assert.equal(o.onError, 'accept');
  assert.equal(o.scanTimeoutMs, 2500);
  assert.deepEqual(o.trustedNetworks, ['10.0.0.0/8', '192.168.0.0/16']);
  assert.equal(o.policy.rejectReply.text, 'No _SCORE_');
  assert.equal(o.maxRequestsPerWorker, 500);
  assert.equal(milterOptionsFrom((await addMilterFlags(yargs([])).parseAsync([])) as unknown as MilterFlagValues).maxRequestsPerWorker, 0, 'never, by default');
});

test('SMFIP_NR_* negotiation is on by default; --reply-flags turns it off', async () => {
  const parse = async (args: string[]) => milterOptionsFrom((await addMilterFlags(yargs([])).strict().parseAsync(args)) as unknown as MilterFlagValues);
  assert.equal((await parse(['--no-reply-flags'])).noReplyFlags, true);
  assert.equal((await parse([])).noReplyFlags, true);
  assert.equal((await parse(['--reply-flags'])).noReplyFlags, false);
});

test('nonsense numbers and mismatched reject replies are config errors', async () => {
  for (const args of [['--scan-timeout', '0'], ['--reject-code', '450'], ['--reject-code', '250', '--reject-status', '2.0.0']]) {
    const argv = await addMilterFlags(yargs([])).parseAsync(args);
    assert.throws(() => milterOptionsFrom(argv as unknown as MilterFlagValues), SpamwardError, args.join(' '));
  }
});

test('SQL preferences are off unless --sql-config; --sql-user and --sql-default-user choose whose', async () => {
  const parse = async (args: string[]) => milterOptionsFrom((await addMilterFlags(yargs([])).strict().parseAsync(args)) as unknown as MilterFlagValues);
  assert.equal((await parse([])).sqlPrefs, undefined);
  assert.deepEqual((await parse(['--sql-config'])).sqlPrefs, { user: 'address', defaultUser: 'nobody' });
  assert.deepEqual((await parse(['--sql-config', '--sql-user', 'local', '--sql-default-user', 'mailer'])).sqlPrefs, { user: 'local', defaultUser: 'mailer' });
});

test('--redirect-spam and --copy-spam: one of them, a plain address', async () => {
  const parse = async (args: string[]) => milterOptionsFrom((await addMilterFlags(yargs([])).strict().parseAsync(args)) as unknown as MilterFlagValues);
  assert.equal((await parse([])).spamRecipient, undefined);
  assert.deepEqual((await parse(['--redirect-spam', '<Trap@Example.com>'])).spamRecipient, { mode: 'redirect', address: 'Trap@Example.com' });
  assert.deepEqual((await parse(['--copy-spam', 'trap@example.com'])).spamRecipient, { mode: 'copy', address: 'trap@example.com' });
  await assert.rejects(parse(['--redirect-spam', 'a@b.c', '--copy-spam', 'd@e.f']), /cannot be used together/);
  await assert.rejects(parse(['--copy-spam', 'not an address']), /is not an email address/);
});

test('--keep-body (spamass-milter -m) leaves wrapped spam unwrapped and does not ask for SMFIF_CHGBODY', async () => {
  const { sessionConfigFor } = await import('../../../milter/session-config.js');
  const { SMFIF } = await import('../../../src/protocol/milter/constants.js');
  const parse = async (args: string[]) => milterOptionsFrom((await addMilterFlags(yargs([])).strict().parseAsync(args)) as unknown as MilterFlagValues);
  const wraps = await parse([]);
  const keeps = await parse(['--keep-body']);
  assert.deepEqual([wraps.keepBody, keeps.keepBody], [false, true]);
  const hooks = {} as Parameters<typeof sessionConfigFor>[1];
  assert.equal(sessionConfigFor(wraps, hooks).actions & SMFIF.CHGBODY, SMFIF.CHGBODY);
  assert.equal(sessionConfigFor(keeps, hooks).actions & SMFIF.CHGBODY, 0);
});
