/**
 * The messages named on a learner's command line, as sa-learn reads them:
 * single files, directories (every file, recursively), Maildir folders
 * (cur/ and new/), mbox files (split on "From " lines) and "-" for stdin.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceMessage {
  /** Where the message came from, for progress and error output. */
  origin: string;
  raw: Buffer;
  /** The class its target named (sa-learn's `--folders` lines), when it names one. */
  spam?: boolean;
}

export interface SourceOptions {
  /** Treat files as mbox even without a leading "From " line. */
  mbox?: boolean;
  /**
   * Skip messages larger than this many bytes (a file's size, or one mbox
   * message's), as sa-learn's ArchiveIterator does; 0 or undefined: no limit.
   */
  maxBytes?: number;
}

/** One thing to read messages from, with what a `--folders` line may say of it. */
export interface SourceTarget {
  path: string;
  spam?: boolean;
  mbox?: boolean;
}

export function* messagesFrom(paths: readonly string[], options: SourceOptions = {}): Iterable<SourceMessage> {
  yield* targetMessages(paths.map((path) => ({ path })), options);
}

export function* targetMessages(targets: readonly SourceTarget[], options: SourceOptions = {}): Iterable<SourceMessage> {
  for (const t of targets) {
    const opts = t.mbox ? { ...options, mbox: true } : options;
    const found = t.path === '-' ? fileMessages('(stdin)', readFileSync(0), opts) : pathMessages(t.path, opts);
    for (const m of found) {
      if (options.maxBytes && m.raw.length > options.maxBytes) continue;
      yield t.spam === undefined ? m : { ...m, spam: t.spam };
    }
  }
}

/**
 * sa-learn's `--folders` file: one target per line, `spam:FORMAT:PATH` or
 * `ham:FORMAT:PATH` (FORMAT empty or `detect`, `mbox`, `dir`, `file`), or a
 * bare path learned as the command line's class. Blank lines are skipped.
 */
export function parseFoldersFile(text: string): SourceTarget[] {
  const targets: SourceTarget[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*$/.test(line)) continue;
    const m = /^(ham|spam):(\w*):(.*)/.exec(line);
    if (!m) {
      targets.push({ path: line });
      continue;
    }
    const format = m[2] as string;
    if (format === 'mbx') throw new Error(`${line}: the mbx format is not supported`);
    targets.push({ path: m[3] as string, spam: m[1] === 'spam', ...(format === 'mbox' ? { mbox: true } : {}) });
  }
  return targets;
}

function* pathMessages(path: string, options: SourceOptions): Iterable<SourceMessage> {
  const st = statSync(path);
  if (st.isDirectory()) yield* directoryMessages(path, options);
  else if (st.isFile()) yield* fileMessages(path, readFileSync(path), options);
}

function* directoryMessages(path: string, options: SourceOptions): Iterable<SourceMessage> {
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.map((e) => e.name));
  const maildir = names.has('cur') && names.has('new');
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.')) continue;
    if (maildir && name === 'tmp') continue;
    const child = join(path, name);
    // The directory listing already says what a plain file is: a stat per message is a system call saved.
    if (entry.isFile()) yield* fileMessages(child, readFileSync(child), options);
    else yield* pathMessages(child, options);
  }
}

function* fileMessages(origin: string, raw: Buffer, options: SourceOptions): Iterable<SourceMessage> {
  if (!(options.mbox || raw.subarray(0, 5).toString('latin1') === 'From ')) {
    yield { origin, raw };
    return;
  }
  // A file named as mbox without one "From " separator holds no message, as sa-learn --mbox reads it.
  yield* splitMbox(origin, raw, !options.mbox);
}

/**
 * mbox: a message starts at a "From <sender> <weekday> <month> ..." line at
 * the start of the file or after a blank line; body text that merely starts
 * with "From " does not split.
 */
export function* splitMbox(origin: string, raw: Buffer, wholeWithoutSeparator = true): Iterable<SourceMessage> {
  const text = raw.toString('latin1');
  const starts: number[] = [];
  const re = /(^|\n\n|\r\n\r\n)From [^\s]+ +[A-Za-z]{3} [A-Za-z]{3} /g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + (m[1] as string).length);
  if (starts.length === 0) {
    if (!wholeWithoutSeparator) return;
    starts.push(0);
  }
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    const end = starts[i + 1] ?? text.length;
    yield { origin: `${origin}#${i + 1}`, raw: Buffer.from(text.slice(start, end), 'latin1') };
  }
}
