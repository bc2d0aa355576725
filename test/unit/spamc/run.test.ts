import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSpamc, type SpamcIO } from '../../../spamc/run.js';
import { cannedSpamd } from '../../helpers/spamd-canned.js';

const MSG = 'From: a@b\r\nSubject: t\r\n\r\nbody\r\n';

/** Runs spamc in-process with the message on "stdin"; returns stdout, exit code and stderr. */
async function spamc(args: string[], input = MSG): Promise<{ out: string; code: number; err: string; piped?: { argv: string[]; data: string } }> {
  let out = '';
  let err = '';
  let piped: { argv: string[]; data: string } | undefined;
  const data = Buffer.from(input, 'latin1');
  let offered = 0;
  const io: SpamcIO = {
    readInput: async (n) => {
      const b = data.subarray(0, n);
      offered = b.length;
      return b;
    },
    copyRestOfInput: async (write) => write(data.subarray(offered)),
    writeStdout: async (b) => {
      out += b.toString('latin1');
    },
    writeStderr: (s) => {
      err += s;
    },
    userName: () => 'tester',
    pipeTo: async (argv, output) => {
      piped = { argv, data: output.toString('latin1') };
      return 7;
    },
    defaultConfigFile: '/nonexistent/spamc.conf',
  };
  const code = await runSpamc(['-l', ...args], io);
  return piped === undefined ? { out, code, err } : { out, code, err, piped };
}

describe('spamc against canned spamd replies', () => {
  it('sends User and Content-length, and prints the CHECK score line', async () => {
    const s = await cannedSpamd(() => 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 7.25 / 5.0\r\n\r\n');
    try {
      assert.deepEqual(await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-c']), { out: '7.2/5.0\n', code: 1, err: '' });
      assert.equal(s.requests[0]?.toString('latin1'), `CHECK SPAMC/1.5\r\nUser: tester\r\nContent-length: ${MSG.length}\r\n\r\n${MSG}`);
    } finally {
      await s.close();
    }
  });

  it('a non-SPAMD reply is a protocol error (76 with -x)', async () => {
    const s = await cannedSpamd(() => 'HTTP/1.1 200 OK\r\n\r\n');
    try {
      const r = await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-x']);
      assert.deepEqual([r.out, r.code], ['', 76]);
      const safe = await spamc(['-p', String(s.port), '-d', '127.0.0.1']);
      assert.deepEqual([safe.out, safe.code], [MSG, 0]);
    } finally {
      await s.close();
    }
  });

  it('an error status line ends in EOF: 74 with -x, pass-through without', async () => {
    const s = await cannedSpamd(() => 'SPAMD/1.0 76 Bad header line: (x)\r\n');
    try {
      assert.equal((await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-x'])).code, 74);
      assert.deepEqual((await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-y'])).out, '\n');
    } finally {
      await s.close();
    }
  });

  it('a Content-length that does not match fails the sanity check', async () => {
    const s = await cannedSpamd(() => 'SPAMD/1.1 0 EX_OK\r\nContent-length: 50\r\nSpam: False ; 0.0 / 5.0\r\n\r\nabcde');
    try {
      const r = await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-x']);
      assert.equal(r.code, 76);
      assert.match(r.err, /failed sanity check, 50 bytes claimed, 5 bytes seen/);
    } finally {
      await s.close();
    }
  });

  it('-r prints no score line for "Yes"; -R prints it', async () => {
    const s = await cannedSpamd((req) =>
      req.toString().startsWith('REPORT_IFSPAM') ? 'SPAMD/1.1 0 EX_OK\r\nContent-length: 4\r\nSpam: Yes ; 9.0 / 5.0\r\n\r\nrep\n' : 'SPAMD/1.1 0 EX_OK\r\nContent-length: 4\r\nSpam: True ; 9.0 / 5.0\r\n\r\nrep\n',
    );
    try {
      assert.deepEqual(await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-r', '-E']), { out: 'rep\n', code: 0, err: '' });
      assert.deepEqual(await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-R', '-E']), { out: '9.0/5.0\nrep\n', code: 1, err: '' });
    } finally {
      await s.close();
    }
  });

  it('--headers glues the original body onto the returned header section', async () => {
    const s = await cannedSpamd(() => 'SPAMD/1.1 0 EX_OK\r\nContent-length: 19\r\nSpam: False ; 0.0 / 5.0\r\n\r\nX-Spam-Flag: NO\r\n\r\n');
    try {
      assert.equal((await spamc(['-p', String(s.port), '-d', '127.0.0.1', '--headers'])).out, 'X-Spam-Flag: NO\r\n\r\nbody\r\n');
    } finally {
      await s.close();
    }
  });

  it('--filter-retries repeats the exchange after an I/O error', async () => {
    const s = await cannedSpamd((_req, n) => (n === 1 ? undefined : 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; 1.0 / 5.0\r\n\r\n'));
    try {
      const r = await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-c', '--filter-retries', '2', '--filter-retry-sleep', '0']);
      assert.deepEqual([r.out, r.code, s.requests.length], ['1.0/5.0\n', 0, 2]);
    } finally {
      await s.close();
    }
  });

  it('-e hands the output to the command and returns its status', async () => {
    const s = await cannedSpamd(() => 'SPAMD/1.1 0 EX_OK\r\nSpam: False ; 1.0 / 5.0\r\n\r\n');
    try {
      const r = await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-c', '-e', '/bin/cat', '-n']);
      assert.deepEqual([r.out, r.code, r.piped], ['', 7, { argv: ['/bin/cat', '-n'], data: '1.0/5.0\n' }]);
    } finally {
      await s.close();
    }
  });

  it('-B scans the BSMTP message and re-wraps the result', async () => {
    const s = await cannedSpamd((req) => {
      const body = req.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
      const out = `X-Seen: yes\n${body}`;
      return `SPAMD/1.1 0 EX_OK\r\nContent-length: ${out.length}\r\nSpam: False ; 0.0 / 5.0\r\n\r\n${out}`;
    });
    try {
      const r = await spamc(['-p', String(s.port), '-d', '127.0.0.1', '-B'], 'MAIL FROM:<a@b>\nDATA\nSubject: x\n\n..dot\n.\nQUIT\n');
      assert.equal(r.out, 'MAIL FROM:<a@b>\nDATA\nX-Seen: yes\nSubject: x\n\n..dot\n.\nQUIT\n');
    } finally {
      await s.close();
    }
  });

  it('usage errors print the usage on stdout and exit 64', async () => {
    const r = await spamc(['-j']);
    assert.equal(r.code, 64);
    assert.match(r.out, /^SpamAssassin Client version 4\.0\.1\n/);
    assert.equal(r.err, 'Error in argument 2, char 2: option not found j\n');
  });
});
