/**
 * Debian's rspamd 3.4 as a spamd client: its external_services module's
 * `spamassassin` scanner (HEADERS SPAMC/1.5, Content-length, no half-close;
 * it parses X-Spam-Status from the reply) pointed at spamward spamd and, as
 * a second rule of the same rspamd, at Debian's spamd. For every message the
 * two symbols must carry the same score and the same SpamAssassin rule
 * names: rspamd reads our headers as it reads SpamAssassin's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Rspamd, startRspamd } from '../bench/lib/rspamd.js';
import { HAM_MESSAGE, LOTTERY_SPAM } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { requireProgram } from '../helpers/spamd-tools.js';
import { startTogether } from '../helpers/start-together.js';

requireProgram('rspamd', 'rspamd');

const NO_AUTOLEARN = '--cf=bayes_auto_learn 0';
const FIXTURES = new URL('../../../test/fixtures/messages/', import.meta.url);
let ours: Daemon;
let theirs: Daemon;
let rspamd: Rspamd;

/** One external_services rule per spamd: named rules of the `spamassassin` type, each with its own symbol. */
function externalServices(oursPort: number, theirsPort: number): string {
  const rule = (name: string, port: number, symbol: string) =>
    `${name} {\n  type = "spamassassin";\n  servers = "127.0.0.1:${port}";\n  symbol = "${symbol}";\n  extended = true;\n  default_score = 1;\n  timeout = 60;\n  retransmits = 0;\n}\n`;
  return rule('spamd_ours', oursPort, 'SPAMD_OURS') + rule('spamd_debian', theirsPort, 'SPAMD_DEBIAN');
}

before(async () => {
  // Auto-learning off in both: their Bayes stores differ (none for ours, a read-only one for Debian's), and
  // so would the autolearn= word of X-Spam-Status, which rspamd's parser folds into the last rule name.
  [ours, theirs] = await startTogether([startOurSpamd([NO_AUTOLEARN]), startDebianSpamd([NO_AUTOLEARN])]);
  rspamd = await startRspamd({
    workers: 1,
    keep: ['external_services'],
    localD: {
      'external_services.conf': externalServices(ours.port, theirs.port),
      // Weight 1: the symbol's score is then SpamAssassin's score, which rspamd multiplies in.
      'external_services_group.conf': 'symbols {\n  SPAMD_OURS { weight = 1.0; }\n  SPAMD_DEBIAN { weight = 1.0; }\n}\n',
    },
    hyperscan: false,
  });
});
after(async () => {
  await Promise.all([rspamd?.stop(), ours?.stop(), theirs?.stop()]);
});

/** What a SPAMD symbol says: its score and the rule names, sorted (absent: SpamAssassin found nothing to report). */
function spamdSymbol(result: Awaited<ReturnType<Rspamd['check']>>, name: string): { score: number; rules: string[] } | undefined {
  const s = result.symbols[name];
  return s === undefined ? undefined : { score: Number(s.score.toFixed(2)), rules: [...(s.options ?? [])].sort() };
}

describe('rspamd scans through spamward spamd as through SpamAssassin', () => {
  it('spam: both symbols carry SpamAssassin\'s score and the same rule names', async () => {
    const r = await rspamd.check(Buffer.from(LOTTERY_SPAM));
    const o = spamdSymbol(r, 'SPAMD_OURS');
    assert.ok(o, `no SPAMD_OURS in ${JSON.stringify(Object.keys(r.symbols))}`);
    assert.ok(o.score >= 5, `score ${o.score}`);
    assert.ok(o.rules.includes('DEAR_WINNER') && o.rules.includes('MILLION_USD'), o.rules.join(','));
    assert.deepEqual(o, spamdSymbol(r, 'SPAMD_DEBIAN'));
    assert.equal(r.symbols.SPAMD_OURS_FAIL, undefined);
  });

  it('ham and fixture messages: the same score and rule names from both daemons, no failures', async () => {
    const messages = [HAM_MESSAGE, ...['nested-mime.eml', 'cp1251-headers.eml', 'long-lines.eml'].map((f) => readFileSync(new URL(f, FIXTURES), 'latin1'))];
    let reported = 0;
    for (const m of messages) {
      const r = await rspamd.check(Buffer.from(m, 'latin1'));
      assert.equal(r.symbols.SPAMD_OURS_FAIL, undefined, JSON.stringify(r.symbols.SPAMD_OURS_FAIL));
      assert.equal(r.symbols.SPAMD_DEBIAN_FAIL, undefined, JSON.stringify(r.symbols.SPAMD_DEBIAN_FAIL));
      const o = spamdSymbol(r, 'SPAMD_OURS');
      assert.deepEqual(o, spamdSymbol(r, 'SPAMD_DEBIAN'), m.slice(0, 200));
      if (o) reported++;
    }
    // rspamd only adds the symbol when SpamAssassin's score is above 0 with rules listed: at least one must be.
    assert.ok(reported > 0, 'no message gave rspamd a SpamAssassin result to compare');
  });
});
