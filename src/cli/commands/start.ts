/**
 * `spamward start` (what `npm start` runs): Spamward on its embedded
 * defaults. It loads the rules (the system's SpamAssassin rules, else the
 * bundled ones), checks itself on the two bundled sample messages, then
 * serves the SPAMC/SPAMD protocol on 127.0.0.1:783 like SpamAssassin's spamd,
 * with the LMDB store in ./data. Any spamd flag changes that (`-p 7830`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { createEngine, type SpamwardEngine } from '../../engine/index.js';
import { runDaemon } from '../../spamd/daemon.js';
import { addDaemonFlags, type DaemonFlagValues } from '../../spamd/options.js';
import { addEngineFlags, engineOptionsFrom, type EngineFlagValues } from '../engine-flags.js';

const SAMPLES = ['sample-ham.eml', 'sample-spam.eml'];
const PRIVILEGED_PORTS_BELOW = 1024;

export function startCommand(y: Argv): Argv {
  return y.command(
    'start',
    'Run Spamward on its embedded defaults: self-check, then the spamd-compatible server on 127.0.0.1:783',
    (cmd) => addDaemonFlags(addEngineFlags(cmd)).option('check-only', { type: 'boolean', default: false, describe: 'Only load the rules and scan the bundled samples' }),
    async (argv) => {
      const flags = argv as unknown as DaemonFlagValues & { port: number; listen: string[]; syslog: string };
      if (flags.port < PRIVILEGED_PORTS_BELOW && process.getuid?.() !== 0) {
        process.stderr.write(`spamward: port ${flags.port} is privileged and this is not root; pick another with -p, e.g. npm start -- -p 7830\n`);
        process.exitCode = 1;
        return;
      }
      const engine = await createEngine(engineOptionsFrom(argv as EngineFlagValues));
      await selfCheck(engine);
      if (argv['check-only']) return;
      if (flags.listen.length === 0) flags.listen = ['127.0.0.1'];
      if (flags.syslog === 'mail') flags.syslog = 'stderr';
      await runDaemon(flags, engine);
      process.stdout.write(`spamward: spamd protocol on ${flags.listen.join(',')} port ${flags.port}; stop with Ctrl-C\n`);
    },
  );
}

async function selfCheck(engine: SpamwardEngine): Promise<void> {
  const errors = engine.diagnostics.filter((d) => d.level === 'error').length;
  process.stdout.write(`spamward: loaded ${engine.config.rules.size} rules from ${engine.files.length} files (${errors} config errors)\n`);
  process.stdout.write(`spamward: network tests ${engine.networkTests ? 'on' : 'off'}\n`);
  for (const name of SAMPLES) {
    const path = fileURLToPath(new URL(`../../../../samples/${name}`, import.meta.url));
    // Local tests only: a machine without network must not wait rbl_timeout per sample before the daemon starts.
    const verdict = await engine.scan(readFileSync(path), { localTestsOnly: true });
    process.stdout.write(`${name}: ${verdict.isSpam ? 'spam' : 'ham'} score=${verdict.scoreText} required=${verdict.requiredText} tests=${verdict.testNames.join(',') || 'none'}\n`);
  }
}
