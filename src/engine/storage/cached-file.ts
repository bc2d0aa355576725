/**
 * Data files the plugins read whole (GeoIP databases, sendmail's access
 * map), parsed once per thread and again only when the file changes (its
 * inode, size or modification time): the engines of a thread, and a
 * configuration reload, share what did not change. A file that went away
 * is forgotten.
 */
import { readFileSync, statSync } from 'node:fs';

const loaded = new Map<string, { stamp: string; parsed: unknown }>();

/** The file at `path` parsed by `parse` (undefined when missing, unreadable or refused by `parse`). */
export function cachedFile<T>(path: string | undefined, kind: string, parse: (bytes: Buffer) => T | undefined): T | undefined {
  if (path === undefined) return undefined;
  let stamp: string;
  try {
    const st = statSync(path);
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    loaded.delete(`${kind}\0${path}`);
    return undefined;
  }
  const key = `${kind}\0${path}`;
  const known = loaded.get(key);
  if (known?.stamp === stamp) return known.parsed as T | undefined;
  let parsed: T | undefined;
  try {
    parsed = parse(readFileSync(path));
  } catch {
    // Unreadable, truncated or not the expected format: nothing, as the plugin's open would fail.
    parsed = undefined;
  }
  loaded.set(key, { stamp, parsed });
  return parsed;
}
