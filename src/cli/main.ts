#!/usr/bin/env node
/** `spamward`: one program, one subcommand per job. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { SPAMWARD_VERSION } from '../engine/version.js';
import { checkCommand } from './commands/check.js';
import { lintCommand } from './commands/lint.js';
import { learnCommand } from './commands/learn.js';
import { milterCommand } from './commands/milter.js';
import { spamdCommand } from './commands/spamd.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { welcomelistCommand } from './commands/welcomelist.js';

const commands = [serveCommand, statusCommand, checkCommand, lintCommand, learnCommand, welcomelistCommand, spamdCommand, milterCommand];

let cli = yargs(hideBin(process.argv)).scriptName('spamward').version(SPAMWARD_VERSION).strict().demandCommand(1).recommendCommands();
for (const register of commands) cli = register(cli);
await cli.help().parseAsync();
