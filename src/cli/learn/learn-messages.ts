/**
 * The learning run of `spamward learn --spam|--ham|--forget`: messages are
 * prepared (parsed, tokenised) in worker threads when there are many, in
 * this thread otherwise, and applied to the store by this thread strictly in
 * message order, so the database ends exactly as a serial learn leaves it.
 */
import { availableParallelism } from 'node:os';
import type { BayesClassifier, LearnResultKind } from '../../engine/bayes/classifier.js';
import { type SourceMessage, type SourceTarget, targetMessages } from '../../engine/bayes/mail-sources.js';
import type { PreparedLearn } from '../../engine/bayes/prepared-learn.js';
import type { EngineConfig } from '../../engine/config/types.js';
import type { ReputationStore } from '../../engine/reputation/reputation-store.js';
import { txrepLearn } from '../../engine/reputation/txrep-learn.js';
import { txrepSettings, type TxRepSettings } from '../../engine/reputation/txrep-settings.js';
import { seededRandom } from '../../util/seeded-random.js';
import { idleCores } from './idle-cores.js';
// Imported up front (it loads no engine code): the workers then start before yargs formats its help, not after.
import { PreparePool } from './prepare-pool.js';
import type { PrepareOutcome, SupportPaths } from './prepare-wire.js';

/** Learns queued before waiting for their commit: the store gives each group one transaction (one fsync). */
const MAX_IN_FLIGHT = 1024;
/** Fewer messages than this are learned without worker threads: starting them costs more than they save. */
const PARALLEL_FROM = 64;
/** Messages per request to a worker, and requests queued per worker, so none waits for work. */
const CHUNK = 16;
const AHEAD = 16;
/** Prepared messages applied together: one write transaction each (a fraction of MAX_IN_FLIGHT, so workers keep busy meanwhile). */
const GROUP = 256;
/** More threads than this only add start-up: the main thread applies every message alone. */
const MAX_JOBS = 16;
/** Three quarters of a core free counts as an idle core (the idle counters tick coarsely, and other programs take a little). */
const IDLE_CORE = 0.75;

export interface LearnFlags {
  spam?: boolean;
  forget?: boolean;
  paths?: string[];
  /** Targets of a `--folders` file, read before `paths`; each may name its own class and format. */
  folderTargets?: SourceTarget[];
  mbox?: boolean;
  /** Skip messages larger than this (bytes; 0: no limit), as sa-learn's --max-size. */
  'max-size'?: number;
  /** Learn each message with this probability only (sa-learn's --learnprob), drawn from --randseed when given. */
  learnprob?: number;
  randseed?: number;
  /**
   * sa-learn's --stopafter N: no further message is examined once more than N
   * were learned (so N + 1 are, sa-learn's own count), whatever the target.
   */
  stopafter?: number;
  progress?: boolean;
  'use-ignores'?: boolean;
  /** Worker threads (this thread then applies their answers); undefined = one per core but one (at most 3) for PARALLEL_FROM messages or more when a core is idle. */
  jobs?: number;
}

export interface LearnPlan {
  flags: LearnFlags;
  messages: Iterable<SourceMessage>;
  useIgnores: boolean;
  /** The workers, when the messages are prepared in worker threads. */
  pool: PreparePool | undefined;
  jobs: number;
  close(): Promise<void>;
}

/**
 * One worker per core but one (at most 3) when a core is idle now: this
 * thread applies the workers' answers to the store, which keeps most of a
 * core busy. On a machine whose cores are all busy, workers would only add
 * their start-up (each loads the engine's modules and warms up its own
 * compiled code) to the same wall time.
 */
function defaultJobs(): number {
  const cores = availableParallelism();
  return cores > 1 && idleCores() >= IDLE_CORE ? Math.min(cores, 4) - 1 : 0;
}

/**
 * Looks at the first messages to choose between worker threads and this
 * thread, and starts the workers at once: they load their code while the
 * caller reads the configuration (which learnMessages then hands them).
 * Errors reading the messages surface when they are learned.
 */
