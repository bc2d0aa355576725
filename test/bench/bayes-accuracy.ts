/**
 * Bayes benchmark (not a test): train on easy-ham-1 + spam-1, then scan
 * easy-ham-2, hard-ham-1 and spam-2, with Spamward and with Debian's
 * SpamAssassin trained and tested the same way in the same run (sa-learn
 * into a private bayes_path, then spamd -L on that path). Prints
 * ham-marked-spam % and spam-missed % for both, and learning speed.
 *
 *   node dist/test/bench/bayes-accuracy.js [--learn-limit N] [--scan-limit N] [--no-sa]
 *
 * Until the engine wires Bayes in itself, this script wires it: check_bayes
 * is added to the eval table and the rules are compiled for score set 2.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BayesClassifier } from '../../src/engine/bayes/classifier.js';
import type { EvalDefinition } from '../../src/engine/scan/context-types.js';
import { createEngine } from '../../src/engine/engine.js';
import { evalRegistry } from '../../src/engine/evals/registry.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import { compileRules } from '../../src/engine/rules/compile.js';
import { evaluateRules } from '../../src/engine/rules/evaluate.js';
import { ScanState } from '../../src/engine/scan/scan-state.js';
import { withoutSpamMarkup } from '../../src/engine/scan/strip-markup.js';
import { openStores } from '../../src/engine/storage/open-stores.js';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';
import { spamcRequest, startRealSpamd } from './lib/real-spamd.js';

const args = process.argv.slice(2);
const flag = (name: string, d: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const learnLimit = flag('--learn-limit', Infinity);
const scanLimit = flag('--scan-limit', Infinity);
const withSa = !args.includes('--no-sa');

interface Rates { hamAsSpam: number; hams: number; spamMissed: number; spams: number }
const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)}%`);
const report = (who: string, r: Rates): void => console.log(`${who}: ham marked spam ${pct(r.hamAsSpam, r.hams)} (${r.hamAsSpam}/${r.hams}), spam missed ${pct(r.spamMissed, r.spams)} (${r.spamMissed}/${r.spams})`);

function tally(results: { msg: CorpusMessage; spam: boolean }[]): Rates {
  const r: Rates = { hamAsSpam: 0, hams: 0, spamMissed: 0, spams: 0 };
  for (const { msg, spam } of results) {
    if (msg.isSpam) { r.spams++; if (!spam) r.spamMissed++; } else { r.hams++; if (spam) r.hamAsSpam++; }
  }
  return r;
}

async function spamward(train: CorpusMessage[], test: CorpusMessage[], dir: string): Promise<void> {
  const engine = await createEngine({ localTestsOnly: true });
  const conf = engine.config;
  const stores = openStores(join(dir, 'spamward'), conf);
  const classifier: BayesClassifier = stores.classifier;
  const def: EvalDefinition = { fn: (ctx, a) => classifier.checkBayes(ctx, a), plugin: 'Bayes', types: ['body'] };
  (evalRegistry as Map<string, EvalDefinition>).set('check_bayes', def);
  const t0 = Date.now();
  const pending: Promise<unknown>[] = [];
  for (const m of train) {
    pending.push(classifier.learn(new ScanState(conf, withoutSpamMarkup(parseMessage(m.raw)), 0, new Date()), m.isSpam));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const secs = (Date.now() - t0) / 1000;
  console.log(`spamward learn: ${train.length} messages in ${secs.toFixed(1)} s (${(train.length / secs).toFixed(1)} msg/s); usable=${classifier.isUsable()}`);
  const set = classifier.isUsable() ? 2 : 0;
  const ruleSet = compileRules(conf, set).ruleSet;
  let bayesHits = 0;
  const results = test.map((msg) => {
    const state = new ScanState(conf, withoutSpamMarkup(parseMessage(msg.raw)), set, new Date());
    evaluateRules(state, ruleSet, Date.now() + 60_000);
    if (state.hits.scored.some((h) => h.name.startsWith('BAYES_'))) bayesHits++;
    return { msg, spam: Math.round(state.hits.total * 10) / 10 >= conf.requiredScore };
  });
  report(`spamward (score set ${set}, BAYES_* hit on ${bayesHits}/${test.length})`, tally(results));
  await stores.close();
}

async function spamassassin(train: CorpusMessage[], test: CorpusMessage[], dir: string): Promise<void> {
  const saDir = join(dir, 'sa');
  mkdirSync(saDir, { recursive: true });
  const bayesPath = join(saDir, 'bayes');
  for (const [cls, list] of [['--spam', train.filter((m) => m.isSpam)], ['--ham', train.filter((m) => !m.isSpam)]] as const) {
    const d = join(dir, `train${cls}`);
    mkdirSync(d);
    list.forEach((m, i) => writeFileSync(join(d, `${i}.eml`), m.raw));
  }
  const t0 = Date.now();
  execFileSync('sa-learn', ['--dbpath', bayesPath, '--spam', join(dir, 'train--spam')], { stdio: 'ignore' });
  execFileSync('sa-learn', ['--dbpath', bayesPath, '--ham', join(dir, 'train--ham')], { stdio: 'ignore' });
  const secs = (Date.now() - t0) / 1000;
  console.log(`sa-learn: ${train.length} messages in ${secs.toFixed(1)} s (${(train.length / secs).toFixed(1)} msg/s)`);
  execFileSync('chmod', ['-R', 'a+rwX', dir]);
  chmodSync(dir, 0o777);
  const spamd = await startRealSpamd({ children: 2, cf: [`bayes_path ${bayesPath}`, 'use_bayes 1', 'bayes_auto_learn 0'] });
  try {
    const results: { msg: CorpusMessage; spam: boolean }[] = [];
    let bayesHits = 0;
    for (const msg of test) {
      const reply = await spamcRequest(spamd.port, 'SYMBOLS', msg.raw, { timeoutMs: 120_000 });
      results.push({ msg, spam: /^True\b/i.test(reply.headers.get('spam') ?? '') });
      if (/\bBAYES_/.test(reply.body.toString('latin1'))) bayesHits++;
    }
    // A BAYES_* hit on every message shows spamd really used the trained database.
    report(`spamassassin (BAYES_* hit on ${bayesHits}/${test.length})`, tally(results));
  } finally {
    await spamd.stop();
  }
}

async function main(): Promise<void> {
  const train = loadCorpus(['easy-ham-1', 'spam-1'], learnLimit);
  const test = loadCorpus(['easy-ham-2', 'hard-ham-1', 'spam-2'], scanLimit);
  const dir = mkdtempSync(join(tmpdir(), 'spamward-bayes-bench-'));
  chmodSync(dir, 0o777);
  try {
    console.log(`training ${train.length} messages, testing ${test.length}`);
    await spamward(train, test, dir);
    if (withSa) await spamassassin(train, test, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
