/**
 * The Bayes classifier the engine wires in: classify a scan (memoised per
 * message in ctx.scratch, so every check_bayes call shares one result),
 * learn and forget, the auto-learn decision, and usability for the score
 * set switch. Storage is any BayesStore (memory or LMDB).
 */
// Imported rather than read from the global, whose getter costs a call on every use in hot loops.
import { BackgroundWrites } from '../storage/background-writes.js';
import { Buffer } from 'node:buffer';
import type { EngineConfig } from '../config/types.js';
import type { EvalFn, ScanContext } from '../scan/context-types.js';
import { StorageError } from '../../util/errors.js';
import { autoLearnDecision, autoLearnNotDone, type AutoLearnInput } from './autolearn.js';
import { chiSquareCombine, MIN_PROB_STRENGTH, N_SIGNIFICANT_TOKENS, tokenProbability } from './combine.js';
import { expireTokens, expiryDue } from './expiry.js';
import { TOKEN_KEY_BYTES } from './hash.js';
import { forgetMessage, learnMessage, type LearnOutcome, type LearnRequest, touchTokens } from './learn.js';
import { isIgnored } from './ignore-lists.js';
import { type PreparedLearn, unpackKeys } from './prepared-learn.js';
import { learnIds, receiveTime } from './message-ids.js';
import { type BayesSettings, bayesSettings } from './settings.js';
import { type AnyBayesStore, type BayesMagic, isRemoteStore, type TokenCounts, type TokenRead } from './store.js';
import { tokenListTag } from './token-tags.js';
import { learnMetadata, scanMetadata, tokenize, tokenizerInput, type TokenSet } from './tokenizer.js';

export interface TokenInfo {
  token: string;
  probability: number;
  spam: number;
  ham: number;
  atime: number;
}

export interface BayesClassification {
  /** The combined spam probability, or undefined when Bayes did not run. */
  probability: number | undefined;
  /** Significant tokens combined. */
  tokensUsed: number;
  /** Distinct tokens of the message (BAYESTC). */
  tokenCount: number;
  /** Tokens found in the database (BAYESTCLEARNED). */
  tokensLearned: number;
  spammy: TokenInfo[];
  hammy: TokenInfo[];
  /** Learned messages when it ran (for the token tags). */
  nspam?: number;
  nham?: number;
  /** Why there is no probability, when there is none. */
  reason?: string;
}

export type LearnResultKind = LearnOutcome | 'ignored' | 'not-learned';

const SCRATCH_KEY = 'bayes:classification';
const TOKENS_KEY = 'bayes:tokens';
const READ_KEY = 'bayes:read';
/** Why a scan gave no probability, where that decides which Bayes tags SpamAssassin would have set. */
const NO_SIGNIFICANT_TOKEN = 'no significant token';
const NO_TOKEN_KNOWN = 'no token of the message is known';
const IGNORED = 'ignored sender or recipient';

/** A remote store's read for one scan, or why it failed. */
type ScanRead = TokenRead | { error: string };

export class BayesClassifier {
  readonly settings: BayesSettings;
  private readonly background = new BackgroundWrites();
  private expiring = false;

  constructor(
    readonly store: AnyBayesStore,
    private readonly conf: EngineConfig,
    private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.settings = bayesSettings(conf);
  }

  /** Enough spam and ham learned (bayes_min_spam_num / bayes_min_ham_num) and Bayes enabled. */
  isUsable(): boolean {
    if (!this.conf.useBayes || !this.conf.useBayesRules) return false;
    return this.enoughLearned(this.store.magic());
  }

  private enoughLearned(m: BayesMagic): boolean {
    return m.nspam >= this.settings.minSpamNum && m.nham >= this.settings.minHamNum;
  }

  /**
   * Tokens of the message (memoised). The scan path (classify, auto-learn)
   * also sees the scan's sender/author-domain metadata; sa-learn's path does not.
   */
  tokens(ctx: ScanContext, scanPath = true): TokenSet {
    const memo = `${TOKENS_KEY}:${scanPath ? 'scan' : 'learn'}`;
    let set = ctx.scratch.get(memo) as TokenSet | undefined;
    if (!set) {
      set = tokenize(tokenizerInput(ctx, this.settings, scanPath ? scanMetadata(ctx) : learnMetadata(ctx)), this.settings);
      ctx.scratch.set(memo, set);
    }
    return set;
  }

