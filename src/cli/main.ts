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

const args = hideBin(process.argv);
const named = args[0] !== undefined && Object.hasOwn(COMMANDS, args[0]) ? [args[0]] : Object.keys(COMMANDS);
const registers = await Promise.all(named.map((n) => (COMMANDS[n] as () => Promise<Register>)()));
let cli = yargs(args).scriptName('spamward').version(SPAMWARD_VERSION).strict().demandCommand(1).recommendCommands();
for (const register of registers) cli = register(cli);
await cli.help().parseAsync();
