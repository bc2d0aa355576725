#!/usr/bin/env node
/** `spamward`: one program, one subcommand per job. */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { SPAMWARD_VERSION } from '../engine/version.js';

type Register = (y: Argv) => Argv;

/**
 * Each command module is imported only when it can run: `spamward learn`
 * runs once per folder from scripts and cron, and its start-up should not
 * load the daemons, DKIM or the rule compiler it never uses.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  lint: async () => (await import('./commands/lint.js')).lintCommand,
  learn: async () => (await import('./commands/learn.js')).learnCommand,
  welcomelist: async () => (await import('./commands/welcomelist.js')).welcomelistCommand,
  spamd: async () => (await import('./commands/spamd.js')).spamdCommand,
  milter: async () => (await import('./commands/milter.js')).milterCommand,
};

let args = hideBin(process.argv);
// spamd's Getopt::Long takes unique abbreviations of its long options (`--max-child=5`); existing command lines use them.
if (args[0] === 'spamd') args = ['spamd', ...(await import('../spamd/getopt-compat.js')).expandAbbreviations(args.slice(1))];
const named = args[0] !== undefined && Object.hasOwn(COMMANDS, args[0]) ? [args[0]] : Object.keys(COMMANDS);
const registers = await Promise.all(named.map((n) => (COMMANDS[n] as () => Promise<Register>)()));
let cli = yargs(args)
  .scriptName('spamward')
  .version(SPAMWARD_VERSION)
  .strict()
  .demandCommand(1)
  .recommendCommands()
  .showHelpOnFail(false, 'Run `spamward --help` for the commands, `spamward COMMAND --help` for their options.');
for (const register of registers) cli = register(cli);
skipHelpCache(cli);
// -h and -V as spamd and sa-learn spell --help and --version.
await cli.help().alias('h', 'help').alias('V', 'version').parseAsync();

/**
 * yargs renders the running command's whole help text as soon as the
 * command's handler has started, to have it ready should the handler fail;
 * measuring every line's width takes 70-150 ms of each process (a `learn`
 * from cron, a `check`). With showHelpOnFail off a failure prints its error
 * and a hint instead of the help, so that text is never read: its rendering
 * is skipped. yargs exposes the hook only through its internal methods; if
 * they change, the help is simply rendered as before.
 */
function skipHelpCache(y: Argv): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (y as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