export function planLearn(flags: LearnFlags): LearnPlan {
  const head: SourceMessage[] = [];
  let source: Iterator<SourceMessage> | undefined;
  let headError: { error: unknown } | undefined;
  try {
    source = sampled(targetMessages(targetsOf(flags), { mbox: flags.mbox ?? false, maxBytes: flags['max-size'] ?? 0 }), flags)[Symbol.iterator]();
    while (head.length < PARALLEL_FROM) {
      const n = source.next();
      if (n.done) break;
      head.push(n.value);
    }
  } catch (error) {
    headError = { error };
  }
  const messages = (function* (): Iterable<SourceMessage> {
    yield* head;
    if (headError) throw headError.error;
    for (let n = source?.next(); n && !n.done; n = source?.next()) yield n.value;
  })();
  // --stopafter decides message by message on committed learns: serially, without workers preparing ahead.
  const jobs =
    flags.stopafter !== undefined ? 0
    : flags.jobs === undefined ? (head.length >= PARALLEL_FROM && !headError ? defaultJobs() : 0)
    : Math.min(Math.max(Math.floor(flags.jobs), 0), MAX_JOBS) || 0;
  const useIgnores = !flags.forget && (flags['use-ignores'] ?? false);
  const pool = jobs > 0 ? new PreparePool(jobs, { useIgnores }) : undefined;
  return { flags, messages, useIgnores, pool, jobs, close: async () => pool?.close() };
}

/** Learns or forgets every message of the plan; resolves once all are committed, with the counts. */
export async function learnMessages(plan: LearnPlan, classifier: BayesClassifier, conf: EngineConfig, reputation?: ReputationStore, supportPaths: SupportPaths = {}): Promise<{ examined: number; learned: number }> {
  const applier = new Applier(plan.flags, classifier, reputation ? { store: reputation, settings: txrepSettings(conf) } : undefined);
  if (plan.pool) {
    plan.pool.configure(conf, supportPaths);
    await prepareInWorkers(plan, plan.pool, applier);
  } else {
    const prepare = await localPreparer(plan, conf, classifier, supportPaths);
    for (const m of plan.messages) {
      if (applier.limitReached()) break;
      await applier.apply(prepare(m.raw), m.spam);
    }
  }
  await applier.done();
  if (plan.flags.progress) process.stderr.write('\n');
  return { examined: applier.examined, learned: applier.learned };
}

/** The folders file's targets, then the command line's paths; stdin when neither names one (as sa-learn). */
function targetsOf(flags: LearnFlags): SourceTarget[] {
  const folders = flags.folderTargets ?? [];
  const paths = (flags.paths ?? []).map((path) => ({ path }));
  return folders.length + paths.length > 0 ? [...folders, ...paths] : [{ path: '-' }];
}

/** --learnprob: each message is kept with that probability (before it counts as examined, as in sa-learn). */
function* sampled(messages: Iterable<SourceMessage>, flags: LearnFlags): Iterable<SourceMessage> {
  const p = flags.learnprob;
  if (p === undefined) {
    yield* messages;
    return;
  }
  const random = flags.randseed === undefined ? Math.random : seededRandom(flags.randseed);
  for (const m of messages) if (Math.floor(random() * (1 / p)) === 0) yield m;
}

type Prepare = (raw: Buffer) => PreparedLearn;

async function localPreparer(plan: LearnPlan, conf: EngineConfig, classifier: BayesClassifier, supportPaths: SupportPaths): Promise<Prepare> {
  const { prepareLearn } = await import('../../engine/bayes/learn-prep.js');
  const { engineLanguageModels } = await import('../../engine/textcat/engine-models.js');
  const useIgnores = plan.useIgnores;
  const languageModels = engineLanguageModels(conf, supportPaths, (m) => process.stderr.write(`spamward learn: ${m}\n`));
  // As sa-learn: a marked-up message is learned as it was before the markup.
  return (raw) => prepareLearn(conf, classifier.settings, raw, { useIgnores, now: Math.floor(Date.now() / 1000), removeMarkup: true, ...(languageModels ? { languageModels } : {}) });
}

/**
 * Chunks go to the workers ahead of time, up to AHEAD per worker, and the
 * answers are applied strictly in message order, GROUP at a time, so that
 * one write transaction (one commit, one fsync) takes many messages as a
 * serial learn's does. This thread only applies: it is the learn's narrow
 * part (the store's writes), and preparing chunks here as well whenever the
 * workers' queues were full made the whole learn slower (2,500 corpus ham,
 * one worker, alternating: 3.6-4.25 s against 4.6-4.7 s).
 */
