/**
 * What the plugin interop tests share: one message through the installed
 * `spamassassin -t` with extra .pre and .cf lines, the rules of ours (SW_…)
 * it hit, the detail lines under a rule's report line, and both outputs
 * side by side for a file's cases (engines and SpamAssassin runs shared by
 * the cases of one configuration).
 */
import { execFile } from 'node:child_process';
import { after } from 'node:test';
import { createEngine } from '../../src/engine/index.js';

type Engine = Awaited<ReturnType<typeof createEngine>>;

interface SaOptions {
  pre?: string[];
  cf: readonly string[];
  /** Network tests on (no -L): the .cf lines then point dns_server at a test resolver. */
  network?: boolean;
  /** A private rules and site folder (test/helpers/mini-rules.ts) instead of the installed ones. */
  rules?: RuleFolders;
}

/** The two folders a configuration is read from. */
export interface RuleFolders {
  rules: string;
  site: string;
}

/** `spamassassin -t -x` (with -L unless network tests are wanted) on the message: its whole output, latin1. */
function spamAssassinOutput(raw: Buffer, opts: SaOptions & { extraArgs?: string[] }): Promise<string> {
  const folders = opts.rules ? [`--configpath=${opts.rules.rules}`, `--siteconfigpath=${opts.rules.site}`] : [];
  const args = [...(opts.network ? [] : ['-L']), '-t', '-x', ...folders, ...(opts.pre ?? []).map((l) => `--pre=${l}`), ...opts.cf.map((l) => `--cf=${l}`), ...(opts.extraArgs ?? [])];
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
async function spamAssassinOutputs(raws: readonly Buffer[], opts: SaOptions): Promise<Map<string, string>> {
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

function messageId(message: string): string | undefined {
  return /^Message-ID: *(<[^>]*>)/im.exec(message.slice(0, message.indexOf('\n\n')))?.[1];
}

/** The unfolded value of an added `X-Spam-NAME` header of the output; undefined when it has none. */
export function spamHeader(output: string, name: string): string | undefined {
  const unfolded = output.slice(0, output.indexOf('\n\n') + 1).replace(/\n[ \t]+/g, ' ');
  return new RegExp(`^X-Spam-${name}: (.*)$`, 'm').exec(unfolded)?.[1];
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
async function ourOutput(engine: Engine, raw: Buffer, network: boolean): Promise<string> {
  // scanSync runs no network tests; scan() does when the engine has DNS.
  const v = network ? await engine.scan(raw, { wantReport: true }) : engine.scanSync(raw, { wantReport: true });
  return `${v.rewrittenHeaderSection().toString('latin1')}\n${v.report}`;
}

export interface SideBySideCase {
  raw: Buffer;
  /** The .cf lines of the case's configuration. */
  cf: readonly string[];
}

/**
 * Our output and SpamAssassin's for the cases of a test file, both with the
 * .pre lines: our engines built once per configuration (closed after the
 * file), SpamAssassin scanning each configuration's cases in one --mbox run
 * the first time one of them is asked for. With `network`, both run their
 * network tests (the cases' .cf lines name the resolver); with `rules`, both
 * read those folders instead of the installed rules (a test that needs no
 * stock rule starts both in a fraction of the time).
 */
export function sideBySide(
  pre: string[],
  cases: readonly SideBySideCase[],
  { network = false, rules }: { network?: boolean; rules?: RuleFolders } = {},
): (c: SideBySideCase) => Promise<{ ours: string; theirs: string }> {
  const engines = new Map<string, Promise<Engine>>();
  const runs = new Map<string, Promise<Map<string, string>>>();
  after(async () => {
    for (const engine of engines.values()) await (await engine).close();
  });
  const once = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return async ({ raw, cf }) => {
    const key = cf.join('\n');
    const folders = rules ? { configPath: rules.rules, siteConfigPath: rules.site } : {};
    const engine = once(engines, key, () => createEngine({ localTestsOnly: !network, noUserConfig: true, ...folders, preLines: pre, cfLines: [...cf] }));
    const run = once(runs, key, () => spamAssassinOutputs(cases.filter((c) => c.cf.join('\n') === key).map((c) => c.raw), { pre, cf, network, rules }));
    const ours = await ourOutput(await engine, raw, network);
    const id = messageId(raw.toString('latin1')) ?? '';
    const theirs = (await run).get(id);
    if (theirs === undefined) throw new Error(`SpamAssassin's mbox output has no message ${id}`);
    return { ours, theirs };
  };
}
