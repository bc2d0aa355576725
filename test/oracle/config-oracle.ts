/**
 * Oracle for the configuration reader: asks the installed SpamAssassin 4.0.1
 * for its parsed rule table (test/oracle/config-dump.pl) and compares it rule
 * by rule with loadConfig() over the same files. Run by hand after a build:
 *   node dist/test/oracle/config-oracle.js [--all-plugins] [--show N]
 * Prints the number of rule names on each side and mismatches per field.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/engine/config/load.js';
import { shippedPluginNames } from '../../src/engine/config/plugins.js';
import { formatTFlags } from '../../src/engine/config/rule-meta-directives.js';
import type { EngineConfig, RuleDef } from '../../src/engine/config/types.js';

interface SaRow {
  name?: string;
  mimeheader?: string;
  type: string;
  test?: string | { fn: string; args: string[] | null };
  header?: string;
  negated?: number;
  ifUnset?: string | null;
  scores?: number[];
  tflags?: string;
  priority?: number | string;
  describe?: string | null;
  settings?: Record<string, unknown>;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'test', 'oracle', 'config-dump.pl'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find test/oracle/config-dump.pl above this script');
    dir = up;
  }
  return dir;
}

function dumpSpamAssassin(allPlugins: boolean): SaRow[] {
  const script = join(repoRoot(), 'test', 'oracle', 'config-dump.pl');
  const r = spawnSync('perl', [script, ...(allPlugins ? ['--all-plugins'] : [])], {
    encoding: 'latin1',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`config-dump.pl failed (is SpamAssassin installed?): ${r.stderr}`);
  // Some plugins (Test) print to stdout while loading; only the JSON rows count.
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as SaRow);
}

/**
 * SA's compiled-regex string without the `(?aa)` prefixes its qr() adds, and
 * with capture templates written back as `%{TAG}`: SA escapes the braces
 * (`%\{TAG\}`) only so Perl accepts the pattern; Spamward keeps them as written.
 */
function saRegex(text: string): string {
  return text.replace(/^(?:\(\?aa\))+/, '').replace(/%\\\{([A-Z][A-Z0-9_]*(?:\([^)}]*\))?)\\\}/g, '%{$1}');
}

function myRegex(pattern: string, flags: string): string {
  return (flags === '' ? '' : `(?${flags})`) + pattern;
}

/** The type SpamAssassin files a rule under. */
function saTypeOf(def: RuleDef): string {
  const t = def.test;
  if (def.type === 'mimeheader' || def.type === 'uri_detail') return 'body_eval';
  if (t.kind === 'eval') {
    if (def.type === 'header') return /^check_(?:rbl|dns)/.test(t.fn) ? 'rbl_eval' : 'header_eval';
    return `${def.type}_eval`;
  }
  return def.type;
}

function myTestText(def: RuleDef): string {
  const t = def.test;
  switch (t.kind) {
    case 'meta': return t.expression;
    case 'eval': return `${t.fn}(${t.args.join('\u0001')})`;
    case 'exists': return `exists:${t.header}`;
    case 'match': return `${t.header}|${t.positive ? 0 : 1}|${t.ifUnset ?? ''}|${myRegex(t.pattern, t.flags)}`;
    case 'regex': return myRegex(t.pattern, t.flags);
    case 'uriDetail': return 'check_uri_detail()';
    default: return '';
  }
}

function saTestText(row: SaRow): string {
  const t = row.test;
  if (t !== undefined && typeof t === 'object') return `${t.fn}(${(t.args ?? ['<syntax error>']).join('\u0001')})`;
  if (row.type === 'header' && row.header !== undefined) {
    return `${row.header}|${row.negated ?? 0}|${row.ifUnset ?? ''}|${saRegex(t ?? '')}`;
  }
  if (row.type === 'meta') return t ?? '';
  return row.type === 'empty' ? '' : saRegex(t ?? '');
}

/** Meta text compared as its lexer tokens, so spacing differences do not count. */
function normaliseMeta(text: string): string {
  return (text.match(/[-+\d.]+|\w[\w:]*|[()]|\|\||&&|\^|!(?!=)|>=?|<=?|==|!=|[-+*/]|[?:]/g) ?? []).join(' ');
}

