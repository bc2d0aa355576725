/**
 * spamd's log lines on stderr and in a log file, with and without
 * --log-timestamp-fmt, as Debian's spamd 4.0.1 writes them: both daemons
 * start on one command line (a tiny rule set, so they start in seconds) and
 * the "server started" line of each must have the same shape (digits,
 * the pid and the rest of the text aside): `Nov 27 19:22:00.123 [pid] info:`
 * on stderr, `Fri Nov 27 19:22:00 2026 [pid] info:` in a file, the given
 * strftime format on both, nothing with an empty one. And the lines of a
 * scan, which log readers parse: `connection from`, `checking message <id>`
 * (`processing` for PROCESS), `identified spam (score/required) for user:uid
 * in N seconds, N bytes.` (or `clean message`) and the `result:` line, whose
 * items after `autolearn=` come from plugins (Shortcircuit's `shortcircuit=`).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GTUBE_RULES, miniRules } from '../helpers/mini-rules.js';
import { waitUntil } from '../helpers/process-alive.js';
import { freePort, startSpamdProcess } from '../helpers/spamd-peers.js';
import { HAM_MESSAGE, SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { OUR_SPAMD, requireProgram, run } from '../helpers/spamd-tools.js';

const debianSpamd = requireProgram('spamd', 'spamd');
const dir = mkdtempSync(join(tmpdir(), 'spamd-log-lines-'));
// Debian's spamd runs as nobody, which must reach its log and pid files in this (0700) temporary folder.
chmodSync(dir, 0o755);
const { rules, site, remove: removeRules } = miniRules([], GTUBE_RULES);
after(() => {
  rmSync(dir, { recursive: true, force: true });
  removeRules();
});

/** The line's text before the level, with digits as 9 and the pid as PID. */
function shapeOf(line: string): string {
  const at = line.indexOf(' info: ');
  assert.ok(at >= 0, `no info line: ${line}`);
  return line.slice(0, at).replace(/\[\d+\]/, '[PID]').replace(/\d/g, '9');
}

const startedLine = (log: string): string => {
  const line = log.split('\n').find((l) => l.includes('info: spamd: server started'));
  assert.ok(line, `no "server started" line in:\n${log}`);
  return line;
};

/** Starts both daemons with `-s TARGET` (a file is given per daemon) and the extra flags; returns each one's started line. */
async function bothLines(target: 'stderr' | 'file', extra: string[]): Promise<{ ours: string; theirs: string }> {
  const lines: string[] = [];
  for (const who of ['ours', 'theirs'] as const) {
    const port = await freePort();
    const logFile = join(dir, `${who}-${port}.log`);
    const common = ['-L', '-i', '127.0.0.1', '-p', String(port), '-C', rules, '--siteconfigpath', site, '-s', target === 'file' ? logFile : 'stderr', ...extra];
    const daemon = who === 'ours'
      ? await startSpamdProcess(process.execPath, [OUR_SPAMD, 'spamd', ...common, '--data-dir', join(dir, `data-${port}`)], port, 120_000)
      : await startSpamdProcess(debianSpamd, [...common, '-u', 'nobody', '-r', join(dir, `${port}.pid`)], port, 60_000);
    await daemon.stop();
    lines.push(startedLine(target === 'file' ? readFileSync(logFile, 'latin1') : daemon.log()));
  }
  return { ours: lines[0]!, theirs: lines[1]! };
}

