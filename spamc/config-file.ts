import { existsSync, readFileSync } from 'node:fs';

/** Debian's compiled-in spamc configuration file. */
export const DEFAULT_CONFIG_FILE = '/etc/spamassassin/spamc.conf';

/** With a config file, spamc's combined argument vector (program name included) holds at most this many words. */
const MAX_COMBINED_ARGS = 24;

export type CombineResult = { ok: true; args: string[] } | { ok: false; code: number; stderr: string };

/**
 * spamc finds `-F` before parsing: the first word starting with `-F` names
 * the next word as the file (so `--config` has no effect). The file's words
 * go before the command-line words, so the command line wins.
 */
export function configPathFrom(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => a.startsWith('-F'));
  return i >= 0 ? args[i + 1] : undefined;
}

/** Reads the config file (if any) and returns the argument words spamc will parse. */
export function combineArgs(args: readonly string[], defaultFile = DEFAULT_CONFIG_FILE): CombineResult {
  const explicit = configPathFrom(args);
  const file = explicit ?? defaultFile;
  let text: string;
  try {
    if (explicit === undefined && !existsSync(file)) return { ok: true, args: [...args] };
    text = readFileSync(file, 'latin1');
  } catch {
    return { ok: false, code: 78, stderr: `Failed to open config file: ${file}\n` };
  }
  const words = configWords(text, file);
  if (!Array.isArray(words)) return words;
  const combined = [...words, ...args];
  if (combined.length + 1 > MAX_COMBINED_ARGS) {
    return { ok: false, code: 78, stderr: `Exceeded max number of arguments (${MAX_COMBINED_ARGS}) in ${file}\n` };
  }
  return { ok: true, args: combined };
}

/** Words of the file: `#` lines and empty lines skipped, others split on single spaces only (tabs stay inside words). */
export function configWords(text: string, file: string): string[] | { ok: false; code: number; stderr: string } {
  const words: string[] = [];
  const lines = text.split('\n');
  const last = lines.pop();
  if (last !== undefined && last !== '') {
    return { ok: false, code: 78, stderr: `Line not terminated with a newline in ${file}\n` };
  }
  for (const line of lines) {
    if (line.length >= 8191) return { ok: false, code: 78, stderr: `Line too long in ${file}\n` };
    if (line.startsWith('#') || line === '') continue;
    words.push(...line.split(' ').filter((w) => w !== ''));
  }
  return words;
}
