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
import { decodeTokenCounts, encodeNumber, encodeTokenCountsInto, stringKey, TOKEN_COUNTS_BYTES } from './key-layout.js';
import type { LmdbEnvironment } from './lmdb-environment.js';

const DELETED = null;

/** In the undo log: the key was not in its map before the change. */
const ABSENT = undefined;

type Undo = () => void;

export class BayesWriteBatch implements BayesTxn {
  /** Token key bytes as a latin1 string → counts, or DELETED. */
  private readonly toks = new Map<string, TokenCounts | typeof DELETED>();
  private readonly seen = new Map<string, SeenClass | typeof DELETED>();
  private magic: BayesMagic | undefined;
  /**
   * How to take back the token changes of the learn in progress: the keys and
   * their earlier values, newest last. Plain arrays rather than one closure per
   * token: a learn changes hundreds of tokens, and only a failed one looks back.
   */
  private undoKeys: string[] = [];
  private undoValues: (TokenCounts | typeof DELETED | typeof ABSENT)[] = [];
  /** The other changes of the learn in progress (seen ids, counters), newest last. */
  private undo: Undo[] = [];
  private lastKey: Buffer | undefined;
  private lastKeyString = '';
  /** What getToken last returned, for the key of lastKeyString: a put of the same counts is only an atime touch. */
  private lastRead: TokenCounts | undefined;
  /** Some learn, forget or expiry of this transaction changed a token's counts (not only its atime). */
  private countsChanged = false;

  constructor(
    private readonly env: LmdbEnvironment,
    private readonly committed: { magic(): BayesMagic; seen(id: string): SeenClass | undefined },
    /** Told each token the transaction writes (undefined: deleted), so a scanner's cache stays in step. */
    private readonly onWritten: (key: string, counts: TokenCounts | undefined) => void = () => {},
  ) {}

  /** The counts are shared with the batch: callers read them and put new objects (see BayesTxn). */
  getToken(key: Buffer): TokenCounts | undefined {
    const v = this.toks.get(this.keyString(key));
    const counts = v === DELETED ? undefined : v ?? decodeTokenCounts(this.env.tokens.getBinary(key));
    this.lastRead = counts;
    return counts;
  }

  putToken(key: Buffer, counts: TokenCounts): void {
    const readFirst = key === this.lastKey ? this.lastRead : undefined;
    if (!readFirst || readFirst.spam !== counts.spam || readFirst.ham !== counts.ham) this.countsChanged = true;
    this.changeToken(this.keyString(key), counts);
  }

  delToken(key: Buffer): void {
    this.countsChanged = true;
    this.changeToken(this.keyString(key), DELETED);
  }

  /** A learn reads a token and then writes it with the same key buffer: its string is made once (key buffers are never reused for other bytes). */
  private keyString(key: Buffer): string {
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastKeyString = key.toString('latin1');
      this.lastRead = undefined;
    }
    return this.lastKeyString;
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
      for (let i = this.undoKeys.length - 1; i >= 0; i--) {
        const key = this.undoKeys[i] as string;
        const before = this.undoValues[i];
        if (before === ABSENT) this.toks.delete(key);
        else this.toks.set(key, before);
      }
    }
    this.resetUndo();
  }

  private resetUndo(): void {
    this.undo = [];
    this.undoKeys.length = 0;
    this.undoValues.length = 0;
  }

  private changeToken(key: string, value: TokenCounts | typeof DELETED): void {
    this.undoKeys.push(key);
    this.undoValues.push(this.toks.get(key));
    this.toks.set(key, value);
  }

  private change<V>(map: Map<string, V>, key: string, value: V): void {
    const had = map.has(key);
    const before = map.get(key) as V;
    this.undo.push(had ? () => void map.set(key, before) : () => void map.delete(key));
    map.set(key, value);
  }

  /** Every token as the transaction sees it: the database with the gathered changes applied. */
  *tokens(): Iterable<[Buffer, TokenCounts]> {
    for (const { key, value } of this.env.tokens.getRange()) {
      const k = Buffer.from(key);
      const v = this.toks.get(k.toString('latin1'));
      if (v === DELETED) continue;
      const c = v ?? decodeTokenCounts(value);
      if (c) yield [k, c];
    }
    for (const [k, v] of this.toks) {
      const key = Buffer.from(k, 'latin1');
      if (v !== DELETED && this.env.tokens.getBinary(key) === undefined) yield [key, v];
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
      for (const [k, v] of [...this.toks].sort(byKey)) {
        let key = keyBuf;
        if (k.length === TOKEN_KEY_BYTES) keyBuf.write(k, 0, 'latin1');
        else key = Buffer.from(k, 'latin1');
        if (v === DELETED) env.tokens.removeSync(key);
        else env.tokens.putSync(key, encodeTokenCountsInto(v, valueBuf));
        this.onWritten(k, v ?? undefined);
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
    this.lastKey = undefined;
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

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
