/**
 * The engine flags every front end shares, spelled as spamd and spamassassin
 * spell them, so one command line serves `check`, `spamd` and `milter`.
 */
import type { Argv } from 'yargs';
import type { EngineOptions } from '../engine/engine-options.js';

export function addEngineFlags<T>(y: Argv<T>) {
  return y
    .option('local', { alias: 'L', type: 'boolean', default: false, describe: 'Local tests only (no network tests)' })
    .option('configpath', { alias: 'C', type: 'string', describe: 'Rules directory (default: the system SpamAssassin rules, else the bundled ones)' })
    .option('siteconfigpath', { type: 'string', describe: 'Site configuration directory (default /etc/spamassassin)' })
    .option('cf', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: "Extra config line, read after the files (repeatable): --cf='required_score 4'" })
    .option('pre', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'Extra config line, read before the files (repeatable)' })
    .option('nouser-config', { alias: 'x', type: 'boolean', default: false, describe: 'Do not read per-user preferences' })
    .option('data-dir', { type: 'string', default: 'data', describe: 'Folder for the LMDB stores (Bayes, reputation)' });
}

export interface EngineFlagValues {
  local?: boolean;
  configpath?: string;
  siteconfigpath?: string;
  cf?: string[];
  pre?: string[];
  'nouser-config'?: boolean;
  'data-dir'?: string;
}

export function engineOptionsFrom(argv: EngineFlagValues): EngineOptions {
  const opts: EngineOptions = {
    localTestsOnly: argv.local ?? false,
    preLines: argv.pre ?? [],
    cfLines: argv.cf ?? [],
    noUserConfig: argv['nouser-config'] ?? false,
  };
  if (argv.configpath !== undefined) opts.configPath = argv.configpath;
  if (argv.siteconfigpath !== undefined) opts.siteConfigPath = argv.siteconfigpath;
  if (argv['data-dir'] !== undefined) opts.dataDir = argv['data-dir'];
  return opts;
}

/**
 * The engine options of a daemon: -x turns off only the user_prefs files in home folders, while
 * preferences from SQL (`--sql-config`) and from `--virtual-config-dir` still apply, as in spamd,
 * so with either of those the engine must not refuse every user's preferences.
 */
export function daemonEngineOptions(argv: EngineFlagValues, prefs: { 'sql-config'?: boolean | undefined; 'virtual-config-dir'?: string | undefined }): EngineOptions {
  const opts = engineOptionsFrom(argv);
  if (prefs['sql-config'] === true || prefs['virtual-config-dir'] !== undefined) opts.noUserConfig = false;
  return opts;
}
