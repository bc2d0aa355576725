/**
 * The package as a mail administrator installs it: `npm pack`, then
 * `npm install -g --prefix EMPTY --offline` of the tarball (no network:
 * dependencies come from npm's cache, which the test first fills with what
 * the lockfile's runtime packages need, as a site's mirror or an earlier
 * online install would have; the one native addon npm cannot take
 * from its cache, `re2`, comes from a local mirror folder holding the addon
 * already built, as a site without Internet access would provide it through
 * RE2_DOWNLOAD_MIRROR), then the daemon started with
 * the systemd unit's ExecStart line and a message through a private Postfix
 * configured from postfix-examples/ with the milter (main.cf.milter). The
 * test substitutes only paths and ports (through SPAMWARD_* variables, as
 * Environment= lines would). The spamc pipe (master.cf.spamc) is not run
 * here: its sendmail re-injection into a private instance needs that
 * instance listed in the system's /etc/postfix/main.cf, which a test must
 * not edit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { parsePrometheusText, sumOf } from '../../src/daemon/prometheus-text.js';
import { requireProgram } from '../helpers/milter-process.js';
import { PostfixInstance } from '../helpers/milter-postfix.js';
import { freePorts, scrape, startServe, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

let scratch: string;
let prefix: string;
let installed: string;
let serve: ServeProcess;
let postfix: PostfixInstance;
let ports: { milter: number; spamd: number; metrics: number; smtp: number };

/** ExecStart of the shipped unit, split into words (it has no quoting). */
function unitExecStart(): string[] {
  const unit = readFileSync(join(installed, 'postfix-examples', 'spamward.service'), 'utf8');
  const line = /^ExecStart=(.+)$/m.exec(unit);
  assert.ok(line, 'the unit has an ExecStart line');
  return (line[1] as string).trim().split(/\s+/);
}

before(async () => {
  requireProgram('postconf', ['-h', 'mail_version'], 'apt-get install postfix');
  requireProgram('swaks', ['--version'], 'apt-get install swaks');
  requireProgram('npm', ['--version'], 'apt-get install npm (or install Node.js with npm)');
  scratch = mkdtempSync(join(tmpdir(), 'spamward-install-'));
  // The pipe runs spamward-spamc as an unprivileged user: the prefix must be reachable.
  chmodSync(scratch, 0o755);
  prefix = join(scratch, 'prefix');
  mkdirSync(join(scratch, 'pack'));
  await run('npm', ['pack', '--silent', '--pack-destination', join(scratch, 'pack')], { cwd: REPO });
  const tarball = readdirSync(join(scratch, 'pack')).find((f) => /^spamward-.*\.tgz$/.test(f));
  assert.ok(tarball, 'npm pack made a tarball');
  await cacheRuntimeDependencies(join(scratch, 'pack', tarball));
  await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(scratch, 'pack', tarball)], {
    cwd: scratch,
    env: { ...process.env, ...re2Mirror(join(scratch, 're2-mirror')) },
  });
  installed = join(prefix, 'lib', 'node_modules', 'spamward');
  const [milter, spamd, metrics, smtp] = (await freePorts(4)) as [number, number, number, number];
  ports = { milter, spamd, metrics, smtp };
});

/**
 * Puts every runtime package of the lockfile, with its registry metadata,
 * into npm's cache. `npm ci` caches only the tarballs (the lockfile already
 * says where each comes from), but installing the packed tarball resolves
 * its dependency ranges, which needs each package's metadata: on a machine
 * whose cache only `npm ci` filled, the offline install failed with
 * ENOTCACHED. `--prefer-offline` takes what the cache has and fetches the rest.
 * The ranges resolve to the newest published versions, which may be newer
 * than the lockfile's (tldts 7.6.0 against a locked 7.5.5 failed the offline
 * install that way), so an install without scripts into a throwaway prefix
 * then caches exactly what the real install will ask for.
 */
