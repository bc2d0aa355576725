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
export function spamAssassinOutput(raw: Buffer, opts: { pre?: string[]; cf: readonly string[] }): Promise<string> {
  const args = ['-L', '-t', '-x', ...(opts.pre ?? []).map((l) => `--pre=${l}`), ...opts.cf.map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const out = stdout.toString('latin1');
      if (err && !out) reject(new Error(`spamassassin failed (apt-get install -y spamassassin): ${err.message}\n${stderr}`));
      else resolve(out);
    });
    child.stdin?.end(raw);
  });
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
