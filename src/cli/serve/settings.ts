/**
 * `spamward serve`'s settings: the engine flags, the milter's flags and the
 * spamd listener's, plus the daemon's own (addresses, logs, metrics). Each
 * comes from a flag, else an environment variable SPAMWARD_<NAME> (dashes as
 * underscores), else the `--config` file, else its default shown in --help.
 */
import type { Argv } from 'yargs';
import { addMilterFlags } from '../../../milter/flags.js';
import type { LOG_LEVELS } from '../../daemon/structured-log.js';
import { DEFAULT_ALLOWED_IPS } from '../../spamd/allowed-ips.js';
import { addEngineFlags } from '../engine-flags.js';
import { readConfigFile, type SettingTypes } from './config-file.js';

export const DEFAULT_MILTER_LISTEN = 'inet:127.0.0.1:11332';
export const DEFAULT_SPAMD_LISTEN = '127.0.0.1:783';
export const DEFAULT_METRICS_LISTEN = '127.0.0.1:9783';

export function addServeFlags<T>(y: Argv<T>) {
  const withAll = addMilterFlags(addEngineFlags(y))
    // The milter's own --listen is --milter-listen here, beside --spamd-listen.
    .hide('listen')
    .option('milter-listen', { type: 'string', default: DEFAULT_MILTER_LISTEN, describe: 'Milter address: inet:HOST:PORT, unix:/path, or off' })
    .option('spamd-listen', { type: 'string', default: DEFAULT_SPAMD_LISTEN, describe: 'SPAMC/SPAMD address: HOST:PORT, [IPv6]:PORT, /unix/path, or off' })
    .option('metrics-listen', { type: 'string', default: DEFAULT_METRICS_LISTEN, describe: 'Prometheus endpoint (GET /metrics): HOST:PORT, or off' })
    .option('allowed-ips', { alias: 'A', type: 'string', array: true, default: DEFAULT_ALLOWED_IPS, describe: 'spamc peers allowed to connect (addresses, CIDR ranges)' })
    .option('allow-tell', { type: 'boolean', default: false, describe: 'Accept spamc TELL (learn/forget) requests' })
    .option('max-connections', { type: 'number', default: 500, describe: 'Open spamc connections at most' })
    .option('max-children', { alias: 'm', type: 'number', default: 0, describe: 'Scanning workers (0: the scanner chooses, one per CPU core)' })
    .option('max-requests-per-worker', { type: 'number', default: 0, describe: 'Replace a scanning worker by a fresh one after this many requests (0: never)' })
    .option('log', { choices: ['stderr', 'syslog'] as const, default: 'stderr' as const, describe: 'Where log lines go (one JSON object per line)' })
    .option('syslog', { type: 'boolean', default: false, describe: 'Same as --log syslog (through logger(1) to /dev/log)' })
    .option('syslog-facility', { type: 'string', default: 'mail', describe: 'Syslog facility' })
    .describe('log-level', 'Lowest level logged')
    .option('pidfile', { type: 'string', describe: 'Write the daemon PID here (removed on exit); default: none' })
    .option('self-check', { type: 'boolean', default: true, describe: 'Scan the two bundled sample messages at start-up' });
  return withAll.config('config', 'Settings file: "key = value" lines, keys are the long flag names (postfix-examples/spamward.conf)', (path: string) =>
    readConfigFile(path, settingTypes(withAll)),
  )
    .env('SPAMWARD')
    .epilogue(
      'Each setting also comes from the environment as SPAMWARD_<NAME> (SPAMWARD_SPAMD_LISTEN=127.0.0.1:7830) ' +
        'or from the --config file ("spamd-listen = 127.0.0.1:7830"); a flag beats the environment, which beats the file.',
    );
}

/** What the config reader needs to know about the flags (types and names), from yargs itself. */
function settingTypes(y: unknown): SettingTypes {
  // getOptions() is yargs API that its type declarations leave out.
  const o = (y as { getOptions(): { key: Record<string, unknown>; boolean: string[]; number: string[]; array: string[] } }).getOptions();
  return {
    known: new Set(Object.keys(o.key)),
    booleans: new Set(o.boolean),
    numbers: new Set(o.number),
    arrays: new Set(o.array),
  };
}

export interface ServeFlagValues {
  'milter-listen': string;
  'spamd-listen': string;
  'metrics-listen': string;
  'allowed-ips': string[];
  'allow-tell': boolean;
  'max-connections': number;
  'max-children': number;
  'max-requests-per-worker': number;
  log: 'stderr' | 'syslog';
  syslog: boolean;
  'syslog-facility': string;
  'log-level': (typeof LOG_LEVELS)[number];
  pidfile?: string;
  'self-check': boolean;
}
