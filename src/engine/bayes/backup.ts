/**
 * `sa-learn --backup` / `--restore` text format, so a database moves
 * between SpamAssassin's DBM store and Spamward's LMDB store both ways:
 *
 *   v <version> db_version # this must be the first line!!!
 *   v <nspam> num_spam
 *   v <nham> num_nonspam
 *   t <spam> <ham> <atime> <10-hex-digit key>
 *   s <s|h> <message id>
 */
import { StorageError } from '../../util/errors.js';
import { type AnyBayesStore, type BayesMagic, type BayesStore, isRemoteStore, type SeenClass, type TokenCounts } from './store.js';
import { DB_VERSION } from './store.js';

export function* backupLines(store: BayesStore): Iterable<string> {
  yield* headerLines(store.magic());
  for (const [key, c] of store.tokens()) yield tokenLine(key, c);
  for (const [id, cls] of store.seenEntries()) yield seenLine(id, cls);
}

/** The same lines from any store; a remote one is read in batches. */
export async function* backupStream(store: AnyBayesStore): AsyncIterable<string> {
  if (!isRemoteStore(store)) {
    yield* backupLines(store);
    return;
  }
  yield* headerLines(await store.refresh());
  for await (const [key, c] of store.tokens()) yield tokenLine(key, c);
  for await (const [id, cls] of store.seenEntries()) yield seenLine(id, cls);
}

function headerLines(m: BayesMagic): string[] {
  return [`v\t${m.dbVersion || DB_VERSION}\tdb_version # this must be the first line!!!\n`, `v\t${m.nspam}\tnum_spam\n`, `v\t${m.nham}\tnum_nonspam\n`];
}

function tokenLine(key: Buffer, c: TokenCounts): string {
  return `t\t${c.spam}\t${c.ham}\t${c.atime}\t${key.toString('hex')}\n`;
}

function seenLine(id: string, cls: SeenClass): string {
  return `s\t${cls}\t${id}\n`;
}

export interface RestoreSummary {
  tokens: number;
  seen: number;
  nspam: number;
  nham: number;
  skipped: number;
}

interface ParsedBackup extends RestoreSummary {
  toks: [Buffer, TokenCounts][];
  seenList: [string, SeenClass][];
  oldest: number;
  newest: number;
}

/** Parse a backup; throws StorageError when the version line or the counters are missing. */
export function parseBackup(text: string, now: number): ParsedBackup {
  const lines = text.split('\n');
  const first = /^v\s+(\d+)\s+db_version/.exec(lines[0] ?? '');
  if (!first) throw new StorageError('backup: the database version must be the first line');
  const version = Number(first[1]);
  if (version !== 3) throw new StorageError(`backup: database version ${version} is unsupported, must be version 3`);
  const out: ParsedBackup = { tokens: 0, seen: 0, nspam: NaN, nham: NaN, skipped: 0, toks: [], seenList: [], oldest: Infinity, newest: 0 };
  for (const raw of lines.slice(1)) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (!parseLine(line, out, now)) out.skipped++;
  }
  if (Number.isNaN(out.nspam) || Number.isNaN(out.nham)) throw new StorageError('backup: num_spam or num_nonspam line missing');
  if (out.oldest === Infinity) out.oldest = 0;
  return out;
}

function parseLine(line: string, out: ParsedBackup, now: number): boolean {
  const f = line.split(/\s+/);
  if (f[0] === 'v') {
    const value = Number(f[1]) || 0;
    if (f[2] === 'num_spam') out.nspam = value;
    else if (f[2] === 'num_nonspam') out.nham = value;
    else return false;
    return true;
  }
  if (f[0] === 't') {
    const spam = Math.max(0, Number(f[1]) || 0);
    const ham = Math.max(0, Number(f[2]) || 0);
    let atime = Number(f[3]) || 0;
    const hex = f[4] ?? '';
    if (!/^[0-9a-fA-F]{10}$/.test(hex) || (spam === 0 && ham === 0)) return false;
    if (atime > now) atime = now;
    out.toks.push([Buffer.from(hex, 'hex'), { spam, ham, atime }]);
    out.oldest = Math.min(out.oldest, atime);
    out.newest = Math.max(out.newest, atime);
    out.tokens++;
    return true;
  }
  if (f[0] === 's') {
    const m = /^s\s+(\S+)\s+([\s\S]+)$/.exec(line);
    if (!m || (m[1] !== 's' && m[1] !== 'h')) return false;
    out.seenList.push([m[2] as string, m[1]]);
    out.seen++;
    return true;
  }
  return false;
}

/** Replace the whole database with a backup's content, in one transaction. */
export async function restoreBackup(store: AnyBayesStore, text: string, now = Math.floor(Date.now() / 1000)): Promise<RestoreSummary> {
  const parsed = parseBackup(text, now);
  if (isRemoteStore(store)) {
    await store.restore(parsed);
    return summary(parsed);
  }
  await store.clear();
  await store.write((tx) => {
    for (const [key, c] of parsed.toks) tx.putToken(key, c);
    for (const [id, cls] of parsed.seenList) tx.putSeen(id, cls);
    tx.setMagic({
      dbVersion: DB_VERSION, nspam: parsed.nspam, nham: parsed.nham, ntokens: parsed.toks.length,
      oldestAtime: parsed.oldest, newestAtime: parsed.newest, lastExpire: 0, lastJournalSync: 0, lastAtimeDelta: 0, lastExpireReduce: 0,
    });
  });
  return summary(parsed);
}

function summary({ tokens, seen, nspam, nham, skipped }: ParsedBackup): RestoreSummary {
  return { tokens, seen, nspam, nham, skipped };
}