  classify(ctx: ScanContext): BayesClassification {
    const cached = ctx.scratch.get(SCRATCH_KEY) as BayesClassification | undefined;
    if (cached) return cached;
    const result = this.computeClassification(ctx);
    ctx.scratch.set(SCRATCH_KEY, result);
    setTags(ctx, result);
    return result;
  }

  /** The check_bayes(min, max) eval: open at the bottom (except min 0), closed at the top. */
  checkBayes(ctx: ScanContext, args: readonly string[]): boolean {
    const p = this.classify(ctx).probability;
    if (p === undefined) return false;
    const min = Number(args[0] ?? 0);
    const maxArg = args[1];
    if (!((min === 0 || p > min) && (maxArg === undefined || maxArg === 'undef' || p <= Number(maxArg)))) return false;
    // The BAYES_xx report line shows the probability (Bayes plugin test_log, sprintf '%3.4f').
    ctx.testLog(`score: ${p.toFixed(4)}`);
    return true;
  }

  private computeClassification(ctx: ScanContext): BayesClassification {
    const none = (reason: string, extra: Partial<BayesClassification> = {}): BayesClassification => ({
      probability: undefined, tokensUsed: 0, tokenCount: 0, tokensLearned: 0, spammy: [], hammy: [], reason, ...extra,
    });
    if (!this.conf.useBayes || !this.conf.useBayesRules) return none('disabled');
    if (this.ignored(ctx)) return none(IGNORED);
    // One look at the counters (a local store refreshes its snapshot there) serves the check and the token read.
    const magic = this.store.magic();
    if (!this.enoughLearned(magic)) return none('not enough messages learned');
    const tokens = this.tokens(ctx);
    const texts = tokens.texts ?? [];
    // Only the significant tokens' texts are kept (in the result); an auto-learn needs only the keys.
    tokens.texts = undefined;
    const read = this.readTokens(ctx, tokens.keys, magic);
    if ('error' in read) return none(read.error);
    const { nspam, nham } = read.magic;
    const known = knownTokens(tokens.keys, read.counts, nspam, nham, this.settings.useHapaxes);
    const base = { tokenCount: tokens.size, tokensLearned: known.length };
    if (known.length === 0) return none(NO_TOKEN_KNOWN, base);
    known.sort((a, b) => b.strength - a.strength || a.keyOrder - b.keyOrder);
    const significant = known.slice(0, N_SIGNIFICANT_TOKENS).filter((t) => t.strength >= MIN_PROB_STRENGTH);
    const probability = chiSquareCombine(nspam, nham, significant.map((t) => t.probability));
    if (probability === undefined) return none(NO_SIGNIFICANT_TOKEN, base);
    const atime = Math.min(receiveTime(ctx.msg, this.clock()), this.clock());
    // A touch only moves atimes up, so tokens already as new as the message are left out, unless the store renews TTLs.
    const renewAll = isRemoteStore(this.store) && this.store.touchRenewsTtl;
    this.touch(significant.filter((t) => renewAll || t.counts.atime < atime).map((t) => keyAt(tokens.keys, t.index)), atime);
    this.maybeExpire(isRemoteStore(this.store) ? undefined : magic);
    const info = (t: KnownToken): TokenInfo => ({ token: texts[t.index] ?? '', probability: t.probability, spam: t.counts.spam, ham: t.counts.ham, atime: t.counts.atime });
    return {
      probability,
      tokensUsed: significant.length,
      ...base,
      nspam,
      nham,
      spammy: significant.filter((t) => t.probability >= 0.5).map(info),
      hammy: significant.filter((t) => t.probability < 0.5).map(info),
    };
  }

  /** True for a store on a server (Redis): scans then call prefetch() before the rules run. */
  get remote(): boolean {
    return isRemoteStore(this.store);
  }

