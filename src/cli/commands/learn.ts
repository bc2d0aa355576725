/**
 * `spamward learn`: train, inspect and move the Bayes database, like
 * sa-learn. Messages come from files, directories, Maildirs, mbox files or
 * stdin; each learn is acknowledged only once it is committed to disk.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import type { BayesClassifier, LearnResultKind } from '../../engine/bayes/classifier.js';
import type { PreparedLearn } from '../../engine/bayes/prepared-learn.js';
import { isRemoteStore } from '../../engine/bayes/store.js';
import { messagesFrom, type SourceMessage } from '../../engine/bayes/mail-sources.js';
import { loadEngineConfig } from '../../engine/engine-config.js';
import type { EngineOptions } from '../../engine/engine-options.js';
import { openStores, type OpenedStores } from '../../engine/storage/open-stores.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';
import type { PrepareOutcome, PrepareSetup } from '../learn/prepare-wire.js';

const MAX_IN_FLIGHT = 1024;

/** Fewer messages than this are learned without worker threads: starting them costs more than they save. */
const PARALLEL_FROM = 64;
/** Messages per request to a worker, and requests queued per worker, so none waits for work. */
const CHUNK = 16;
const AHEAD = 4;
/** Prepared messages applied together: one write transaction each (a fraction of MAX_IN_FLIGHT, so workers keep busy meanwhile). */
const GROUP = 256;

interface LearnArgs extends EngineFlagValues {
  spam?: boolean;
  ham?: boolean;
  forget?: boolean;
  paths?: string[];
  dbpath?: string;
  mbox?: boolean;
  progress?: boolean;
  dump?: string;
  regexp?: string;
  backup?: boolean;
  restore?: string;
  clear?: boolean;
  sync?: boolean;
  'force-expire'?: boolean;
  'use-ignores'?: boolean;
  jobs?: number;
}

export function learnCommand(y: Argv): Argv {
  return y.command(
    'learn [paths..]',
    'Train the Bayes database from messages, or dump, back up, restore or clear it, like `sa-learn`',
    (cmd) =>
      addEngineFlags(cmd)
        .positional('paths', { type: 'string', array: true, describe: 'Message files, directories, Maildirs or mbox files ("-" = stdin)' })
        .option('spam', { type: 'boolean', describe: 'Learn the messages as spam' })
        .option('ham', { alias: 'nonspam', type: 'boolean', describe: 'Learn the messages as ham' })
        .option('forget', { type: 'boolean', describe: 'Forget previously learned messages' })
        .option('dbpath', { type: 'string', describe: 'Folder of the database (default: the data folder)' })
        .option('mbox', { type: 'boolean', describe: 'Read the files as mbox' })
        .option('progress', { alias: 'showdots', type: 'boolean', describe: 'Show progress on stderr' })
        .option('dump', { type: 'string', describe: 'Print the database: all (default), data or magic' })
        .option('regexp', { type: 'string', describe: 'With --dump: only tokens whose hex key matches' })
        .option('backup', { type: 'boolean', describe: 'Print the database in sa-learn backup format' })
        .option('restore', { type: 'string', describe: 'Replace the database with a sa-learn backup file' })
        .option('clear', { type: 'boolean', describe: 'Delete the whole Bayes database' })
        .option('sync', { type: 'boolean', describe: 'Accepted for sa-learn compatibility (Spamward has no journal)' })
        .option('force-expire', { type: 'boolean', describe: 'Expire old tokens now' })
        .option('use-ignores', { type: 'boolean', default: false, describe: 'Honour bayes_ignore_from / bayes_ignore_to' })
        .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads that parse and tokenise (0: none; default: one per core for more than a few messages)' })
        .check((a) => {
          const modes = [a.spam, a.ham, a.forget].filter(Boolean).length;
          if (modes > 1) throw new Error('choose one of --spam, --ham, --forget');
          return true;
        }),
    async (argv) => {
      process.exitCode = await runLearn(argv as LearnArgs);
    },
  );
}

