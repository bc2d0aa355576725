/**
 * `spamward learn`: train, inspect and move the Bayes database, like
 * sa-learn. Messages come from files, directories, Maildirs, mbox files or
 * stdin; each learn is acknowledged only once it is committed to disk.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isRemoteStore } from '../../engine/bayes/store.js';
import { loadEngineConfig } from '../../engine/engine-config.js';
import type { EngineOptions } from '../../engine/engine-options.js';
import { openStores, type OpenedStores } from '../../engine/storage/open-stores.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';
import { readClassSwitches } from '../learn/class-switches.js';
import { type LearnPlan, learnMessages, planLearn } from '../learn/learn-messages.js';
import type { SupportPaths } from '../learn/prepare-wire.js';
import { parseFoldersFile, type SourceTarget } from '../../engine/bayes/mail-sources.js';

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
  folders?: string;
  folderTargets?: SourceTarget[];
  'max-size'?: number;
  single?: boolean;
  learnprob?: number;
  randseed?: number;
  stopafter?: number;
  quiet?: boolean;
  prefspath?: string;
  mbx?: boolean;
  import?: boolean;
  rebuild?: boolean;
  nosync?: boolean;
}

/** The options that read the next word as their value (names and aliases), known once the command is built. */
let valueOptions: ReadonlySet<string> = new Set();

export function learnCommand(y: Argv): Argv {
  return y.command(
    'learn [paths..]',
    'Train the Bayes database from messages, or dump, back up, restore or clear it, like `sa-learn`',
    (cmd) => {
      const built = addEngineFlags(cmd)
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
        // The rest of sa-learn's command line, so existing cron jobs and scripts run unchanged.
        .option('folders', { alias: 'f', type: 'string', describe: 'Read targets from this file: "spam:FORMAT:PATH", "ham:FORMAT:PATH" or a path per line' })
        .option('max-size', { type: 'number', default: 500 * 1024, describe: 'Skip messages larger than this many bytes (0: no limit), as sa-learn' })
        .option('single', { type: 'boolean', describe: 'Learn one message from stdin' })
        .option('learnprob', { type: 'number', describe: 'Learn each message with this probability only (0..1)' })
        .option('randseed', { type: 'number', describe: 'Seed for --learnprob' })
        .option('stopafter', { type: 'number', describe: 'Stop once more than this many messages were learned (as sa-learn: N + 1 are)' })
        .option('quiet', { alias: 'q', type: 'boolean', describe: 'Print no summary line' })
        .option('prefspath', { alias: ['p', 'prefs-file'], type: 'string', describe: 'A user_prefs file whose settings apply to this run' })
        .option('username', { alias: 'u', type: 'string', hidden: true, describe: 'Accepted; the database is --dbpath or the data folder' })
        .option('debug', { alias: ['D', 'debug-level'], type: 'string', hidden: true, describe: 'Accepted for compatibility' })
        .option('dir', { type: 'boolean', hidden: true })
        .option('file', { type: 'boolean', hidden: true })
        .option('mbx', { type: 'boolean', hidden: true })
        .option('import', { type: 'boolean', hidden: true })
        .option('rebuild', { type: 'boolean', hidden: true })
        .option('nosync', { alias: 'norebuild', type: 'boolean', hidden: true })
        .alias('dbpath', 'db')
        .alias('regexp', 're')
        .alias('force-expire', 'expire')
        .alias('configpath', ['c', 'config-file', 'config-dir'])
        .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads that parse and tokenise (0: none; default: one per core when there are many messages and an idle core)' })
        .check((a) => {
          // --spam and --ham together are classes of different targets (settled in runLearn); --forget is for all of them.
          if (a.forget && (a.spam || a.ham)) throw new Error('choose one of --spam, --ham, --forget');
          return true;
        });
      valueOptions = valueTakingOptions(built);
      return built;
    },
    async (argv) => {
      process.exitCode = await runLearn(argv as LearnArgs);
    },
  );
}

async function runLearn(argv: LearnArgs): Promise<number> {
  try {
    settleSaLearnSpellings(argv);
  } catch (e) {
    process.stderr.write(`spamward learn: ${(e as Error).message}\n`);
    return 64;
  }
  const options = engineOptionsFrom(argv);
  // A learner's worker threads start first: they load their code while this thread reads the configuration.
  const plan = argv.spam || argv.ham || argv.forget || argv.folderTargets ? planLearn(argv) : undefined;
  try {
    return await runWithStores(argv, options, plan);
  } finally {
    await plan?.close();
  }
}