  /**
   * Remote stores: tokenise and fetch the counters and every token count in
   * one round trip, before the (synchronous) rules run. A failure is kept
   * for the scan, which then goes on without Bayes.
   */
  async prefetch(ctx: ScanContext, options: { countersFresh?: boolean } = {}): Promise<void> {
    const store = this.store;
    if (!isRemoteStore(store) || ctx.scratch.has(READ_KEY)) return;
    if (!this.conf.useBayes || !this.conf.useBayesRules || this.ignored(ctx)) return;
    // Other scanners learn too: counters below the minimum are read again (unless the caller just did) before giving up on Bayes.
    if (!this.isUsable() && !options.countersFresh) await this.refresh();
    if (!this.isUsable()) return;
    const packed = this.tokens(ctx).keys;
    let read: ScanRead;
    try {
      read = await store.read(packed);
    } catch (e) {
      read = { error: `Bayes store unavailable: ${(e as Error).message}` };
    }
    ctx.scratch.set(READ_KEY, read);
  }

  /** Re-read a remote store's counters (whether Bayes is usable); errors leave the last known ones. */
  async refresh(): Promise<void> {
    if (!isRemoteStore(this.store)) return;
    try {
      await this.store.refresh();
    } catch {
      // The scan finds the store unavailable on its own read.
    }
  }

  /** Why the scan's store read failed, when it did (the engine reports autolearn=unavailable). */
  unavailable(ctx: ScanContext): string | undefined {
    const read = ctx.scratch.get(READ_KEY) as ScanRead | undefined;
    return read && 'error' in read ? read.error : undefined;
  }

  /** A local store reads in the snapshot `magic` came from (see getPackedTokens). */
  private readTokens(ctx: ScanContext, packed: Uint8Array, magic: BayesMagic): ScanRead {
    if (isRemoteStore(this.store)) return (ctx.scratch.get(READ_KEY) as ScanRead | undefined) ?? { error: 'Bayes store was not read before the rules ran' };
    return { magic, counts: this.store.getPackedTokens(packed) };
  }

  /** bayes_ignore_from / bayes_ignore_to. */
  ignored(ctx: ScanContext): boolean {
    return isIgnored(this.conf, ctx);
  }

  /**
   * The tokens an auto-learn stores. SpamAssassin learns with a fresh look at
   * the message (Bayes get_body_from_msg): the same text and metadata as the
   * scan, but its URIs parsed again from the body text, which FreeMail's body
   * check may have stripped of addresses meanwhile, and without the links
   * PDFInfo added. Without such a difference the scan's own tokens serve.
   */
  private autoLearnTokens(ctx: ScanContext): TokenSet {
    const uris = ctx.uriListForLearning();
    if (uris === ctx.uriList()) return this.tokens(ctx, true);
    return tokenize(tokenizerInput(ctx, this.settings, scanMetadata(ctx), uris), this.settings);
  }

  /** Learn the scanned message as spam or ham; resolves once the write is committed. */
  async learn(ctx: ScanContext, isSpam: boolean, options: { noRelearn?: boolean; useIgnores?: boolean; scanPath?: boolean; autoLearn?: boolean } = {}): Promise<LearnResultKind> {
    if (this.store.readOnly) throw new StorageError('Bayes database is read-only; cannot learn');
    if (options.useIgnores !== false && this.ignored(ctx)) return 'ignored';
    const tokens = options.autoLearn ? this.autoLearnTokens(ctx) : this.tokens(ctx, options.scanPath ?? false);
    const keys = unpackKeys(tokens.keys);
    const req = { keys, ids: learnIds(ctx.msg), isSpam, atime: receiveTime(ctx.msg, this.clock()) };
    // Returned, not awaited here: a suspended frame would keep the whole parsed message alive until the batch commits.
    return this.commitLearn(options.noRelearn ? { ...req, noRelearn: true } : req);
  }

  /**
   * Learn a message prepared by prepareLearn (perhaps in a worker thread):
   * the same steps as learn() once the tokens are known.
   */
  async learnPrepared(p: PreparedLearn, isSpam: boolean): Promise<LearnResultKind> {
    if (this.store.readOnly) throw new StorageError('Bayes database is read-only; cannot learn');
    if (p.ignored) return 'ignored';
    return this.commitLearn({ keys: unpackKeys(p.keys), ids: p.ids, isSpam, atime: p.atime });
  }

  /** Forget a message prepared by prepareLearn: the same steps as forget(). */
  async forgetPrepared(p: PreparedLearn): Promise<LearnResultKind> {
    if (this.store.readOnly) throw new StorageError('Bayes database is read-only; cannot forget');
    return (await forgetMessage(this.store, unpackKeys(p.keys), p.ids)) ? 'learned' : 'not-learned';
  }

