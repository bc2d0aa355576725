/**
 * The Bayes changes of one LMDB write transaction, gathered across every
 * learn that shares it (group commit) and written when the transaction
 * ends. A token that 200 messages of a batch carry is then put once rather
 * than 200 times, and the counters once rather than once per message. Reads
 * inside the transaction see the gathered changes first, so each learn still
 * reads what the learns before it wrote.
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { Buffer } from 'node:buffer';
import type { BayesMagic, BayesTxn, SeenClass, TokenCounts } from '../bayes/store.js';
import { TOKEN_KEY_BYTES } from '../bayes/hash.js';
import { clampU32, decodeTokenCounts, encodeNumber, encodeTokenCountsInto, stringKey, TOKEN_COUNTS_BYTES } from './key-layout.js';
import { StorageError } from '../../util/errors.js';
import type { LmdbEnvironment } from './lmdb-environment.js';
import { keyLow, TokenTable } from './token-table.js';

const DELETED = null;

/**
 * A token's state in the transaction's table. A slot never goes back to
 * empty within a transaction: taking a change back marks it UNCHANGED,
 * which lookups treat as "ask the database".
 */
export const CHANGED = 1;
export const DELETED_TOKEN = 2;
export const UNCHANGED = 3;
const WRITTEN = [CHANGED, DELETED_TOKEN] as const;

type Undo = () => void;

export class BayesWriteBatch implements BayesTxn {
  private readonly toks = new TokenTable();
  private readonly seen = new Map<string, SeenClass | typeof DELETED>();
  private magic: BayesMagic | undefined;
  /**
   * How to take back the token changes of the learn in progress: per change
   * the key and the slot's state and counts before it, newest last. Numbers
   * rather than one closure per token: a learn changes hundreds of tokens,
   * and only a failed one looks back. Keys, not slots: the table may grow.
   */
  private undoTokens: number[] = [];
  /** The other changes of the learn in progress (seen ids, counters), newest last. */
  private undo: Undo[] = [];
  /** The key and counts getToken last returned: a put of the same counts is only an atime touch. */
  private lastReadHigh = -1;
  private lastReadLow = -1;
  private lastRead: TokenCounts | undefined;
  /** Some learn, forget or expiry of this transaction changed a token's counts (not only its atime). */
  private countsChanged = false;

  constructor(
    private readonly env: LmdbEnvironment,
    private readonly committed: { magic(): BayesMagic; seen(id: string): SeenClass | undefined },
    /** Told each token the transaction writes (its key's first byte and the other four; undefined: deleted), so a scanner's cache stays in step. */
    private readonly onWritten: (high: number, low: number, counts: TokenCounts | undefined) => void = () => {},
  ) {}

  /** A new object on every call: callers read it and put new ones (see BayesTxn). */
  getToken(key: Buffer): TokenCounts | undefined {
    checkKey(key);
    const high = key[0] as number;
    const low = keyLow(key);
    const t = this.toks;
    const slot = t.find(high, low);
    const state = slot < 0 ? UNCHANGED : t.stateAt(slot);
    let counts: TokenCounts | undefined;
    if (state === CHANGED) counts = this.countsAt(slot);
    else if (state !== DELETED_TOKEN) counts = decodeTokenCounts(this.env.tokens.getBinaryFast(key));
    this.lastReadHigh = high;
    this.lastReadLow = low;
    this.lastRead = counts;
    return counts;
  }

  putToken(key: Buffer, counts: TokenCounts): void {
    checkKey(key);
    const high = key[0] as number;
    const low = keyLow(key);
    const readFirst = high === this.lastReadHigh && low === this.lastReadLow ? this.lastRead : undefined;
    if (!readFirst || readFirst.spam !== counts.spam || readFirst.ham !== counts.ham) this.countsChanged = true;
    this.changeToken(high, low, CHANGED, counts);
  }

  delToken(key: Buffer): void {
    checkKey(key);
    this.countsChanged = true;
    this.changeToken(key[0] as number, keyLow(key), DELETED_TOKEN, undefined);
  }

  getMagic(): BayesMagic {
    return { ...(this.magic ?? this.committed.magic()) };
  }

  setMagic(changes: Partial<BayesMagic>): void {
    const before = this.magic;
    this.undo.push(() => { this.magic = before; });
    this.magic = { ...this.getMagic(), ...changes };
  }

  getSeen(id: string): SeenClass | undefined {
    const v = this.seen.get(id);
    if (v === DELETED) return undefined;
    return v ?? this.committed.seen(id);
  }

  putSeen(id: string, cls: SeenClass): void {
    this.change(this.seen, id, cls);
  }

  delSeen(id: string): void {
    this.change(this.seen, id, DELETED);
  }

  /** A learn starts: its changes can be taken back until end(). */
  begin(): void {
    this.resetUndo();
  }

  /** The learn finished: keep its changes (ok) or take them back. */
  end(ok: boolean): void {
    if (!ok) {
      for (let i = this.undo.length - 1; i >= 0; i--) (this.undo[i] as Undo)();
      const u = this.undoTokens;
      for (let i = u.length - UNDO_FIELDS; i >= 0; i -= UNDO_FIELDS) {
        this.toks.set(u[i] as number, u[i + 1] as number, u[i + 2] as number, u[i + 3], u[i + 4], u[i + 5]);
      }
    }
    this.resetUndo();
  }