async function cacheRuntimeDependencies(tarball: string): Promise<void> {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean }> };
  const specs = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const at = path.lastIndexOf('node_modules/');
    if (at < 0 || entry.dev || entry.version === undefined) continue;
    specs.add(`${path.slice(at + 'node_modules/'.length)}@${entry.version}`);
  }
  const fill = async (args: string[]) =>
    run('npm', args, { cwd: scratch }).catch((e: Error) => {
      throw new Error(`npm's cache lacks the dependencies and the registry could not supply them: ${e.message}`);
    });
  await fill(['cache', 'add', '--prefer-offline', ...specs]);
  await fill(['install', '-g', '--prefix', join(scratch, 'cache-warm-up'), '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball]);
  rmSync(join(scratch, 'cache-warm-up'), { recursive: true, force: true });
}

/**
 * A mirror folder in the layout re2's installer fetches from (ARTIFACT.br,
 * no release path or version), holding the addon this checkout built.
 */
function re2Mirror(dir: string): Record<string, string> {
  mkdirSync(dir);
  const addon = readFileSync(join(REPO, 'node_modules', 're2', 'build', 'Release', 're2.node'));
  // Brotli's default quality (11) takes over a minute of CPU on the addon; the installer only has to read it.
  const compressed = brotliCompressSync(addon, { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } });
  writeFileSync(join(dir, `${process.platform}-${process.arch}-${process.versions.modules}.br`), compressed);
  return { RE2_DOWNLOAD_MIRROR: dir, RE2_DOWNLOAD_SKIP_PATH: '1', RE2_DOWNLOAD_SKIP_VER: '1' };
}

after(async () => {
  await postfix?.destroy();
  await serve?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('the installed package puts spamward and spamward-spamc on the PATH, with no compiler run', async () => {
  const { stdout } = await run(join(prefix, 'bin', 'spamward'), ['--version']);
  assert.match(stdout, /^\d+\.\d+\.\d+/);
  const spamc = await run(join(prefix, 'bin', 'spamward-spamc'), ['-V']).catch((e: { stdout: string }) => e);
  assert.match(spamc.stdout, /Client version \d/);
  assert.deepEqual(readdirSync(installed).filter((f) => f === 'src' || f === 'test'), [], 'no TypeScript sources shipped');
  const re2 = await run(process.execPath, ['-e', "new (require('re2').Set)(['a+']).match('aa')"], { cwd: installed });
  assert.equal(re2.stderr, '', 'the RE2 addon from the mirror loads');
});

test("the systemd unit's ExecStart runs the daemon and Postfix mail goes through its milter", async () => {
  const [program, ...args] = unitExecStart();
  assert.equal(program, '/usr/local/bin/spamward');
  const conf = args.indexOf('--config') + 1;
  assert.equal(args[conf], '/etc/spamward/spamward.conf');
  args[conf] = join(installed, 'postfix-examples', 'spamward.conf');
  const dataDir = join(scratch, 'data');
  mkdirSync(dataDir);
  // What Environment= lines would say on a test machine: ports and folders only.
  serve = await startServe(join(prefix, 'bin', 'spamward'), args, {
    SPAMWARD_MILTER_LISTEN: `inet:127.0.0.1:${ports.milter}`,
    SPAMWARD_SPAMD_LISTEN: `127.0.0.1:${ports.spamd}`,
    SPAMWARD_METRICS_LISTEN: `127.0.0.1:${ports.metrics}`,
    SPAMWARD_DATA_DIR: dataDir,
    // The bundled rules shipped in the package (and a faster start than the system's).
    SPAMWARD_CONFIGPATH: join(installed, 'rules'),
  });
  postfix = await PostfixInstance.create(`inet:127.0.0.1:${ports.milter}`, { smtpPort: ports.smtp });
  await postfix.postfix('start');
  await swaks('installed milter', `Buy now\n${GTUBE}\n`);
  const delivered = await postfix.waitDelivered('Subject: installed milter').catch((e: Error) => {
    throw new Error(`${e.message}\n${postfix.maillog()}\n${serve.output()}`);
  });
  assert.match(delivered, /^X-Spam-Flag: YES/m);
  assert.match(delivered, /^X-Spam-Checker-Version: Spamward/m);
  const samples = parsePrometheusText(await scrape(ports.metrics));
  assert.equal(sumOf(samples, 'spamward_messages_total', { frontend: 'milter', action: 'tag' }), 1);
});

function swaks(subject: string, body: string) {
  return run('swaks', [
    '--server', '127.0.0.1', '--port', String(ports.smtp), '--from', 'alice@sender.example', '--to', 'bob@example.com',
    '--header', `Subject: ${subject}`, '--body', body, '--suppress-data',
  ]);
}