  private async commitLearn(req: LearnRequest): Promise<LearnResultKind> {
    const outcome = await learnMessage(this.store, req);
    this.maybeExpire();
    return outcome;
  }

  /** Forget a learned message; 'not-learned' when it was never learned. */
  async forget(ctx: ScanContext, scanPath = false): Promise<LearnResultKind> {
    if (this.store.readOnly) throw new StorageError('Bayes database is read-only; cannot forget');
    const keys = unpackKeys(this.tokens(ctx, scanPath).keys);
    return (await forgetMessage(this.store, keys, learnIds(ctx.msg))) ? 'learned' : 'not-learned';
  }

  /**
   * Decide and perform auto-learning after all rules ran. Returns the
   * `_AUTOLEARN_` text: `spam`/`ham`/`no`/`unavailable` plus
   * ` autolearn_force=…`, or `disabled`.
   */
  async autoLearn(ctx: ScanContext, input: Omit<AutoLearnInput, 'conf'>, options: { disabled?: boolean } = {}): Promise<string> {
    return this.startAutoLearn(ctx, input, options).done;
  }

  /**
   * The auto-learn decision, taken now, and the learn it starts: `assumed` is
   * the status text should that learn succeed (what a synchronous scan reports),
   * `done` the text once it has.
   */
  startAutoLearn(ctx: ScanContext, input: Omit<AutoLearnInput, 'conf'>, options: { disabled?: boolean } = {}): { assumed: string; done: Promise<string> } {
    const settled = (text: string) => ({ assumed: text, done: Promise.resolve(text) });
    if (!this.conf.bayesAutoLearn || !this.conf.useBayes || options.disabled) return settled('disabled');
    const decision = autoLearnDecision({ ...input, conf: this.conf }, this.settings);
    const learnAs = decision.learnAs;
    if (learnAs === undefined) return settled(autoLearnNotDone(decision));
    if (this.unavailable(ctx) !== undefined || (isRemoteStore(this.store) && !this.store.available)) return settled(autoLearnNotDone(decision));
    const learned = `${learnAs} autolearn_force=${decision.forceStatus}`;
    // A store error is SpamAssassin's Bayes plugin failing inside its own eval: did_learn stays false, hence "unavailable".
    const done = this.learn(ctx, learnAs === 'spam', { noRelearn: true, autoLearn: true }).then(
      (outcome) => (outcome === 'learned' || outcome === 'relearned' ? learned : autoLearnNotDone(decision)),
      () => autoLearnNotDone(decision),
    );
    return { assumed: learned, done };
  }

  private touch(keys: Buffer[], atime: number): void {
    if (this.store.readOnly || keys.length === 0) return;
    void this.background.track(touchTokens(this.store, keys, atime));
  }

  /**
   * Opportunistic expiry after a learn or a scan (bayes_auto_expire): when
   * the database is past bayes_expiry_max_db_size and the last run is 12 h
   * old, expire in the background; one run at a time per process. A shared
   * (Redis) store decides itself whether a step is due (TTLs, or its sharded
   * layout's stepwise passes).
   */
  private maybeExpire(magic?: BayesMagic): void {
    if (this.expiring || this.store.readOnly || !this.settings.autoExpire) return;
    const now = this.clock();
    const store = this.store;
    if (!isRemoteStore(store) && !expiryDue(magic ?? store.magic(), this.settings.expiryMaxDbSize, this.settings.autoExpire, now)) return;
    this.expiring = true;
    const run = isRemoteStore(store) ? store.expireStep(this.settings.expiryMaxDbSize, now) : expireTokens(store, this.settings.expiryMaxDbSize, now);
    void this.background.track(run.finally(() => { this.expiring = false; }));
  }

  /** Wait for background writes (atime touches, expiry). */
  async flush(): Promise<void> {
    await this.background.flush();
  }

  /** Errors from background atime touches and expiry (the scan itself never fails on them). */
  get touchErrors(): unknown[] {
    return this.background.errors;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.store.close();
  }
}

/** A token of the message the database knows, with a probability (see tokenProbability). */
interface KnownToken {
  /** Its position in the TokenSet. */
  index: number;
  /** Its key as a number, in the keys' byte order (ties of strength are broken by key). */
  keyOrder: number;
  counts: TokenCounts;
  probability: number;
  strength: number;
}