async function runLearn(argv: LearnArgs): Promise<number> {
  const options = engineOptionsFrom(argv);
  // Every mode reads the configuration: it names the store (bayes_store_module, bayes_sql_dsn) and the bayes_* settings.
  // No mode runs a rule (learning tokenizes, like sa-learn), so rule definitions are not even parsed.
  const conf = loadEngineConfig(options, { skipRules: true }).config;
  const dir = argv.dbpath ?? options.dataDir ?? 'data';
  let stores: OpenedStores | undefined;
  try {
    stores = openStores(dir, conf);
    // A shared store that cannot be reached is reported now, with its address, rather than per message.
    if (isRemoteStore(stores.bayes)) await stores.bayes.refresh();
  } catch (e) {
    process.stderr.write(`spamward learn: ${(e as Error).message}\n`);
    await stores?.close();
    return 2;
  }
  try {
    return await dispatch(argv, stores as OpenedStores, conf, options);
  } catch (e) {
    process.stderr.write(`spamward learn: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await stores?.close();
  }
}

type Conf = Parameters<typeof openStores>[1];

async function dispatch(argv: LearnArgs, stores: OpenedStores, conf: Conf, options: EngineOptions): Promise<number> {
  if (argv.clear) {
    await stores.bayes.clear();
    return 0;
  }
  if (argv.restore !== undefined) {
    const { restoreBackup } = await import('../../engine/bayes/backup.js');
    const s = await restoreBackup(stores.bayes, readFileSync(argv.restore, 'latin1'));
    process.stderr.write(`restored ${s.tokens} token(s), ${s.seen} seen id(s), nspam ${s.nspam}, nham ${s.nham}\n`);
    return 0;
  }
  if (argv.backup) {
    const { backupStream } = await import('../../engine/bayes/backup.js');
    await writeAll(backupStream(stores.bayes));
    return 0;
  }
  if (argv.dump !== undefined) {
    const { dumpMagic, dumpTokensStream } = await import('../../engine/bayes/dump.js');
    const what = argv.dump === '' ? 'all' : argv.dump;
    if (what === 'all' || what === 'magic') await writeAll(dumpMagic(stores.bayes));
    if (what === 'all' || what === 'data') await writeAll(dumpTokensStream(stores.bayes, argv.regexp ? new RegExp(argv.regexp) : undefined));
    return 0;
  }
  if (argv.spam || argv.ham || argv.forget) {
    await learnAll(argv, stores.classifier, conf, options);
  } else if (!argv.sync && !argv['force-expire']) {
    process.stderr.write('spamward learn: nothing to do (give --spam, --ham, --forget, --dump, --backup, --restore, --clear or --force-expire)\n');
    return 64;
  }
  const bayes = stores.bayes;
  if (argv['force-expire']) {
    const max = stores.classifier.settings.expiryMaxDbSize;
    const now = Math.floor(Date.now() / 1000);
    const { expireTokens } = await import('../../engine/bayes/expiry.js');
    const r = isRemoteStore(bayes) ? await bayes.expireNow(max, now) : await expireTokens(bayes, max, now);
    process.stderr.write(r.removed === 0 && r.kept === 0 && !r.ran ? `expiry: ${r.reason}\n` : `expiry: ${r.reason}; removed ${r.removed}, kept ${r.kept}\n`);
  }
  return 0;
}

async function learnAll(argv: LearnArgs, classifier: BayesClassifier, conf: Conf, options: EngineOptions): Promise<void> {
  const paths = argv.paths && argv.paths.length > 0 ? argv.paths : ['-'];
  const source = messagesFrom(paths, { mbox: argv.mbox ?? false })[Symbol.iterator]();
  const head: SourceMessage[] = [];
  for (let n = source.next(); !n.done; n = head.length < PARALLEL_FROM ? source.next() : { done: true, value: undefined }) head.push(n.value);
  const messages = (function* () {
    yield* head;
    for (let n = source.next(); !n.done; n = source.next()) yield n.value;
  })();
  const jobs = argv.jobs ?? (head.length >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 0);
  const useIgnores = !argv.forget && (argv['use-ignores'] ?? false);
  const applier = new Applier(argv, classifier);
  if (jobs > 0) await prepareInWorkers(messages, jobs, { engine: options, useIgnores }, applier);
  else await prepareHere(messages, conf, classifier, useIgnores, applier);
  await applier.done();
  if (argv.progress) process.stderr.write('\n');
  const verb = argv.forget ? 'Forgot' : 'Learned';
  process.stdout.write(`${verb} tokens from ${applier.learned} message(s) (${applier.examined} message(s) examined)\n`);
}

async function prepareHere(messages: Iterable<SourceMessage>, conf: Conf, classifier: BayesClassifier, useIgnores: boolean, applier: Applier): Promise<void> {
  const { prepareLearn } = await import('../../engine/bayes/learn-prep.js');
  for (const m of messages) await applier.apply(prepareLearn(conf, classifier.settings, m.raw, { useIgnores, now: Math.floor(Date.now() / 1000) }));
}

/**
 * Chunks go to the workers ahead of time; their answers are applied strictly
 * in message order, GROUP at a time, so that one write transaction (one
 * commit, one fsync) takes many messages as a serial learn's does.
 */
async function prepareInWorkers(messages: Iterable<SourceMessage>, jobs: number, setup: PrepareSetup, applier: Applier): Promise<void> {
  const { PreparePool } = await import('../learn/prepare-pool.js');
  const pool = new PreparePool(jobs, setup);
  const pending: Promise<PrepareOutcome[]>[] = [];
  let ready: PrepareOutcome[] = [];
  const applyReady = async (): Promise<void> => {
    const group = ready;
    ready = [];
    for (const o of group) {
      if ('error' in o) throw new Error(o.error);
      await applier.apply(o.ok);
    }
  };
  const takeOldest = async (): Promise<void> => {
    ready.push(...(await (pending.shift() as Promise<PrepareOutcome[]>)));
    if (ready.length >= GROUP) await applyReady();
  };
  const send = (raws: Uint8Array[]): void => {
    const p = pool.prepare(raws);
    // Awaited in turn below; meanwhile a failure must not count as unhandled.
    p.catch(() => undefined);
    pending.push(p);
  };
  try {
    let chunk: Uint8Array[] = [];
    for (const m of messages) {
      chunk.push(m.raw);
      if (chunk.length < CHUNK) continue;
      send(chunk);
      chunk = [];
      while (pending.length >= jobs * AHEAD) await takeOldest();
    }
    if (chunk.length > 0) send(chunk);
    while (pending.length > 0) await takeOldest();
    await applyReady();
  } finally {
    await pool.close();
  }
}

/** Applies prepared messages to the store in order, a commit group at a time, and counts them. */
class Applier {
  examined = 0;
  learned = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly argv: LearnArgs, private readonly classifier: BayesClassifier) {}

  async apply(p: PreparedLearn): Promise<void> {
    this.examined++;
    const op = this.argv.forget ? this.classifier.forgetPrepared(p) : this.classifier.learnPrepared(p, this.argv.spam === true);
    const done = op.then((r: LearnResultKind) => {
      if (r === 'learned' || r === 'relearned') this.learned++;
    });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done)).catch(() => undefined);
    // Waiting for the whole group lets the store commit it in one transaction (one fsync).
    if (this.inFlight.size >= MAX_IN_FLIGHT) await this.done();
    if (this.argv.progress && this.examined % 100 === 0) process.stderr.write(`\r${this.examined} message(s) examined`);
  }

  async done(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

async function writeAll(lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
  let buf = '';
  for await (const l of lines) {
    buf += l;
    if (buf.length > 1 << 16) {
      process.stdout.write(Buffer.from(buf, 'latin1'));
      buf = '';
    }
  }
  if (buf) process.stdout.write(Buffer.from(buf, 'latin1'));
}