function sortedFlags(text: string): string {
  return text.split(/\s+/).filter((w) => w !== '').sort().join(' ');
}

type Field = 'type' | 'test' | 'scores' | 'tflags' | 'priority' | 'describe' | 'settings';

class Tally {
  readonly counts: Record<Field, number> = { type: 0, test: 0, scores: 0, tflags: 0, priority: 0, describe: 0, settings: 0 };
  readonly examples: Record<Field, string[]> = { type: [], test: [], scores: [], tflags: [], priority: [], describe: [], settings: [] };
  add(field: Field, name: string, mine: string, theirs: string): void {
    this.counts[field]++;
    this.examples[field].push(`${name}\n      spamward: ${mine}\n      sa:       ${theirs}`);
  }
}

function compareRule(c: EngineConfig, row: SaRow, def: RuleDef, tally: Tally): void {
  const name = row.name as string;
  if (saTypeOf(def) !== row.type) tally.add('type', name, saTypeOf(def), row.type);
  if (def.type !== 'mimeheader' && def.type !== 'uri_detail') {
    const mine = row.type === 'meta' ? normaliseMeta(myTestText(def)) : myTestText(def);
    const theirs = row.type === 'meta' ? normaliseMeta(saTestText(row)) : saTestText(row);
    if (mine !== theirs) tally.add('test', name, mine, theirs);
  }
  const scores = (c.scores.get(name) ?? []).join(' ');
  if (scores !== (row.scores ?? []).join(' ')) tally.add('scores', name, scores, (row.scores ?? []).join(' '));
  const flags = sortedFlags(formatTFlags(c.tflags.get(name) ?? {}));
  if (flags !== sortedFlags(row.tflags ?? '')) tally.add('tflags', name, flags, row.tflags ?? '');
  const prio = String(c.priority.get(name) ?? 0);
  if (Number(prio) !== Number(row.priority ?? 0)) tally.add('priority', name, prio, String(row.priority));
  const desc = c.describe.get(name) ?? null;
  if (desc !== (row.describe ?? null)) tally.add('describe', name, String(desc), String(row.describe));
}

/** Spamward's view of the settings config-dump.pl reports. */
function mySettings(c: EngineConfig): Record<string, unknown> {
  const dkimAddrs = new Set(c.defWelcomelistFromDkim.map((e) => e.addr));
  const free = c.freemailDomains.filter((d) => !/[*?]/.test(d));
  return {
    required_score: c.requiredScore,
    report_safe: c.reportSafe,
    report_contact: c.reportContact,
    report_template: c.reportTemplate,
    unsafe_report_template: c.unsafeReportTemplate,
    headers_spam: c.headersSpam.map((h) => `${h.name}: ${h.template}`),
    headers_ham: c.headersHam.map((h) => `${h.name}: ${h.template}`),
    rewrite_header: Object.fromEntries(c.rewriteHeader),
    originating_ip_headers: c.originatingIpHeaders,
    redirector_patterns: c.redirectorPatterns.length,
    uri_host_lists: Object.fromEntries([...c.uriHostLists].map(([k, v]) => [k, v.length])),
    freemail_domains: free.length,
    def_welcomelist_auth: c.defWelcomelistAuth.length,
    def_welcomelist_from_dkim: dkimAddrs.size,
    adsp_override: c.hashes.get('adsp_override')?.size ?? 0,
    bayes_ignore_header: c.lists.get('bayes_ignore_header')?.length ?? 0,
    uridnsbl_skip_domains: c.lists.get('uridnsbl_skip_domain')?.length ?? 0,
    two_level_domains: c.twoLevelDomains.size,
    three_level_domains: c.threeLevelDomains.size,
  };
}

