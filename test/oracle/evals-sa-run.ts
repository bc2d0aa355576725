/**
 * Asks the installed SpamAssassin 4.0.1 which rules (sub-rules included) a
 * set of messages hit, in local-only mode. Results are cached in the system
 * temp folder by file path, since a full run takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `
use strict; use warnings;
use Mail::SpamAssassin;
my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => $ARGV[0] });
$sa->init(1);
while (my $path = <STDIN>) {
  chomp $path;
  open(my $fh, '<:raw', $path) or do { print "$path\\t!\\n"; next };
  # $/ must be back to "\\n" before check(): SpamAssassin's code chomps header values.
  my $raw = do { local $/; <$fh> }; close $fh;
  my $msg = $sa->parse($raw, 1);
  my $pms = $sa->check($msg);
  my @names = (@{$pms->{test_names_hit} || []}, @{$pms->{subtest_names_hit} || []});
  print "$path\\t", join(',', @names), "\\n";
  $pms->finish; $msg->finish;
}
`;

type HitCache = Record<string, string[]>;

/** One cache file per user_prefs text, so list experiments do not mix with plain runs. */
function cachePath(prefsText: string): string {
  const tag = prefsText === '' ? 'plain' : createHash('sha1').update(prefsText).digest('hex').slice(0, 12);
  return join(tmpdir(), `spamward-evals-oracle-sa-v2-${tag}.json`);
}

function loadCache(file: string): HitCache {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HitCache;
  } catch {
    return {};
  }
}

/** Rule names SpamAssassin hit for each path (from the cache when present), with the given user_prefs. */
export function spamAssassinHits(paths: readonly string[], prefsText = ''): Map<string, Set<string>> {
  const file = cachePath(prefsText);
  const cache = loadCache(file);
  const todo = paths.filter((p) => cache[p] === undefined);
  if (todo.length > 0) {
    const prefsDir = mkdtempSync(join(tmpdir(), 'spamward-oracle-'));
    const prefs = join(prefsDir, 'user_prefs');
    writeFileSync(prefs, prefsText);
    process.stderr.write(`running SpamAssassin on ${todo.length} messages…\n`);
    const r = spawnSync('perl', ['-e', SCRIPT, prefs], { input: todo.join('\n') + '\n', encoding: 'latin1', maxBuffer: 1 << 28 });
    if (r.error || r.status !== 0) throw new Error(`SpamAssassin run failed: ${r.error?.message ?? r.stderr.slice(-2000)}`);
    for (const line of r.stdout.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const names = line.slice(tab + 1);
      if (names !== '!') cache[line.slice(0, tab)] = names === '' ? [] : names.split(',');
    }
    writeFileSync(file, JSON.stringify(cache));
  }
  return new Map(paths.filter((p) => cache[p] !== undefined).map((p) => [p, new Set(cache[p])]));
}
