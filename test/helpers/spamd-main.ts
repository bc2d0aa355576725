/**
 * Starts `spamward spamd …` from its command module alone, so tests do not
 * depend on how the main CLI is assembled: `node spamd-main.js spamd -p PORT …`.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { spamdCommand } from '../../src/cli/commands/spamd.js';
import { expandAbbreviations } from '../../src/spamd/getopt-compat.js';

await spamdCommand(yargs(expandAbbreviations(hideBin(process.argv))).strict().demandCommand(1)).parseAsync();