async function prepareInWorkers(plan: LearnPlan, pool: PreparePool, applier: Applier): Promise<void> {
  const pending: Promise<PrepareOutcome[]>[] = [];
  let ready: PrepareOutcome[] = [];
  // Each sent message's own class (a --folders line's), in message order: the answers come back in that order.
  const classes: (boolean | undefined)[] = [];
  let applied = 0;
  const applyReady = async (): Promise<void> => {
    const group = ready;
    ready = [];
    for (const o of group) {
      // A message that cannot be prepared stops the run there, as it stops a serial one.
      if ('error' in o) throw new Error(o.error);
      await applier.apply(o.ok, classes[applied++]);
    }
  };
  const takeOldest = async (): Promise<void> => {
    ready.push(...(await (pending.shift() as Promise<PrepareOutcome[]>)));
    if (ready.length >= GROUP) await applyReady();
  };
  const send = (raws: Buffer[]): void => {
    const answers = pool.prepare(raws);
    // Awaited in turn below; meanwhile a failure must not count as unhandled.
    answers.catch(() => undefined);
    pending.push(answers);
  };
  let chunk: Buffer[] = [];
  for (const m of plan.messages) {
    chunk.push(m.raw);
    classes.push(m.spam);
    if (chunk.length < CHUNK) continue;
    send(chunk);
    chunk = [];
    while (pending.length >= plan.jobs * AHEAD) await takeOldest();
  }
  if (chunk.length > 0) send(chunk);
  while (pending.length > 0) await takeOldest();
  await applyReady();
}

/** Applies prepared messages to the store in order, a commit group at a time, and counts them. */
class Applier {
  examined = 0;
  learned = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** The first failed learn: the others still go on (each is its own step of the transaction), the command then fails. */
  private failure: { error: unknown } | undefined;
  /** The TxRep updates, in message order. */
  private txrepChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly flags: LearnFlags,
    private readonly classifier: BayesClassifier,
    /** Where TxRep learns the senders, when the configuration runs it. */
    private readonly txrep?: { store: ReputationStore; settings: TxRepSettings },
  ) {}

  /** `spam`: the message's own class (a --folders line's), else the command line's. */
  async apply(p: PreparedLearn, spam?: boolean): Promise<void> {
    this.examined++;
    const asSpam = spam ?? this.flags.spam === true;
    const op = this.flags.forget ? this.classifier.forgetPrepared(p) : this.classifier.learnPrepared(p, asSpam);
    const done = op.then(
      (r: LearnResultKind) => {
        if (r === 'learned' || r === 'relearned') this.learned++;
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    this.track(done);
    // TxRep's learn hook runs after Bayes's, whatever Bayes answered (a message Bayes knows already too),
    // one message after the other: each waits for its Bayes outcome (a relearn forgets first) and the previous TxRep update.
    if (p.txrep && this.txrep) {
      const { store, settings } = this.txrep;
      const facts = p.txrep;
      // The message's own class: a --folders line or a command-line target may name another than the run's.
      const as = this.flags.forget ? 'forget' : asSpam ? 'spam' : 'ham';
      this.txrepChain = this.txrepChain
        .then(() => op)
        .then((r) => txrepLearn(store, settings, facts, as, r === 'relearned'))
        .then(() => undefined, (error: unknown) => void (this.failure ??= { error }));
      this.track(this.txrepChain);
    }
    // Waiting for the whole group lets the store commit it in one transaction (one fsync);
    // --stopafter needs each learn's outcome before the next message.
    if (this.inFlight.size >= MAX_IN_FLIGHT || this.flags.stopafter !== undefined) await Promise.all(this.inFlight);
    if (this.flags.progress && this.examined % 100 === 0) process.stderr.write(`\r${this.examined} message(s) examined`);
  }

  /** --stopafter N: more than N learned (sa-learn checks before each message, so it learns N + 1). */
  limitReached(): boolean {
    const limit = this.flags.stopafter;
    return limit !== undefined && this.learned > limit;
  }

  private track(op: Promise<void>): void {
    this.inFlight.add(op);
    void op.finally(() => this.inFlight.delete(op));
  }

  /** Every learn committed; throws the first failure. */
  async done(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure.error;
  }
}
