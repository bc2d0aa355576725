/**
 * TextCat against the installed SpamAssassin on corpus messages, and what it
 * costs. A sample of the corpus (every k-th message of every group) goes
 * through `spamassassin --mbox` once with TextCat loaded, and through
 * Spamward's engine with the same settings; it prints how often `_LANGUAGES_`
 * and the check_language hit agree, with the messages that differ. Then it
 * scans the sample with TextCat on and off in one process, the two engines
 * taking turns on each message, and prints the CPU per message of each.
 *
 *   node dist/test/bench/textcat-agreement.js [--limit 300] [--ok-languages en] [--rounds 4 (0: no CPU figures)] [--show 10]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type SpamwardEngine } from '../../src/engine/engine.js';
import { type CorpusMessage, loadCorpus } from './lib/corpus.js';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string', default: '300' },
    'ok-languages': { type: 'string', default: 'en' },
    rounds: { type: 'string', default: '4' },
    show: { type: 'string', default: '10' },
  },
});

const TEXTCAT = 'loadplugin Mail::SpamAssassin::Plugin::TextCat';
/** The system rule sits in an `ifplugin` block that --cf lines come too late for, so the bench names its own. */
const RULE = 'SW_TEXTCAT_UNWANTED';
const BASE_CF = ['use_bayes 0', 'bayes_auto_learn 0', 'report_safe 0', 'fold_headers 0'];
const TEXTCAT_CF = [
  TEXTCAT,
  `ok_languages ${args['ok-languages']}`,
  `body ${RULE} eval:check_language()`,
  `score ${RULE} 0.001`,
  'add_header all Lang _LANGUAGES_',
  'add_header all Tests _TESTS_',
  'add_header all Tcr _TEXTCATRESULTS_',
];
const ENVELOPE = 'From textcat-bench@example.org Tue Jan  6 09:00:00 2026';
const SEQ_HEADER = 'X-Textcat-Bench-Seq';

interface Outcome {
  languages: string;
  hit: boolean;
  ranking: string;
}

/** Every k-th message of the whole corpus, so each group is sampled. */
function sample(limit: number): CorpusMessage[] {
  const all = loadCorpus();
  const step = Math.max(1, Math.floor(all.length / limit));
  return all.filter((_, i) => i % step === 0).slice(0, limit);
}

/**
 * The message as the mbox carries it: "From " lines escaped, so the envelope
 * lines are the only ones, and a first header numbering it, since
 * SpamAssassin's mbox reader does not keep the messages in file order.
 */
function mboxBody(raw: Buffer, seq: number): string {
  return `${SEQ_HEADER}: ${seq}\n${raw.toString('latin1').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}`;
}

