/**
 * The per-line syntax of SpamAssassin configuration (spec §2): comments,
 * `\#` escapes, `lang xx` prefixes and key normalisation. There are no
 * continuation lines: a trailing backslash is literal.
 */

/** What one physical line reduces to before dispatch. */
export interface LogicalLine {
  /** Lower-cased key with `-` turned into `_`. */
  key: string;
  /** The rest of the line after the first whitespace run ('' when absent). */
  value: string;
  /** The whole cleaned line, for messages. */
  text: string;
}

/** `# UPDATE version N`: sa-update stamps this on the first line of its files. */
export function updateVersionOf(raw: string): string | undefined {
  return /^# UPDATE version (\d+)$/.exec(raw)?.[1];
}

/** Drops everything from the first unescaped `#`, then unescapes `\#`. */
export function stripComment(raw: string): string {
  if (!raw.includes('#')) return raw;
  const cut = raw.replace(/(?<!\\)#.*$/s, '');
  return cut.replace(/\\#/g, '#');
}

/**
 * Applies a `lang xx rest` prefix: returns the rest when the current language
 * starts with `xx` (case-insensitive), `undefined` when the line is for
 * another language, and the line unchanged when it has no prefix.
 */
export function applyLang(line: string, lang: string): string | undefined {
  if (!line.startsWith('lang')) return line;
  const m = /^lang\s+(\S+)\s+/.exec(line);
  if (m === null) return line;
  const prefix = m[1] as string;
  return lang.toLowerCase().startsWith(prefix.toLowerCase()) ? line.slice(m[0].length) : undefined;
}

/** Cleans one raw line; `undefined` when nothing is left to dispatch. */
export function toLogicalLine(raw: string, lang: string): LogicalLine | undefined {
  const trimmed = stripComment(raw).replace(/^\s+/, '').replace(/\s+$/, '');
  // Perl's truth test skips a line that is just "0" as well as an empty one.
  if (trimmed === '' || trimmed === '0') return undefined;
  const text = applyLang(trimmed, lang);
  if (text === undefined) return undefined;
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  if (m === null) return undefined;
  const key = (m[1] as string).toLowerCase().replace(/-/g, '_');
  return { key, value: m[2] ?? '', text };
}

/**
 * The language SpamAssassin selects translations for: LANGUAGE (first entry),
 * LC_ALL, LC_MESSAGES, LANG; C/POSIX or nothing mean en_US; codeset and
 * modifier suffixes are dropped.
 */
export function localeLanguage(env: NodeJS.ProcessEnv = process.env): string {
  const fromLanguage = env.LANGUAGE ? env.LANGUAGE.replace(/:.*$/, '') : '';
  const lang = fromLanguage || env.LC_ALL || env.LC_MESSAGES || env.LANG || 'C';
  if (lang === 'C' || lang === 'POSIX') return 'en_US';
  return lang.replace(/[@.+,].*$/, '');
}
