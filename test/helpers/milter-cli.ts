/**
 * Runs `spamward milter …` exactly as the CLI registers it, so the interop
 * tests drive the real command (flags, engine loading, signals) before the
 * main entry point lists it. Usage: node milter-cli.js milter --listen …
 */
import yargs from 'yargs';
import { milterCommand } from '../../src/cli/commands/milter.js';

await milterCommand(yargs(process.argv.slice(2)).scriptName('spamward')).strict().demandCommand(1).help().parseAsync();
