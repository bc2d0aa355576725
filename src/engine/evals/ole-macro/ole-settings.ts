/**
 * OLEVBMacro's settings with the plugin's defaults. The name and type
 * patterns are matched case-sensitively, whatever the documentation says:
 * the plugin applies `/i` to a precompiled pattern, which keeps its own
 * flags (so `REPORT.DOC` is no `doc`).
 */
import { perConfig } from '../../config/per-config.js';
import type { EngineConfig } from '../../config/types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import { perlNum } from '../util/perl-values.js';

export interface OleSettings {
  numMime: number;
  numZip: number;
  zipDepth: number;
  extendedScan: boolean;
  preferContentDisposition: boolean;
  maxFile: number;
  exts: RegExp;
  macroExts: RegExp;
  skipExts: RegExp;
  skipCtypes: RegExp;
  zips: RegExp;
  downloadMarker: RegExp;
}

const PATTERNS = {
  olemacro_exts: '(?:doc|docx|dot|pot|ppa|pps|ppt|rtf|sldm|xl|xla|xls|xlsx|xlt|xltx|xslb)$',
  olemacro_macro_exts: '(?:docm|dotm|ppam|potm|ppst|ppsm|pptm|sldm|xlm|xlam|xlsb|xlsm|xltm|xps)$',
  olemacro_skip_exts: '(?:dotx|potx|ppsx|pptx|sldx)$',
  olemacro_skip_ctypes: '^(?:text\\/)',
  olemacro_zips: '(?:zip)$',
  olemacro_download_marker: '(?:cmd(?:\\.exe)? \\/c ms\\^h\\^ta ht\\^tps?:\\/\\^\\/)',
} as const;

export const oleSettings: (conf: EngineConfig) => OleSettings = perConfig(read);

function read(conf: EngineConfig): OleSettings {
  const num = (key: string, fallback: number) => (conf.other.has(key) ? perlNum(conf.other.get(key)) : fallback);
  const bool = (key: string, fallback: boolean) => (conf.other.has(key) ? conf.other.get(key) === '1' : fallback);
  const pattern = (key: keyof typeof PATTERNS) => {
    const own = conf.other.get(key);
    if (own !== undefined) {
      try {
        return compilePerlRegex(own, '');
      } catch {
        // The plugin refuses a pattern that does not compile and keeps the default.
      }
    }
    return compilePerlRegex(PATTERNS[key], '');
  };
  return {
    numMime: num('olemacro_num_mime', 5),
    numZip: num('olemacro_num_zip', 8),
    zipDepth: num('olemacro_zip_depth', 2),
    extendedScan: bool('olemacro_extended_scan', false),
    preferContentDisposition: bool('olemacro_prefer_contentdisposition', true),
    maxFile: num('olemacro_max_file', 1024000),
    exts: pattern('olemacro_exts'),
    macroExts: pattern('olemacro_macro_exts'),
    skipExts: pattern('olemacro_skip_exts'),
    skipCtypes: pattern('olemacro_skip_ctypes'),
    zips: pattern('olemacro_zips'),
    downloadMarker: pattern('olemacro_download_marker'),
  };
}