function spamAssassinOutcomes(messages: string[], root: string): Outcome[] {
  const mbox = join(root, 'sample.mbox');
  writeFileSync(mbox, messages.map((m) => `${ENVELOPE}\n${m}\n`).join(''), 'latin1');
  const cf = [...BASE_CF, ...TEXTCAT_CF].map((c) => `--cf=${c}`);
  const r = spawnSync('spamassassin', ['-L', '-x', '--mbox', ...cf, mbox], { encoding: 'latin1', timeout: 1_800_000, maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`spamassassin is required (apt-get install -y spamassassin): ${r.error.message}`);
  const outcomes: Outcome[] = [];
  for (const part of r.stdout.split(`${ENVELOPE}\n`).slice(1)) {
    const head = part.slice(0, part.indexOf('\n\n'));
    const seq = Number(new RegExp(`^${SEQ_HEADER}: (\\d+)$`, 'm').exec(head)?.[1]);
    outcomes[seq] = outcomeOf((name) => new RegExp(`^X-Spam-${name}: ?(.*)$`, 'm').exec(head)?.[1]);
  }
  const missing = messages.findIndex((_, i) => outcomes[i] === undefined);
  if (missing >= 0) throw new Error(`spamassassin's output lacks message ${missing}\n${r.stderr}`);
  return outcomes;
}

function outcomeOf(header: (name: string) => string | undefined): Outcome {
  return {
    languages: (header('Lang') ?? '<missing>').trim(),
    hit: (header('Tests') ?? '').split(',').includes(RULE),
    ranking: (header('Tcr') ?? '').trim(),
  };
}

function ourOutcome(engine: SpamwardEngine, message: string): Outcome {
  const v = engine.scanSync(Buffer.from(`${message}\n`, 'latin1'));
  return outcomeOf((name) => v.addedHeaders.find((h) => h.name === `X-Spam-${name}`)?.value);
}

/**
 * Languages at the same distance come in Perl's hash order in SpamAssassin,
 * which changes from run to run: a difference only in the order of tied
 * languages is counted apart.
 */
function sameUpToTies(a: Outcome, b: Outcome): boolean {
  const sortedA = a.languages.split(' ').sort().join(' ');
  const sortedB = b.languages.split(' ').sort().join(' ');
  return sortedA === sortedB && a.ranking.split(' ').sort().join(' ') === b.ranking.split(' ').sort().join(' ');
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU per message with TextCat on and off, the two engines taking turns on
 * each message (the one going first alternating): the machine's load drifts
 * too much between whole passes for their difference to mean anything.
 */
function measureCpu(on: SpamwardEngine, off: SpamwardEngine, messages: Buffer[], rounds: number): { on: number; off: number } {
  const total = { on: 0, off: 0 };
  const timed = (engine: SpamwardEngine, m: Buffer): number => {
    const t0 = cpuMs();
    engine.scanSync(m, { autoLearn: false });
    return cpuMs() - t0;
  };
  // One untimed pass each, so neither pays for V8 warming up.
  for (const m of messages) {
    timed(on, m);
    timed(off, m);
  }
  for (let r = 0; r < rounds; r++) {
    messages.forEach((m, i) => {
      if ((i + r) % 2 === 0) {
        total.on += timed(on, m);
        total.off += timed(off, m);
      } else {
        total.off += timed(off, m);
        total.on += timed(on, m);
      }
    });
  }
  return { on: total.on / (rounds * messages.length), off: total.off / (rounds * messages.length) };
}

/** The cost of TextCat alone: two engines that differ only by the plugin and its rule. */
async function printCpu(messages: Buffer[], rounds: number, engineWith: (cf: string[], dir: string) => Promise<SpamwardEngine>): Promise<void> {
  const on = await engineWith([TEXTCAT, `ok_languages ${args['ok-languages']}`, `body ${RULE} eval:check_language()`], 'cpu-on');
  const off = await engineWith([], 'cpu-off');
  try {
    const cpu = measureCpu(on, off, messages, rounds);
    console.log(`CPU per message: TextCat on ${cpu.on.toFixed(3)} ms, off ${cpu.off.toFixed(3)} ms (+${(cpu.on - cpu.off).toFixed(3)} ms, ${((cpu.on / cpu.off - 1) * 100).toFixed(1)}%)`);
  } finally {
    await on.close();
    await off.close();
  }
}

async function main(): Promise<void> {
  const messages = sample(Number(args.limit)).map((m, i) => mboxBody(m.raw, i));
  const root = mkdtempSync(join(tmpdir(), 'spamward-textcat-'));
  try {
    const sa = spamAssassinOutcomes(messages, root);
    const engineWith = (cf: string[], dir: string) => createEngine({ localTestsOnly: true, noUserConfig: true, dataDir: join(root, dir), cfLines: [...BASE_CF, ...cf] });
    const on = await engineWith(TEXTCAT_CF, 'on');
    let sameTag = 0;
    let sameUpToTieOrder = 0;
    let sameHit = 0;
    const differing: string[] = [];
    messages.forEach((m, i) => {
      const ours = ourOutcome(on, m);
      const theirs = sa[i] as Outcome;
      if (ours.languages === theirs.languages) sameTag++;
      else if (sameUpToTies(ours, theirs)) sameUpToTieOrder++;
      else differing.push(`#${i}: spamward "${ours.languages}" [${ours.ranking}]\n      spamassassin "${theirs.languages}" [${theirs.ranking}]`);
      if (ours.hit === theirs.hit) sameHit++;
    });
    const n = messages.length;
    const detected = sa.filter((o) => o.languages !== '').length;
    console.log(`messages: ${n} (SpamAssassin found a language in ${detected}, check_language hit on ${sa.filter((o) => o.hit).length})`);
    console.log(`_LANGUAGES_ identical: ${sameTag}/${n}; same but for the order of tied languages: ${sameUpToTieOrder}; different: ${differing.length}`);
    console.log(`check_language (ok_languages ${args['ok-languages']}) agrees: ${sameHit}/${n}`);
    for (const d of differing.slice(0, Number(args.show))) console.log(`  ${d}`);
    const rounds = Number(args.rounds);
    await on.close();
    if (rounds > 0) await printCpu(messages.map((m) => Buffer.from(`${m}\n`, 'latin1')), rounds, engineWith);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