/** `counts` is parallel to the packed `keys`: what the store holds for each of the message's tokens. */
function knownTokens(keys: Buffer, counts: readonly (TokenCounts | undefined)[], nspam: number, nham: number, useHapaxes: boolean): KnownToken[] {
  const known: KnownToken[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!c) continue;
    const p = tokenProbability(c.spam, c.ham, nspam, nham, useHapaxes);
    if (p === undefined) continue;
    const at = i * TOKEN_KEY_BYTES;
    known.push({ index: i, keyOrder: (keys[at] as number) * 2 ** 32 + keys.readUInt32BE(at + 1), counts: c, probability: p, strength: Math.abs(p - 0.5) });
  }
  return known;
}

/** The key of the token at `index`, a view on the packed keys. */
function keyAt(keys: Buffer, index: number): Buffer {
  return keys.subarray(index * TOKEN_KEY_BYTES, (index + 1) * TOKEN_KEY_BYTES);
}

/**
 * How far SpamAssassin's Bayes scan would have got, which decides its tags:
 * with Bayes off, too little learned or a store it cannot read it sets none
 * (they read as nothing); an ignored message or one with no known token
 * stops before the token counts; one with too few significant tokens has the
 * counts but no token lists.
 */
type ScanStage = 'not run' | 'stopped early' | 'counted' | 'scored';

function scanStage(r: BayesClassification): ScanStage {
  if (r.probability !== undefined) return 'scored';
  if (r.reason === NO_SIGNIFICANT_TOKEN) return 'counted';
  return r.reason === NO_TOKEN_KNOWN || r.reason === IGNORED ? 'stopped early' : 'not run';
}

function setTags(ctx: ScanContext, r: BayesClassification): void {
  ctx.setTag('BAYES', r.probability === undefined ? '0.5' : r.probability.toFixed(4));
  const stage = scanStage(r);
  if (stage === 'not run') return;
  const counted = stage !== 'stopped early';
  ctx.setTag('BAYESTC', counted ? String(r.tokenCount) : '');
  ctx.setTag('BAYESTCLEARNED', counted ? String(r.tokensLearned) : '');
  ctx.setTag('BAYESTCSPAMMY', String(r.spammy.length));
  ctx.setTag('BAYESTCHAMMY', String(r.hammy.length));
  const neutral = r.tokensLearned - r.spammy.length - r.hammy.length;
  ctx.setTag('TOKENSUMMARY', counted
    ? `Tokens: new, ${r.tokenCount - r.tokensLearned}; hammy, ${r.hammy.length}; neutral, ${neutral}; spammy, ${r.spammy.length}.`
    : 'Bayes not run.');
}

/** The Bayes result of a finished scan, for the report tags (undefined when Bayes did not run). */
export function scanClassification(ctx: ScanContext): BayesClassification | undefined {
  return ctx.scratch.get(SCRATCH_KEY) as BayesClassification | undefined;
}

/** `_SPAMMYTOKENS(N,fmt)_` and `_HAMMYTOKENS(N,fmt)_` of a finished scan. */
export function bayesTokenTag(ctx: ScanContext, name: string, arg: string | undefined): string | undefined {
  if (name !== 'SPAMMYTOKENS' && name !== 'HAMMYTOKENS') return undefined;
  const r = scanClassification(ctx);
  if (!r || scanStage(r) === 'not run') return undefined;
  // Without a probability SpamAssassin has no token lists: "Tokens not available."
  const tokens = r.probability === undefined ? undefined : name === 'SPAMMYTOKENS' ? r.spammy : r.hammy;
  return tokenListTag(tokens, r.nspam ?? 0, r.nham ?? 0, arg, Math.floor(Date.now() / 1000));
}

/** Where the engine leaves the classifier for a scan, so the check_bayes eval can find it. */
export const BAYES_CLASSIFIER_SCRATCH = 'bayes:classifier';

export function attachClassifier(ctx: ScanContext, classifier: BayesClassifier): void {
  ctx.scratch.set(BAYES_CLASSIFIER_SCRATCH, classifier);
}

/** The check_bayes(min, max) eval for the registry: no classifier attached means no hit. */
export const checkBayesEval: EvalFn = (ctx, args) => {
  const c = ctx.scratch.get(BAYES_CLASSIFIER_SCRATCH);
  return c instanceof BayesClassifier ? c.checkBayes(ctx, args) : false;
};
