/**
 * `spamward welcomelist`: the persistent address list of the AWL store, as
 * `spamassassin --add-addr-to-welcomelist`, `--add-addr-to-blocklist` and
 * `--remove-addr-from-welcomelist` manage it. An added address gets an
 * `ip=none` entry worth −100 (welcome) or +100 (block); the next message
 * from it, from an IP block not seen before, inherits that mean.
 */
import type { Argv } from 'yargs';
import { addKnownAddress, removeAddress } from '../../engine/reputation/awl.js';
import { defaultConfig } from '../../engine/config/default-config.js';
import { openStores } from '../../engine/storage/open-stores.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';

interface WelcomelistArgs extends EngineFlagValues {
  add?: string[];
  block?: string[];
  remove?: string[];
  list?: boolean;
  dbpath?: string;
}

export function welcomelistCommand(y: Argv): Argv {
  return y.command(
    'welcomelist',
    'Add or remove addresses in the AWL reputation store (spamassassin --add-addr-to-welcomelist and friends)',
    (cmd) =>
      addEngineFlags(cmd)
        .option('add', { alias: 'add-addr-to-welcomelist', type: 'string', array: true, describe: 'Welcome these addresses (score -100)' })
        .option('block', { alias: 'add-addr-to-blocklist', type: 'string', array: true, describe: 'Block these addresses (score +100)' })
        .option('remove', { alias: 'remove-addr-from-welcomelist', type: 'string', array: true, describe: 'Remove these addresses from the list' })
        .option('list', { type: 'boolean', describe: 'Print every reputation entry: key, count, mean' })
        .option('dbpath', { type: 'string', describe: 'Folder of the database (default: the data folder)' })
        .check((a) => {
          if (!a.add && !a.block && !a.remove && !a.list) throw new Error('give --add, --block, --remove or --list');
          return true;
        }),
    async (argv) => {
      process.exitCode = await runWelcomelist(argv as WelcomelistArgs);
    },
  );
}

async function runWelcomelist(argv: WelcomelistArgs): Promise<number> {
  const dir = argv.dbpath ?? engineOptionsFrom(argv).dataDir ?? 'data';
  let stores;
  try {
    stores = openStores(dir, defaultConfig());
  } catch (e) {
    process.stderr.write(`spamward welcomelist: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const store = stores.reputation;
    for (const a of argv.add ?? []) {
      await addKnownAddress(store, a, true);
      process.stdout.write(`welcomed ${a}\n`);
    }
    for (const a of argv.block ?? []) {
      await addKnownAddress(store, a, false);
      process.stdout.write(`blocked ${a}\n`);
    }
    for (const a of argv.remove ?? []) {
      const had = await removeAddress(store, a);
      process.stdout.write(`${had ? 'removed' : 'not listed:'} ${a}\n`);
    }
    if (argv.list) {
      for await (const [key, e] of store.entries()) process.stdout.write(`${key}\t${e.count}\t${(e.total / (e.count || 1)).toFixed(3)}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`spamward welcomelist: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await stores.close();
  }
}
