/**
 * spamward spamd's answers against Debian's spamd, byte for byte, on a
 * sample of the corpus: one SPAMC command (REPORT by default, or PROCESS,
 * HEADERS…) per message to both daemons, auto-learning off in both (their
 * Bayes stores differ), optional extra config lines for both. What cannot
 * agree is left out before comparing: dates, report_safe MIME boundaries,
 * the checker's own version line, and the order of the rules in a report
 * (SpamAssassin's changes from run to run: Perl hash order; a rule's detail
 * lines are compared sorted too, both sides print them in answer order).
 * Answers where only spamd's leaked GB_CUSTOM_HTM_URI template differs are
 * counted apart. Differing answers are written to --out for reading.
 *
 * --offset K takes the K-th message of each stride instead of the first, for
 * another sample of the same size. --dir D takes every file of a folder instead
 * of the corpus (edge cases, test fixtures). --ours PORT --theirs PORT use two
 * daemons already running (say, each with a Bayes store trained the same way)
 * instead of starting them; --cf then only documents what they run with.
 *
 *   node dist/test/bench/spamd-output.js [--messages 300] [--offset 0] [--dir D] [--command REPORT] [--cf 'line']... [--out DIR]
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDebianSpamd, startOurSpamd } from '../helpers/spamd-peers.js';
import { loadCorpus } from './lib/corpus.js';
import { spamcRequest, type SpamdReply } from './lib/real-spamd.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '300' },
    offset: { type: 'string', default: '0' },
    dir: { type: 'string' },
    ours: { type: 'string' },
    theirs: { type: 'string' },
    command: { type: 'string', default: 'REPORT' },
    cf: { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
  },
});

/** A report's rule line (long form, or terse in a folded X-Spam-Report header) and the lines that belong to it. */
const RULE_LINE = /^(?:\s*-?\d+(?:\.\d)? [A-Z0-9_]{2,} |\t\*\s+-?\d+(?:\.\d)? [A-Z0-9_]{2,})/;
// A summary in a header folds its long descriptions onto lines of their own (`\tmanager`).
const RULE_CONTINUATION = /^(?: {20,}\S|\[|\t\*\s{6,}\S|\t\[|\t[^\s*])/;

/** The answer with what cannot agree left out or put in a fixed order. */
function comparable(reply: SpamdReply): string {
  const text = reply.body
    .toString('latin1')
    .replace(/----------=_[0-9A-F]{8}\.[0-9A-F]{8}/g, '<BOUNDARY>')
    .replace(/[A-Z][a-z]{2}, +\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, '<DATE>')
    .replace(/^X-Spam-Checker-Version: .*$/m, 'X-Spam-Checker-Version: <CHECKER>')
    .replace(/with (?:SpamAssassin|Spamward) \(version [^)]*\)/g, 'with <CHECKER>')
    // A summary in a header (`_SUMMARY_`) starts on the header's own line: put that rule on a line of its own.
    .replace(/^(X-[\w-]+: )(?=\s*-?\d+\.\d [A-Z0-9_]{2,} )/gm, '$1\n\t');
  const rest: string[] = [];
  const blocks: string[][] = [];
  let block: string[] | undefined;
  for (const line of text.split('\n')) {
    if (RULE_LINE.test(line)) {
      block = [line];
      blocks.push(block);
      rest.push('<RULE>');
    } else if (block && RULE_CONTINUATION.test(line)) block.push(line);
    else {
      block = undefined;
      rest.push(line);
    }
  }
  // A rule line's indent depends on where it falls (a header's first line keeps the score's padding), not on the rule.
  const rules = blocks.map((b) => [b[0]?.trim(), ...b.slice(1).sort()].join('\n')).sort();
  return [reply.status, ...rest, ...rules].join('\n');
}

/** The messages to compare: a corpus sample, or every file of --dir. */
function messages(): { group: string; raw: Buffer }[] {
  if (args.dir) {
    const dir = args.dir;
    return readdirSync(dir).sort().filter((f) => statSync(join(dir, f)).isFile()).map((f) => ({ group: f.replace(/\.[^.]*$/, ''), raw: readFileSync(join(dir, f)) }));
  }
  const all = loadCorpus();
  const n = Number(args.messages);
  const step = Math.max(1, Math.floor(all.length / n));
  const offset = Number(args.offset) % step;
  return all.filter((_, i) => i % step === offset).slice(0, n);
}
const sample = messages();
const cf = ['--cf=bayes_auto_learn 0', ...(args.cf ?? []).map((l) => `--cf=${l}`)];
const command = (args.command ?? 'REPORT').toUpperCase();
if (args.out) mkdirSync(args.out, { recursive: true });
/** A daemon this run started, or one already running on a given port (left running). */
const running = (port: string): { port: number; stop: () => Promise<void> } => ({ port: Number(port), stop: async () => undefined });
const [ours, theirs] =
  args.ours !== undefined && args.theirs !== undefined
    ? [running(args.ours), running(args.theirs)]
    : await Promise.all([startOurSpamd(cf), startDebianSpamd(cf)]);
let identical = 0;
let leak = 0;
const differ: string[] = [];
try {
  for (const m of sample) {
    const a = comparable(await spamcRequest(ours.port, command, m.raw, { timeoutMs: 120_000 }));
    const b = comparable(await spamcRequest(theirs.port, command, m.raw, { timeoutMs: 120_000 }));
    if (a === b) identical++;
    else if (a.includes('GB_CUSTOM_HTM_URI') && !b.includes('GB_CUSTOM_HTM_URI')) leak++;
    else {
      const name = `${m.group}-${differ.length}`;
      differ.push(name);
      if (args.out) {
        writeFileSync(join(args.out, `${name}.spamward.txt`), a, 'latin1');
        writeFileSync(join(args.out, `${name}.spamassassin.txt`), b, 'latin1');
      }
    }
  }
} finally {
  await Promise.all([ours.stop(), theirs.stop()]);
}
const result = { bench: 'spamd-output', command, cf: args.cf ?? [], messages: sample.length, identical, gbCustomHtmUriLeak: leak, differ: differ.length };
console.log(JSON.stringify(result));
console.log(`${command} on ${sample.length} ${args.dir ? `messages of ${args.dir}` : 'corpus messages'}: ${identical} identical, ${leak} differ only by spamd's GB_CUSTOM_HTM_URI leak, ${differ.length} differ otherwise`);
