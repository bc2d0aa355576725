/**
 * An existing spamd command line starts Spamward's spamd unchanged: the same
 * options (prefork tuning, per-request user options, spamd's short letters,
 * Getopt abbreviations) are given to Debian's spamd and to ours, and Debian's
 * spamc gets the same answer from both. Options without effect here are named
 * in our log. Both daemons read a GTUBE-only rule set
 * (test/helpers/mini-rules.ts, added after the line as --configpath and
 * --siteconfigpath): the answer compared is GTUBE's, so neither daemon has
 * to parse the stock rules (ours would, once per worker) to give it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GTUBE_RULES, miniRules } from '../helpers/mini-rules.js';
import { SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';
import { fileURLToPath } from 'node:url';
import { startTogether } from '../helpers/start-together.js';

const OUR_CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const spamc = requireProgram('spamc', 'spamc');

/** Options an administrator's spamd line may carry, spelled as spamd takes them. */
const SPAMD_LINE = [
  '--create-prefs', '--min-children', '1', '--min-spare=1', '--max-spare', '1', '--max-conn-per-child', '50', '--round-robin',
  '--timing', '-U', 'nobody', '--paranoid', '--max-child=2', '-T', '20', '-t', '120', '--user-config', '-4', '--nocreate',
  '--syslog-socket', 'none',
];

const RULES = miniRules([], GTUBE_RULES);

let ours: Daemon;
let theirs: Daemon;
before(async () => {
  [ours, theirs] = await startTogether([startOurSpamd([...SPAMD_LINE, ...RULES.spamdArgs]), startDebianSpamd([...SPAMD_LINE, ...RULES.spamdArgs])]);
});
after(async () => {
  await Promise.all([ours?.stop(), theirs?.stop()]);
  RULES.remove();
});

describe('a spamd command line, unchanged', () => {
  it('starts both daemons, which give Debian spamc the same answer', async () => {
    const ask = (d: Daemon) => run(spamc, ['-d', '127.0.0.1', '-p', String(d.port), '-c'], SPAM_MESSAGE, 120_000);
    const [o, t] = [await ask(ours), await ask(theirs)];
    assert.deepEqual([o.stdout.toString(), o.code], [t.stdout.toString(), t.code]);
    assert.match(o.stdout.toString(), /^1000\.\d\/5\.0\n$/);
  });
  it('names the options that have no effect in our log', () => {
    for (const name of ['min-children', 'round-robin', 'default-user', 'paranoid', 'timing']) {
      assert.match(ours.log(), new RegExp(`--${name} has no effect`), name);
    }
    // Honoured: a worker is replaced after that many requests (test/interop/spamd-max-conn-per-child.test.ts).
    assert.doesNotMatch(ours.log(), /--max-conn-per-child has no effect/);
  });
});

describe('spamd -V and -h', () => {
  it('print the version and the help and exit 0, as Debian spamd does', async () => {
    const spamdBin = requireProgram('spamd', 'spamd');
    for (const flag of ['-V', '-h']) {
      const [ours, theirs] = await Promise.all([run(process.execPath, [OUR_CLI, 'spamd', flag], '', 60_000), run(spamdBin, [flag], '', 60_000)]);
      assert.equal(ours.code, 0, `${flag}: ${ours.stderr}`);
      assert.equal(theirs.code, 0, `Debian spamd ${flag}`);
      assert.ok(ours.stdout.length > 0, `${flag} prints something`);
    }
  });
});
