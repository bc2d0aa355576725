/**
 * spamward-spamc → Debian spamd 4.0.1, next to Debian's spamc for the same
 * invocation: stdout and exit code must be the same bytes (after removing
 * what spamd stamps differently on each run: dates and MIME boundaries).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HAM_MESSAGE, OVERSIZE_MESSAGE, SPAM_MESSAGE, normaliseSpamdOutput } from '../helpers/spamd-messages.js';
import { startDebianSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { ourSpamc, requireProgram, run } from '../helpers/spamd-tools.js';

const spamc = requireProgram('spamc', 'spamc');
let spamd: Daemon;
const dir = mkdtempSync(join(tmpdir(), 'spamc-interop-'));

before(async () => {
  spamd = await startDebianSpamd();
});
after(async () => {
  await spamd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function same(args: string[], input: string, label: string): Promise<void> {
  const theirs = await run(spamc, args, input, 60_000);
  const ours = await ourSpamc(args, input, 60_000);
  assert.equal(ours.code, theirs.code, `${label}: exit code`);
  assert.equal(normaliseSpamdOutput(ours.stdout.toString('latin1')), normaliseSpamdOutput(theirs.stdout.toString('latin1')), `${label}: stdout`);
}

describe('spamward-spamc matches Debian spamc against Debian spamd', () => {
  const modes = [[], ['-c'], ['-y'], ['-R'], ['-r'], ['--headers'], ['-E'], ['-c', '-x'], ['-u', 'alice', '-c'], ['-s', '20'], ['-s', '20', '-c'], ['-t', '30', '-y'], ['-l', '-y']];
  for (const [name, msg] of [['ham', HAM_MESSAGE], ['GTUBE spam', SPAM_MESSAGE]] as const) {
    it(`scanning modes, ${name}`, async () => {
      for (const m of modes) await same(['-d', '127.0.0.1', '-p', String(spamd.port), ...m], msg, `${name} ${m.join(' ')}`);
    });
  }

  it('learning, reporting and PING', async () => {
    const at = ['-d', '127.0.0.1', '-p', String(spamd.port)];
    for (const m of [['-K'], ['-L', 'ham'], ['-L', 'spam'], ['-L', 'forget'], ['-C', 'report'], ['-C', 'revoke']]) await same([...at, ...m], HAM_MESSAGE, m.join(' '));
  });

  it('an oversized message passes through unscanned', async () => {
    for (const m of [[], ['-c'], ['-x', '-E'], ['-y']]) await same(['-d', '127.0.0.1', '-p', String(spamd.port), ...m], OVERSIZE_MESSAGE, `oversize ${m.join(' ')}`);
  });

  it('an unreachable server: safe fallback and the -x/-X exit codes', async () => {
    const nowhere = ['-d', '127.0.0.1', '-p', '1', '--connect-retries', '1'];
    for (const m of [[], ['-c'], ['-y'], ['-R'], ['-x'], ['-x', '-X'], ['-x', '-c'], ['-K'], ['-L', 'ham'], ['-E'], ['--headers', '-x']]) await same([...nowhere, ...m], HAM_MESSAGE, `unreachable ${m.join(' ')}`);
    await same(['-U', join(dir, 'no.sock'), '-x'], HAM_MESSAGE, 'missing unix socket');
  });

  it('option errors, empty input and config files', async () => {
    const at = ['-d', '127.0.0.1', '-p', String(spamd.port)];
    for (const m of [['-p17911', '-c'], ['--po', '1'], ['-L', 'bad'], ['-L', 'spam', '-c'], ['-s', '300000000'], ['-F', join(dir, 'missing.conf')], ['--ssl=tlsv1']]) {
      const theirs = await run(spamc, [...at, ...m], HAM_MESSAGE);
      const ours = await ourSpamc([...at, ...m], HAM_MESSAGE);
      assert.equal(ours.code, theirs.code, m.join(' '));
    }
    await same([...at, '-c'], '', 'empty input -c');
    await same([...at, '-x'], '', 'empty input -x');
    const conf = join(dir, 'spamc.conf');
    writeFileSync(conf, `# test\n-d 127.0.0.1\n-p ${spamd.port}\n`);
    await same(['-F', conf, '-c'], SPAM_MESSAGE, 'config file');
    await same(['-p', String(spamd.port), '-d', '127.0.0.1', 'stop-here', '-c'], HAM_MESSAGE, 'parsing stops at a word');
    await same(['-cK', '-p', String(spamd.port), '-d', '127.0.0.1'], HAM_MESSAGE, 'bundle');
  });
});
