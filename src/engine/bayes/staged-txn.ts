/**
 * A write transaction that buffers its changes and applies them only after
 * the transaction function returned. A learn that throws halfway therefore
 * writes nothing, whatever the backing store does with a failed callback.
 */
import type { BayesMagic, BayesTxn, SeenClass, TokenCounts } from './store.js';

export interface BaseReader {
  getToken(key: Buffer): TokenCounts | undefined;
  getMagic(): BayesMagic;
  getSeen(id: string): SeenClass | undefined;
  tokens(): Iterable<[Buffer, TokenCounts]>;
}

export interface BaseWriter {
  putToken(key: Buffer, counts: TokenCounts): void;
  delToken(key: Buffer): void;
  setMagic(magic: BayesMagic): void;
  putSeen(id: string, cls: SeenClass): void;
  delSeen(id: string): void;
}

const DELETED = null;

export class StagedTxn implements BayesTxn {
  private readonly toks = new Map<string, TokenCounts | typeof DELETED>();
  private readonly seen = new Map<string, SeenClass | typeof DELETED>();
  private magic: BayesMagic | undefined;

  constructor(private readonly base: BaseReader) {}

  getToken(key: Buffer): TokenCounts | undefined {
    const staged = this.toks.get(key.toString('hex'));
    if (staged === DELETED) return undefined;
    return staged ? { ...staged } : this.base.getToken(key);
  }

  putToken(key: Buffer, counts: TokenCounts): void {
    this.toks.set(key.toString('hex'), { ...counts });
  }

  delToken(key: Buffer): void {
    this.toks.set(key.toString('hex'), DELETED);
  }

  getMagic(): BayesMagic {
    return { ...(this.magic ?? this.base.getMagic()) };
  }

  setMagic(changes: Partial<BayesMagic>): void {
    this.magic = { ...this.getMagic(), ...changes };
  }

  getSeen(id: string): SeenClass | undefined {
    const staged = this.seen.get(id);
    if (staged === DELETED) return undefined;
    return staged ?? this.base.getSeen(id);
  }

  putSeen(id: string, cls: SeenClass): void {
    this.seen.set(id, cls);
  }

  delSeen(id: string): void {
    this.seen.set(id, DELETED);
  }

  *tokens(): Iterable<[Buffer, TokenCounts]> {
    for (const [k, v] of this.base.tokens()) {
      const staged = this.toks.get(k.toString('hex'));
      if (staged === DELETED) continue;
      yield [k, staged ?? v];
    }
    const known = new Set<string>();
    for (const [k] of this.base.tokens()) known.add(k.toString('hex'));
    for (const [hex, v] of this.toks) if (v !== DELETED && !known.has(hex)) yield [Buffer.from(hex, 'hex'), v];
  }

  /** Apply the buffered changes; call only after the transaction function returned. */
  commit(writer: BaseWriter): void {
    for (const [hex, v] of this.toks) (v === DELETED ? writer.delToken(Buffer.from(hex, 'hex')) : writer.putToken(Buffer.from(hex, 'hex'), v));
    for (const [id, v] of this.seen) (v === DELETED ? writer.delSeen(id) : writer.putSeen(id, v));
    if (this.magic) writer.setMagic(this.magic);
  }
}