/** Compares values as canonical JSON (object keys sorted). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function compareSettings(c: EngineConfig, theirs: Record<string, unknown>, tally: Tally): number {
  const mine = mySettings(c);
  for (const [key, value] of Object.entries(theirs)) {
    if (canonical(mine[key]) !== canonical(value)) tally.add('settings', key, canonical(mine[key]), canonical(value));
  }
  return Object.keys(theirs).length;
}

function compareMimeHeader(c: EngineConfig, row: SaRow, tally: Tally): void {
  const def = c.rules.get(row.mimeheader as string);
  if (def?.test.kind !== 'match') return;
  const mine = `${def.test.header}|${def.test.positive ? 0 : 1}|${def.test.ifUnset ?? ''}|${myRegex(def.test.pattern, def.test.flags)}`;
  const theirs = `${row.header}|${row.negated}|${row.ifUnset ?? ''}|${saRegex(String(row.test))}`;
  if (mine !== theirs) tally.add('test', def.name, mine, theirs);
}

/**
 * Cross-check with the shared vectors: SpamAssassin's own check() results for
 * the edge fixtures (score set 0). Every rule hit must exist here, and the
 * score set 0 values of the hits must add up to SpamAssassin's score.
 */
function compareEdgeChecks(c: EngineConfig): void {
  const shared = process.env.SPAMWARD_SHARED ?? join(repoRoot(), '..', 'shared');
  const file = join(shared, 'vectors', 'edge.jsonl.gz');
  if (!existsSync(file)) {
    console.log(`edge checks: skipped, ${file} not found (set SPAMWARD_SHARED)`);
    return;
  }
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((l) => l !== '');
  let messages = 0;
  let unknown = 0;
  let scoreMismatches = 0;
  for (const line of lines) {
    const rec = JSON.parse(line) as { id: string; check?: { score: number; tests: string[] } };
    if (rec.check === undefined) continue;
    messages++;
    let sum = 0;
    for (const t of rec.check.tests) {
      const s = c.scores.get(t);
      if (!c.rules.has(t) || s === undefined) unknown++;
      else if (!t.startsWith('__')) sum += s[0];
    }
    if (Math.abs(sum - rec.check.score) > 0.0005) {
      scoreMismatches++;
      console.log(`    ${rec.id}: spamward sum ${sum.toFixed(3)}, sa ${rec.check.score}`);
    }
  }
  console.log(`edge checks: ${messages} messages, unknown rule names ${unknown}, score-sum mismatches ${scoreMismatches}`);
}

function main(): void {
  const allPlugins = process.argv.includes('--all-plugins');
  const showAt = process.argv.indexOf('--show');
  const show = showAt > 0 ? Number(process.argv[showAt + 1]) : 5;
  const rows = dumpSpamAssassin(allPlugins);
  const preLines = allPlugins ? shippedPluginNames().map((p) => `tryplugin ${p}`) : [];
  const loaded = loadConfig({ localTestsOnly: true, preLines, cfLines: ['allow_user_rules 1'] });
  const c = loaded.config;
  const tally = new Tally();
  const saNames = new Set<string>();
  let settingsCompared = 0;
  for (const row of rows) {
    if (row.settings !== undefined) {
      settingsCompared = compareSettings(c, row.settings, tally);
      continue;
    }
    if (row.mimeheader !== undefined) {
      compareMimeHeader(c, row, tally);
      continue;
    }
    saNames.add(row.name as string);
    const def = c.rules.get(row.name as string);
    if (def !== undefined) compareRule(c, row, def, tally);
  }
  const onlySa = [...saNames].filter((n) => !c.rules.has(n));
  const onlyMine = [...c.rules.keys()].filter((n) => !saNames.has(n));
  const errors = loaded.diagnostics.filter((d) => d.level === 'error').length;
  console.log(`plugin set: ${allPlugins ? 'all shipped plugins' : 'Debian default'}`);
  console.log(`rule names: SpamAssassin ${saNames.size}, Spamward ${c.rules.size}`);
  console.log(`only in SpamAssassin: ${onlySa.length} ${onlySa.slice(0, show).join(' ')}`);
  console.log(`only in Spamward: ${onlyMine.length} ${onlyMine.slice(0, show).join(' ')}`);
  console.log(`diagnostics: ${errors} errors, ${loaded.diagnostics.length - errors} warnings`);
  console.log(`settings compared: ${settingsCompared}`);
  for (const f of Object.keys(tally.counts) as Field[]) {
    console.log(`mismatches in ${f}: ${tally.counts[f]}`);
    for (const e of tally.examples[f].slice(0, show)) console.log(`    ${e}`);
  }
  if (!allPlugins) compareEdgeChecks(c);
}

main();