  private resetUndo(): void {
    this.undo = [];
    this.undoTokens.length = 0;
  }

  private changeToken(high: number, low: number, state: number, counts: TokenCounts | undefined): void {
    const t = this.toks;
    const slot = t.find(high, low);
    if (slot < 0) this.undoTokens.push(high, low, UNCHANGED, 0, 0, 0);
    else this.undoTokens.push(high, low, t.stateAt(slot), t.spamAt(slot), t.hamAt(slot), t.atimeAt(slot));
    if (counts) t.set(high, low, state, clampU32(counts.spam), clampU32(counts.ham), clampU32(counts.atime));
    else t.set(high, low, state);
  }

  private countsAt(slot: number): TokenCounts {
    const t = this.toks;
    return { spam: t.spamAt(slot), ham: t.hamAt(slot), atime: t.atimeAt(slot) };
  }

  private change<V>(map: Map<string, V>, key: string, value: V): void {
    const had = map.has(key);
    const before = map.get(key) as V;
    this.undo.push(had ? () => void map.set(key, before) : () => void map.delete(key));
    map.set(key, value);
  }

  /** Every token as the transaction sees it: the database with the gathered changes applied. */
  *tokens(): Iterable<[Buffer, TokenCounts]> {
    const t = this.toks;
    for (const { key, value } of this.env.tokens.getRange()) {
      const k = Buffer.from(key);
      const slot = k.length === TOKEN_KEY_BYTES ? t.find(k[0] as number, keyLow(k)) : -1;
      const state = slot < 0 ? UNCHANGED : t.stateAt(slot);
      if (state === DELETED_TOKEN) continue;
      const c = state === CHANGED ? this.countsAt(slot) : decodeTokenCounts(value);
      if (c) yield [k, c];
    }
    for (const slot of t.slotsInKeyOrder([CHANGED])) {
      const key = writeKey(Buffer.alloc(TOKEN_KEY_BYTES), t.highAt(slot), t.lowAt(slot));
      if (this.env.tokens.getBinary(key) === undefined) yield [key, this.countsAt(slot)];
    }
  }

  /** Write the gathered changes into the open transaction and start empty. */
  flush(magicFields: readonly (keyof BayesMagic)[]): void {
    const env = this.env;
    try {
      // In key order: LMDB then walks its B-tree forward instead of jumping between pages. Inside this
      // synchronous transaction every put copies its key and value at once, so one buffer of each serves all.
      const keyBuf = Buffer.alloc(TOKEN_KEY_BYTES);
      const valueBuf = Buffer.alloc(TOKEN_COUNTS_BYTES);
      const t = this.toks;
      for (const slot of t.slotsInKeyOrder(WRITTEN)) {
        const high = t.highAt(slot);
        const low = t.lowAt(slot);
        writeKey(keyBuf, high, low);
        if (t.stateAt(slot) === DELETED_TOKEN) {
          env.tokens.removeSync(keyBuf);
          this.onWritten(high, low, undefined);
          continue;
        }
        const counts = this.countsAt(slot);
        env.tokens.putSync(keyBuf, encodeTokenCountsInto(counts, valueBuf));
        this.onWritten(high, low, counts);
      }
      for (const [id, v] of this.seen) {
        if (v === DELETED) env.seen.removeSync(stringKey(id));
        else env.seen.putSync(stringKey(id), Buffer.from(v, 'latin1'));
      }
      const m = this.magic;
      if (m) for (const f of magicFields) env.meta.putSync(f, encodeNumber(m[f]));
      if (this.countsChanged) writeNewGeneration(env);
    } finally {
      this.discard();
    }
  }

  /** Drop the gathered changes (the transaction is cleared or aborted). */
  discard(): void {
    this.toks.clear();
    this.seen.clear();
    this.magic = undefined;
    this.lastReadHigh = -1;
    this.lastReadLow = -1;
    this.lastRead = undefined;
    this.countsChanged = false;
    this.resetUndo();
  }
}

/** The meta key whose value changes with every transaction that changes token counts (see token-count-cache.ts). */
export const COUNTS_GENERATION_KEY = 'countsGeneration';

/**
 * A random value rather than a counter: a cleared database starts its
 * counters again, and a scanner must not take a later value for the one it cached.
 */
export function writeNewGeneration(env: LmdbEnvironment): void {
  env.meta.putSync(COUNTS_GENERATION_KEY, encodeNumber(Math.floor(Math.random() * 2 ** 52)));
}

/** Per token change in the undo log: key high byte, key low bytes, earlier state, spam, ham, atime. */
const UNDO_FIELDS = 6;

/** The table holds 5-byte keys (every key Spamward and SpamAssassin make); anything else is a caller's bug, not a token. */
function checkKey(key: Buffer): void {
  if (key.length !== TOKEN_KEY_BYTES) throw new StorageError(`Bayes token key of ${key.length} bytes (expected ${TOKEN_KEY_BYTES})`);
}

/** The 5 key bytes into `key`, which is returned. */
function writeKey(key: Buffer, high: number, low: number): Buffer {
  key[0] = high;
  key.writeUInt32BE(low, 1);
  return key;
}