describe('spamd log lines, as Debian spamd writes them', () => {
  for (const [target, extra, looks] of [
    ['stderr', [], /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\.\d{3} \[\d+\]$/],
    ['file', [], /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \[\d+\]$/],
    ['file', ['--log-timestamp-fmt', '%Y-%m-%dT%H:%M:%S %j %a'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \d{3} [A-Z][a-z]{2} \[\d+\]$/],
    ['stderr', ['--log-timestamp-fmt', '%e/%b/%y %I %p'], /^[ \d]\d\/[A-Z][a-z]{2}\/\d\d \d\d [AP]M \[\d+\]$/],
    ['stderr', ['--log-timestamp-fmt='], /^\[\d+\]$/],
    ['file', ['--log-timestamp-fmt', 'default'], /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} \[\d+\]$/],
  ] as const) {
    it(`-s ${target} ${extra.join(' ')}`.trim(), async () => {
      const { ours, theirs } = await bothLines(target, [...extra]);
      assert.match(theirs.slice(0, theirs.indexOf(' info: ')), looks, `Debian spamd: ${theirs}`);
      assert.equal(shapeOf(ours), shapeOf(theirs), `ours:   ${ours}\ntheirs: ${theirs}`);
    });
  }
});

describe("spamd's lines for a scan, as Debian spamd writes them", () => {
  const sc = miniRules(['Shortcircuit'], `${GTUBE_RULES}shortcircuit GTUBE spam\n`);
  after(() => sc.remove());
  const spamc = requireProgram('spamc', 'spamc');

  /**
   * Each daemon's start lines (ours names itself after SpamAssassin's version), then its lines for a
   * spam (PROCESS) and a ham (CHECK) message: the connection, the message's id, the verdict and the
   * result line; ports, descriptors, pids, times and the uid as X.
   */
  async function scanLines(who: 'ours' | 'theirs'): Promise<string[]> {
    const port = await freePort();
    const common = ['-L', '-i', '127.0.0.1', '-p', String(port), ...sc.spamdArgs, '-s', 'stderr'];
    const daemon = who === 'ours'
      ? await startSpamdProcess(process.execPath, [OUR_SPAMD, 'spamd', ...common, '--data-dir', join(dir, `data-${port}`)], port, 120_000)
      : await startSpamdProcess(debianSpamd, [...common, '-u', 'nobody', '-r', join(dir, `${port}.pid`)], port, 60_000);
    try {
      await run(spamc, ['-d', '127.0.0.1', '-p', String(port)], SPAM_MESSAGE);
      await run(spamc, ['-d', '127.0.0.1', '-p', String(port), '-c'], HAM_MESSAGE);
      // spamd's child writes the result line after spamc has its answer: stopping at once can lose it.
      await waitUntil(() => /result: .*mid=<lunch-1@example\.org>/.test(daemon.log()), 10_000);
    } finally {
      await daemon.stop();
    }
    const lines = daemon.log().split('\n').map((l) => l.slice(l.indexOf(' info: ') + 7)).filter((l) => /^spamd: (server started on|server pid|connection from|checking|processing|clean message|identified spam|result:)/.test(l));
    // The readiness probes connect and send nothing: keep the connections a message came on.
    return lines.filter((l, i) => !l.startsWith('spamd: connection from') || /^spamd: (checking|processing)/.test(lines[i + 1] ?? '')).map((l) =>
      l.replace(/\]:\d+ \(running version ([\d.]+)(?:, Spamward [\d.]+)?\)$/, ']:X (running version $1)').replace(/pid: \d+$/, 'pid: X')
        .replace(/\]:\d+ to port \d+, fd \d+/, ']:X to port X, fd X').replace(/(scantime|rport|uid)=[\d.]+/g, '$1=X').replace(/ in [\d.]+ seconds/, ' in X seconds').replace(/ for (\S+):\d+/, ' for $1:X'));
  }

  it('start, connection, message id, verdict and result lines (with Shortcircuit\'s item after autolearn=)', async () => {
    const theirs = await scanLines('theirs');
    assert.equal(theirs.length, 10, theirs.join('\n'));
    // The ham message: nothing hit, and without the AutoLearnThreshold plugin nothing decides what to learn.
    assert.equal(theirs[0], 'spamd: server started on IO::Socket::IP [127.0.0.1]:X (running version 4.0.1)');
    assert.match(theirs[9] ?? '', /^spamd: result: \.  0 -  scantime=X,.*,mid=<lunch-1@example\.org>,autolearn=no autolearn_force=no,shortcircuit=no$/);
    assert.deepEqual(await scanLines('ours'), theirs);
  });
});
