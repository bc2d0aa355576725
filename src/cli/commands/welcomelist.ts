/**
 * `spamward welcomelist`: the persistent address list of the reputation
 * store, as `spamassassin --add-addr-to-welcomelist`, `--add-addr-to-blocklist`
 * and `--remove-addr-from-welcomelist` manage it (engine/reputation/address-list.ts):
 * the address loses its entries, then gets an `ip=none` entry worth −100
 * (welcome) or +100 (block), which its next message inherits. When the
 * configuration runs TxRep the identity is listed in TxRep's entries too,
 * at ±100 scaled by TxRep's weights.
 */
import type { Argv } from 'yargs';
import { type Listing, listAwlAddress, listTxRepAddress } from '../../engine/reputation/address-list.js';
import type { ReputationStore } from '../../engine/reputation/reputation-store.js';
import { txrepActive, txrepSettings, type TxRepSettings } from '../../engine/reputation/txrep-settings.js';
import { defaultConfig } from '../../engine/config/default-config.js';
import { loadEngineConfig } from '../../engine/engine-config.js';
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
    'Add or remove addresses in the reputation store, AWL and TxRep (spamassassin --add-addr-to-welcomelist and friends)',
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

/** TxRep's settings when the configuration runs it (its listing then applies too). */
function activeTxRep(argv: WelcomelistArgs): TxRepSettings | undefined {
  const settings = txrepSettings(loadEngineConfig(engineOptionsFrom(argv), { skipRules: true }).config);
  return txrepActive(settings) ? settings : undefined;
}

/** What the command says it did. */
function done(listing: Listing, had: boolean): string {
  return { welcome: 'welcomed', block: 'blocked', remove: had ? 'removed' : 'not listed:' }[listing];
}

async function list(store: ReputationStore, txrep: TxRepSettings | undefined, addr: string, listing: Listing): Promise<void> {
  process.stdout.write(`${done(listing, await listAwlAddress(store, addr, listing))} ${addr}\n`);
  if (!txrep) return;
  const { id, score, had } = await listTxRepAddress(store, addr, listing, txrep);
  process.stdout.write(`TxRep: ${done(listing, had)}${score === undefined ? '' : ` (score ${score})`} ${id}\n`);
}

async function runWelcomelist(argv: WelcomelistArgs): Promise<number> {
  const dir = argv.dbpath ?? engineOptionsFrom(argv).dataDir ?? 'data';
  let stores;
  let txrep: TxRepSettings | undefined;
  try {
    txrep = activeTxRep(argv);
    stores = openStores(dir, defaultConfig());
  } catch (e) {
    process.stderr.write(`spamward welcomelist: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const store = stores.reputation;
    for (const a of argv.add ?? []) await list(store, txrep, a, 'welcome');
    for (const a of argv.block ?? []) await list(store, txrep, a, 'block');
    for (const a of argv.remove ?? []) await list(store, txrep, a, 'remove');
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
