/**
 * The mutable state of one parse: the configuration being built (copy-on-write
 * over a base, so applying user_prefs per request does not copy 3000-entry
 * maps it never touches), diagnostics, the current file and line, and the
 * per-parse caches SpamAssassin keeps (conditional results).
 */
import { OverlayMap } from './overlay-map.js';
import type { ConfigDiagnostic, EngineConfig } from './types.js';

type Field = keyof EngineConfig;

/** Nested containers: Map-valued maps whose inner values are cloned on write too. */
type NestedField = 'hashes' | 'lists' | 'addrLists' | 'uriHostLists' | 'bayesStopwords';

export interface ParseEnv {
  /** Language prefix from the environment, for `lang xx` lines. */
  lang: string;
  localTestsOnly: boolean;
}

/** Above this size a shared map is layered instead of copied. */
const OVERLAY_THRESHOLD = 64;

function cloneValue<T>(value: T): T {
  if (value instanceof Map) {
    return (value.size > OVERLAY_THRESHOLD ? new OverlayMap(value) : new Map(value)) as T;
  }
  if (value instanceof Set) return new Set(value) as T;
  if (Array.isArray(value)) return value.slice() as T;
  if (value !== null && typeof value === 'object') return { ...value } as T;
  return value;
}

export class ParseState {
  readonly config: EngineConfig;
  readonly diagnostics: ConfigDiagnostic[] = [];
  readonly files: string[] = [];
  /** SpamAssassin reads each file at most once per parse, includes too. */
  readonly readFiles = new Set<string>();
  readonly condCache = new Map<string, boolean>();
  /** Rules defined during this parse (user mode finishes only these). */
  readonly definedHere = new Set<string>();
  readonly env: ParseEnv;
  /** Parsing user_prefs: admin settings refused, rule commands only with allow_user_rules. */
  userMode = false;
  /** Leave rule definitions out (a learner tokenizes mail and runs no rule). */
  skipRules = false;
  file = '(no file)';
  line = 0;

  private readonly owned = new Set<Field>();
  private readonly ownedNested = new Set<string>();

  constructor(base: EngineConfig, env: ParseEnv, ownsBase: boolean) {
    this.config = ownsBase ? base : { ...base };
    this.env = env;
    if (ownsBase) for (const k of Object.keys(base) as Field[]) this.owned.add(k);
  }

  /** The field, cloned first if it is still shared with the base config. */
  mut<K extends Field>(field: K): EngineConfig[K] {
    if (!this.owned.has(field)) {
      this.config[field] = cloneValue(this.config[field]);
      this.owned.add(field);
    }
    return this.config[field];
  }

  /** The inner container of a nested map, created or cloned before writing. */
  mutEntry<K extends NestedField>(
    field: K,
    key: string,
    create: () => NonNullable<ReturnType<EngineConfig[K]['get']>>,
  ): NonNullable<ReturnType<EngineConfig[K]['get']>> {
    type Inner = NonNullable<ReturnType<EngineConfig[K]['get']>>;
    const outer = this.mut(field) as unknown as Map<string, Inner>;
    const id = `${field}\0${key}`;
    let inner = outer.get(key);
    if (inner === undefined) {
      inner = create();
    } else if (!this.ownedNested.has(id)) {
      inner = cloneValue(inner);
    } else {
      return inner;
    }
    outer.set(key, inner);
    this.ownedNested.add(id);
    return inner;
  }

  error(message: string, line = this.line, file = this.file): void {
    this.diagnostics.push({ level: 'error', file, line, message });
  }

  warn(message: string, line = this.line, file = this.file): void {
    this.diagnostics.push({ level: 'warning', file, line, message });
  }
}