/**
 * sa-learn's other spellings: --single reads stdin, --folders lists targets
 * (bare paths need --spam, --ham or --forget, as in sa-learn), --prefspath's
 * settings join the configuration, --rebuild is --sync, --import has
 * nothing to import (there is no older Spamward format), --mbx is refused.
 */
function settleSaLearnSpellings(argv: LearnArgs): void {
  if (argv.spam && argv.ham) settleClassSwitches(argv);
  if (argv.mbx) throw new Error('the mbx format is not supported (convert the folder to mbox or Maildir)');
  if (argv.single) argv.paths = [...(argv.paths ?? []), '-'];
  if (argv.rebuild) {
    process.stderr.write('The --rebuild option has been deprecated.  Please use --sync instead.\n');
    argv.sync = true;
  }
  if (argv.import) process.stderr.write('spamward learn: --import: nothing to import (use --restore with an sa-learn --backup file)\n');
  if (argv.learnprob !== undefined && !(argv.learnprob > 0 && argv.learnprob <= 1)) throw new Error('--learnprob must be above 0 and at most 1');
  if (argv.folders !== undefined) {
    const targets = parseFoldersFile(readFileSync(argv.folders, 'latin1'));
    if (!argv.spam && !argv.ham && !argv.forget && targets.some((t) => t.spam === undefined)) {
      throw new Error('Please select either --spam or --ham or --forget before the first target');
    }
    // Learned before the command line's targets, as sa-learn does.
    argv.folderTargets = [...targets, ...(argv.folderTargets ?? [])];
  }
  if (argv.prefspath !== undefined) argv.cf = [...(argv.cf ?? []), ...readFileSync(argv.prefspath, 'latin1').split('\n')];
}

/**
 * `--spam a --ham b`: each target learned as the class named last before it,
 * as sa-learn reads its command line; a --folders file's bare lines take the
 * class named last of all. The targets become per-class targets after the
 * --folders file's (sa-learn learns that file's first).
 */
function settleClassSwitches(argv: LearnArgs): void {
  const words = hideBin(process.argv);
  const at = words.indexOf('learn');
  const { targets: classed, last } = at < 0 ? { targets: [], last: undefined } : readClassSwitches(words.slice(at + 1), (name) => valueOptions.has(name));
  const paths = argv.paths ?? [];
  // Read back exactly the targets yargs found, or the order cannot be trusted: then the line is refused as before.
  if (classed.length !== paths.length || classed.some((t, i) => t.path !== paths[i])) throw new Error('choose one of --spam, --ham, --forget');
  if (classed.some((t) => t.spam === undefined)) throw new Error('Please select either --spam or --ham or --forget before the first target');
  argv.folderTargets = classed.map((t) => ({ path: t.path, spam: t.spam }));
  argv.paths = [];
  argv.spam = last === true;
  argv.ham = last === false;
}

/** Names and aliases of the string and number options: each reads the next word as its value. */
function valueTakingOptions(y: Argv): Set<string> {
  // getOptions() is yargs' own (it is missing from its type declarations).
  const o = (y as unknown as { getOptions(): { string: string[]; number: string[]; alias: Record<string, string[]> } }).getOptions();
  const names = new Set([...o.string, ...o.number]);
  for (const [key, aliases] of Object.entries(o.alias)) {
    if (names.has(key) || aliases.some((a) => names.has(a))) for (const n of [key, ...aliases]) names.add(n);
  }
  return names;
}

async function runWithStores(argv: LearnArgs, options: EngineOptions, plan: LearnPlan | undefined): Promise<number> {
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
    return await dispatch(argv, stores as OpenedStores, conf, plan, supportPathsOf(options));
  } catch (e) {
    process.stderr.write(`spamward learn: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await stores?.close();
  }
}

type Conf = Parameters<typeof openStores>[1];

async function dispatch(argv: LearnArgs, stores: OpenedStores, conf: Conf, plan: LearnPlan | undefined, supportPaths: SupportPaths): Promise<number> {
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
  if (plan) {
    const { examined, learned } = await learnMessages(plan, stores.classifier, conf, stores.reputation, supportPaths);
    const verb = argv.forget ? 'Forgot' : 'Learned';
    if (!argv.quiet) process.stdout.write(`${verb} tokens from ${learned} message(s) (${examined} message(s) examined)\n`);
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

/** The rule and site folders the engine options name, for the files plugins read beside the rules. */
function supportPathsOf(options: EngineOptions): SupportPaths {
  return {
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.siteConfigPath !== undefined ? { siteConfigPath: options.siteConfigPath } : {}),
  };
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
