/**
 * Where SpamAssassin's GeoDB looks for its databases, from the settings:
 * `geodb_module` (or the deprecated `country_db_type`) picks the reader,
 * `geodb_options TYPE:PATH` names a file per type (`reset` forgets them;
 * the deprecated `country_db_path` and `uri_country_db_path` name the
 * country one), and `geodb_search_path` replaces the folders searched for
 * the usual file names.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config/types.js';

export type GeoModule = 'geoip2' | 'geoip' | 'other';

const DEFAULT_SEARCH_PATH = ['/usr/local/share/GeoIP', '/usr/share/GeoIP', '/var/lib/GeoIP', '/opt/share/GeoIP'];

/** The reader the configuration asks for; undefined lets GeoDB try GeoIP2, then Geo::IP. */
export function configuredModule(conf: EngineConfig): GeoModule | undefined {
  const module = conf.other.get('geodb_module');
  if (module !== undefined) {
    if (/^(?:maxmind::db::reader|geoip2::database::reader|geoip2)$/i.test(module)) return 'geoip2';
    return /^(?:geo::ip|geoip)$/i.test(module) ? 'geoip' : 'other';
  }
  const type = conf.other.get('country_db_type');
  if (type === undefined) return undefined;
  if (/GeoIP2/i.test(type)) return 'geoip2';
  return /Geo/i.test(type) ? 'geoip' : 'other';
}

/** `geodb_options`' file for a type (city, country, isp), or the deprecated settings' country file. */
export function namedFile(conf: EngineConfig, type: 'city' | 'country' | 'isp'): string | undefined {
  let named: string | undefined;
  for (const option of conf.lists.get('geodb_options') ?? []) {
    const [kind = '', path = ''] = option.split(/:(.*)/s);
    if (kind.toLowerCase() === 'reset') named = undefined;
    else if (kind.toLowerCase() === type) named = path === '' ? undefined : path;
  }
  if (type !== 'country') return named;
  return named ?? conf.other.get('country_db_path') ?? conf.other.get('uri_country_db_path');
}

export function searchPath(conf: EngineConfig): string[] {
  let dirs: string[] | undefined;
  for (const entry of conf.lists.get('geodb_search_path') ?? []) dirs = entry === 'reset' ? [] : [...(dirs ?? []), entry];
  return dirs === undefined || dirs.length === 0 ? DEFAULT_SEARCH_PATH : dirs;
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` in the first folder of the search path that holds one. */
export function searchFile(conf: EngineConfig, names: readonly string[]): { dir: string; path: string } | undefined {
  for (const dir of searchPath(conf)) {
    for (const name of names) {
      const path = join(dir, name);
      if (isFile(path)) return { dir, path };
    }
  }
  return undefined;
}
