/**
 * Finds the configuration directories and the files inside them the way
 * SpamAssassin does: the first existing rules directory (an sa-update ruleset
 * wins), the first existing site directory, and `*.pre` / `*.cf` files sorted
 * byte-wise with the sa-update channel file first.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_RULES_DIRS,
  LOCAL_STATE_DIR,
  SA_VERSION_DIR,
  SITE_RULES_DIRS,
  UPDATES_CHANNEL_FILE,
} from './system-paths.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** An sa-update directory counts only when it actually holds rule files. */
function holdsRuleset(dir: string): boolean {
  if (!isDirectory(dir)) return false;
  if (existsSync(join(dir, UPDATES_CHANNEL_FILE))) return true;
  return listConfigFiles(dir, 'cf').length > 0;
}

/** The rules directory SpamAssassin 4.0.1 would read on this system, else the bundled one. */
export function findRulesDir(bundledRulesDir?: string): string | undefined {
  const updates = join(LOCAL_STATE_DIR, SA_VERSION_DIR);
  if (holdsRuleset(updates)) return updates;
  for (const dir of DEFAULT_RULES_DIRS) {
    if (isDirectory(dir)) return dir;
  }
  return bundledRulesDir !== undefined && isDirectory(bundledRulesDir) ? bundledRulesDir : undefined;
}

export function findSiteDir(): string | undefined {
  return SITE_RULES_DIRS.find(isDirectory);
}

/** Byte-wise order (not locale order), with the sa-update channel file always first. */
export function compareConfigNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UPDATES_CHANNEL_FILE) return -1;
  if (b === UPDATES_CHANNEL_FILE) return 1;
  return Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/**
 * Regular files of `dir` ending in `.ext` (case-insensitive, as SA's
 * `/\.cf$/i`), as full paths in load order. A missing directory is empty.
 */
export function listConfigFiles(dir: string, ext: 'cf' | 'pre'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const suffix = `.${ext}`;
  return names
    .filter((n) => n.toLowerCase().endsWith(suffix) && isRegularFile(join(dir, n)))
    .sort(compareConfigNames)
    .map((n) => join(dir, n));
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The directory sa-update's channel file sits beside; SpamAssassin looks there for support files too. */
const UPDATES_SUPPORT_DIR = UPDATES_CHANNEL_FILE.replace(/\.cf$/, '');

/**
 * Where SpamAssassin finds a file its rules come with, such as TextCat's
 * `languages` (find_rule_support_file): the site and rules directories when
 * they were given (`--siteconfigpath`, `-C`), else the sa-update directories
 * and the default rules directories, the first that holds the file.
 * Spamward's bundled rules are no such place.
 */
export function findRuleSupportFile(name: string, given: { configPath?: string; siteConfigPath?: string }): string | undefined {
  const dirs = [given.siteConfigPath, given.configPath].filter((d): d is string => d !== undefined && isDirectory(d));
  const updates = join(LOCAL_STATE_DIR, SA_VERSION_DIR);
  dirs.push(join(updates, UPDATES_SUPPORT_DIR), updates, ...DEFAULT_RULES_DIRS);
  return dirs.map((d) => join(d, name)).find((path) => existsSync(path));
}
