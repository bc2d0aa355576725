/**
 * SpamAssassin 4.0.1's FreeMail plugin, looking for addresses in the body,
 * strips URLs holding an '@' and "address wrote:"-like text from the
 * body-rule array itself (its loop variable aliases the array's lines). Body
 * rules that run after it then read the stripped lines. Spamward keeps that
 * behaviour for the same verdicts; this pins it against the installed
 * SpamAssassin, with a sender that triggers the plugin's body scan (a
 * freemail From and no Reply-To) and one that does not.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';

const CF = [
  'use_bayes 0',
  'bayes_auto_learn 0',
  'freemail_domains freemail.example',
  // Runs among the header evals, before any body rule of the same priority.
  "header __SW_FM_REPLY eval:check_freemail_replyto('reply')",
  'body SW_SEES_WROTE /joe\\@example\\.com wrote:/',
  'score SW_SEES_WROTE 0.01',
  'body SW_SEES_URL_AT /https:\\/\\/files\\.example\\.com\\/get\\@now/',
  'score SW_SEES_URL_AT 0.01',
  'body SW_SEES_PLAIN /plain words stay/',
  'score SW_SEES_PLAIN 0.01',
];

function message(from: string): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: reader@example.org',
      'Subject: notes from the meeting',
      'Date: Mon, 2 Mar 2026 10:00:00 +0000',
      'Message-ID: <freemail-body-1@example.org>',
      '',
      'On Monday joe@example.com wrote: see you there',
      '',
      'The file is at https://files.example.com/get@now for everyone.',
      '',
      'plain words stay as they are',
      '',
    ].join('\n'),
    'latin1',
  );
}

function spamAssassinTests(raw: Buffer): Promise<string[]> {
  const args = ['-L', '-t', '-x', ...CF.map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      if (err && !stdout.length) {
        reject(new Error(`spamassassin failed (is Debian's spamassassin installed? apt-get install -y spamassassin): ${err.message}\n${stderr}`));
        return;
      }
      const status = /^X-Spam-Status:[\s\S]*?tests=([\s\S]*?)\s+autolearn=/m.exec(stdout.toString('latin1'));
      if (!status) reject(new Error(`no X-Spam-Status in spamassassin's output:\n${stdout.toString('latin1')}`));
      else resolve(status[1]!.replace(/\s+/g, '').split(',').filter((t) => t.startsWith('SW_')).sort());
    });
    child.stdin?.end(raw);
  });
}

test('body rules after the FreeMail body scan read the lines it stripped, as in SpamAssassin', async () => {
  const engine = await createEngine({ localTestsOnly: true, cfLines: CF });
  try {
    const spamward = (raw: Buffer) => engine.scanSync(raw).testNames.filter((t) => t.startsWith('SW_')).sort();
    const freemail = message('Pat <pat@freemail.example>');
    const corporate = message('Pat <pat@corp.example.net>');
    const [saFreemail, saCorporate] = await Promise.all([spamAssassinTests(freemail), spamAssassinTests(corporate)]);
    assert.deepEqual(saFreemail, ['SW_SEES_PLAIN'], 'SpamAssassin: the scan stripped both lines');
    assert.deepEqual(saCorporate, ['SW_SEES_PLAIN', 'SW_SEES_URL_AT', 'SW_SEES_WROTE'], 'SpamAssassin: no scan, nothing stripped');
    assert.deepEqual(spamward(freemail), saFreemail);
    assert.deepEqual(spamward(corporate), saCorporate);
  } finally {
    await engine.close();
  }
});
