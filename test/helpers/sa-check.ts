/**
 * What the plugin interop tests share: one message through the installed
 * `spamassassin -t` with extra .pre and .cf lines, the rules of ours (SW_…)
 * it hit, the detail lines under a rule's report line, and our engines
 * kept per configuration so that cases sharing one build it once.
 */
import { execFile } from 'node:child_process';
import { after } from 'node:test';
import { createEngine } from '../../src/engine/index.js';

type Engine = Awaited<ReturnType<typeof createEngine>>;

/** `spamassassin -L -t -x` on the message: its whole output, latin1. */
export function spamAssassinOutput(raw: Buffer, opts: { pre?: string[]; cf: readonly string[]; extraArgs?: string[] }): Promise<string> {
  const args = ['-L', '-t', '-x', ...(opts.pre ?? []).map((l) => `--pre=${l}`), ...opts.cf.map((l) => `--cf=${l}`), ...(opts.extraArgs ?? [])];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const out = stdout.toString('latin1');
      if (err && !out) reject(new Error(`spamassassin failed (apt-get install -y spamassassin): ${err.message}\n${stderr}`));
      else resolve(out);
    });
    child.stdin?.end(raw);
  });
}

/**
 * SpamAssassin's output for many messages under one configuration, from one
 * `spamassassin -t --mbox` run (rather than a process, and a rule load,
 * per message): each message's output found again by its Message-ID, which
 * must be unique and its body must hold no line starting `From `.
 */
export async function spamAssassinOutputs(raws: readonly Buffer[], opts: { pre?: string[]; cf: readonly string[] }): Promise<Map<string, string>> {
  const mbox = Buffer.concat(raws.flatMap((raw) => [Buffer.from('From sender@example.org Mon Mar  2 10:00:00 2026\n'), raw, Buffer.from('\n')]));
  const out = await spamAssassinOutput(mbox, { ...opts, extraArgs: ['--mbox'] });
  const byId = new Map<string, string>();
  for (const chunk of out.split(/^From sender@example\.org .*\n/m)) {
    const id = messageId(chunk);
    if (id === undefined) continue;
    if (byId.has(id)) throw new Error(`two messages of one batch have the Message-ID ${id}`);
    byId.set(id, chunk);
  }
  return byId;
}

/**
 * The cases of a test file grouped by configuration, each group scanned by
 * SpamAssassin in one run the first time one of its cases asks.
 */
export function batchedSpamAssassin(pre: string[]): (raw: Buffer, cf: readonly string[], all: readonly { raw: Buffer; cf: readonly string[] }[]) => Promise<string> {
  const runs = new Map<string, Promise<Map<string, string>>>();
  return async (raw, cf, all) => {
    const key = cf.join('\n');
    let run = runs.get(key);
    if (run === undefined) {
      run = spamAssassinOutputs(all.filter((c) => c.cf.join('\n') === key).map((c) => c.raw), { pre, cf });
      runs.set(key, run);
    }
    const id = messageId(raw.toString('latin1')) ?? '';
    const out = (await run).get(id);
    if (out === undefined) throw new Error(`SpamAssassin's mbox output has no message ${id}`);
    return out;
  };
}

function messageId(message: string): string | undefined {
  return /^Message-ID: *(<[^>]*>)/im.exec(message.slice(0, message.indexOf('\n\n')))?.[1];
}

/** Our test rules (SW_…) among the hits of the output's X-Spam-Status, comma-joined as listed. */
export function ourRulesHit(output: string): string {
  const unfolded = output.slice(0, output.indexOf('\n\n') + 1).replace(/\n[ \t]+/g, ' ');
  const tests = (/^X-Spam-Status: .*?tests=(.*?) autolearn=/m.exec(unfolded)?.[1] ?? '').replace(/\s+/g, '');
  return tests.split(',').filter((t) => t.startsWith('SW_')).join(',');
}

/** The details under a rule's line of the long report (indented, or a long one from the first column), one string. */
export function reportDetail(output: string, rule: string): string {
  const lines = output.slice(output.indexOf('Content analysis details:')).split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*-?[\\d.]+ ${rule} `).test(l));
  const detail: string[] = [];
  for (let i = at + 1; at >= 0 && i < lines.length && /^(?: {20,}\S|\[)/.test(lines[i] as string); i++) detail.push((lines[i] as string).trim());
  return detail.join(' ');
}

/** Our output in the same form: the rewritten header section, a blank line, the long report. */
export function ourOutput(engine: Engine, raw: Buffer): string {
  const v = engine.scanSync(raw, { wantReport: true });
  return `${v.rewrittenHeaderSection().toString('latin1')}\n${v.report}`;
}

/** Engines with the .pre lines, one per set of .cf lines, closed after the test file. */
export function enginesByConfig(pre: string[]): (cf: readonly string[]) => Promise<Engine> {
  const engines = new Map<string, Promise<Engine>>();
  after(async () => {
    for (const engine of engines.values()) await (await engine).close();
  });
  return (cf) => {
    const key = cf.join('\n');
    let engine = engines.get(key);
    if (engine === undefined) {
      engine = createEngine({ localTestsOnly: true, noUserConfig: true, preLines: pre, cfLines: [...cf] });
      engines.set(key, engine);
    }
    return engine;
  };
}
