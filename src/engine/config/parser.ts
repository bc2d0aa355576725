/**
 * The configuration reader: walks the lines of each source, handles the
 * preprocessing directives (conditionals, include, require_version), enforces
 * user-mode restrictions and dispatches everything else through the
 * directive registry. Problems become diagnostics; the rest still loads.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { IfScope } from './conditionals.js';
import { resolveDirective, runParseConfigHooks } from './directive-registry.js';
import { toLogicalLine, updateVersionOf, type LogicalLine } from './line-syntax.js';
import type { ParseState } from './parse-state.js';

/** The exact version string require_version must name. */
const SA_VERSION_STRING = '4.000001';

/** Settings that moved into plugins: failing to parse them is only a warning. */
const MIGRATED_SETTINGS = new Set(['ok_languages']);

export interface ConfigSource {
  /** File name for messages (a path, or a label such as `(cf lines)`). */
  file: string;
  text: string;
  /** user_prefs semantics: admin settings refused, rules only with allow_user_rules. */
  userMode?: boolean;
}

/** Reads a file as latin1 octets, once per parse; `undefined` when unreadable or already read. */
export function readConfigFile(st: ParseState, path: string): string | undefined {
  if (st.readFiles.has(path)) return undefined;
  st.readFiles.add(path);
  try {
    return readFileSync(path).toString('latin1');
  } catch (err) {
    st.warn(`cannot open "${path}": ${(err as Error).message}`, 0, path);
    return undefined;
  }
}

export function parseSource(st: ParseState, source: ConfigSource): void {
  const saved = st.userMode;
  st.userMode = source.userMode ?? false;
  parseText(st, source.file, source.text);
  st.userMode = saved;
}

function parseText(st: ParseState, file: string, text: string): void {
  const outerFile = st.file;
  const outerLine = st.line;
  st.file = file;
  st.files.push(file);
  let scope = new IfScope();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    st.file = file;
    st.line = i + 1;
    const raw = lines[i] as string;
    // A line starting with `#` is all comment (toLogicalLine would drop it); only sa-update's stamp is read from one.
    if (raw.charCodeAt(0) === HASH) {
      const version = updateVersionOf(raw);
      if (version !== undefined && !st.config.rulesVersions.includes(version)) st.mut('rulesVersions').push(version);
      continue;
    }
    // Learners skip rule definitions (most lines of a rule set) and the long lists only scans read.
    if (st.skipRules && LEARNER_SKIPS.test(raw)) continue;
    const ll = toLogicalLine(raw, st.env.lang);
    if (ll === undefined) continue;
    if (scope.handle(st, ll.key, ll.value)) continue;
    if (ll.key === 'include') {
      // SA splices the included file between "file end/start" markers of the
      // including file, so the current if-stack is closed and restarted.
      scope.close(st);
      includeFile(st, ll.value);
      scope = new IfScope();
      continue;
    }
    if (scope.skip) continue;
    if (ll.key === 'require_version') {
      if (!requireVersion(st, ll)) scope.skip = true;
      continue;
    }
    dispatch(st, ll);
  }
  st.file = file;
  st.line = lines.length;
  scope.close(st);
  st.file = outerFile;
  st.line = outerLine;
}

function includeFile(st: ParseState, value: string): void {
  if (value === '') return st.error(`missing 'include' value`);
  if (st.userMode) return st.error(`include is not allowed in user preferences: ${value}`);
  let path = value.replace(/^~(?=\/|$)/, homedir());
  if (!isAbsolute(path)) path = join(dirname(st.file), path);
  const text = readConfigFile(st, path);
  if (text !== undefined) parseText(st, path, text);
}

/** False when the rest of the file must be skipped. */
function requireVersion(st: ParseState, ll: LogicalLine): boolean {
  if (ll.value === '') {
    st.error(`missing 'require_version' value`);
    return true;
  }
  if (ll.value === '@@VERSION@@' || ll.value === SA_VERSION_STRING) return true;
  st.warn(
    `configuration file '${st.file}' requires version ${ll.value} of SpamAssassin, ` +
      `but this is code version ${SA_VERSION_STRING}. Skipping this file.`,
  );
  return false;
}

/** The lines that only define, score or describe rules: nothing else in the configuration depends on them. */
const RULE_DEFINITIONS = new Set(['header', 'body', 'rawbody', 'full', 'uri', 'meta', 'mimeheader', 'uri_detail', 'describe', 'score', 'tflags', 'priority']);

const HASH = 0x23;

/**
 * For learners: a line whose key is surely one of RULE_DEFINITIONS, or of the
 * settings only rules, reports and network tests read (welcomelists, freemail
 * and shortener lists, translations, rule tests); other spellings take the
 * normal path. Learning reads the bayes_* settings, the TLD lists (URIs) and
 * the networks (relays), which are all still parsed.
 */
const LEARNER_SKIPS = new RegExp(
  '^[\\t ]*(?:header|body|rawbody|full|uri|meta|mimeheader|uri_detail|describe|score|tflags|priority|lang|test|reuse' +
    '|def_(?:welcome|white)list_(?:auth|from_dkim|from_spf|from_rcvd)|freemail_domains|url_shortener|enlist_uri_host' +
    '|replace_(?:rules|tag)|adsp_override|uridnsbl_skip_domain)[\\t ]',
  'i',
);

function dispatch(st: ParseState, ll: LogicalLine): void {
  if (st.skipRules && RULE_DEFINITIONS.has(ll.key)) return;
  const cmd = resolveDirective(ll.key, st.config.plugins);
  if (cmd !== undefined) {
    if (st.userMode && cmd.directive.priv === true && !st.config.allowUserRules) {
      return st.error(`not parsing, 'allow_user_rules' is 0: ${ll.text}`);
    }
    if (st.userMode && cmd.directive.admin === true) {
      return st.error(`not parsing, administrator setting: ${ll.text}`);
    }
    const problem = cmd.run(st, ll.value, ll.key);
    if (problem !== undefined) st.error(`${problem}: ${ll.text}`);
    return;
  }
  if (runParseConfigHooks(st, ll.key, ll.value)) return;
  if (MIGRATED_SETTINGS.has(ll.key)) return st.warn(`failed to parse line, now a plugin: ${ll.text}`);
  st.error(`failed to parse line: ${ll.text}`);
}
