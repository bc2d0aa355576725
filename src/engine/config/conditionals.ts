/**
 * The if/ifplugin/else/endif stack of one file scope (Conf/Parser.pm): each
 * `if` saves the current skip state, `else` flips it unless an outer level is
 * skipping, `endif` restores it. A file end closes every open level with a
 * warning.
 */
import { evaluateCondition } from './condition.js';
import type { ParseState } from './parse-state.js';

interface IfLevel {
  type: string;
  condition: string;
  /** Skip state outside this level, restored by endif. */
  savedSkip: boolean;
  line: number;
}

export class IfScope {
  skip = false;
  private readonly stack: IfLevel[] = [];

  /** Handles if/ifplugin/else/endif; returns false for any other key. */
  handle(st: ParseState, key: string, value: string): boolean {
    if (key === 'endif') return this.endif(st, key, value), true;
    if (key === 'ifplugin' || key === 'if') return this.open(st, key, value), true;
    if (key === 'else') return this.otherwise(st, key, value), true;
    return false;
  }

  private open(st: ParseState, key: string, value: string): void {
    if (value === '') {
      st.error(`missing '${key}' condition`);
      return;
    }
    const condition = key === 'ifplugin' ? `plugin (${value})` : value;
    const cacheKey = `${key} ${condition}`;
    let result = st.condCache.get(cacheKey);
    if (result === undefined) {
      const r = evaluateCondition(condition, {
        plugins: st.config.plugins,
        compat: st.config.compatFlags,
        localTestsOnly: st.env.localTestsOnly,
        inUserPrefs: st.userMode,
      });
      // An unparseable token: SA warns and pushes no level at all.
      if ('error' in r) {
        st.warn(`config: ${r.error}`);
        return;
      }
      if (r.warning !== undefined) st.warn(`config: ${r.warning}`);
      result = r.value;
      st.condCache.set(cacheKey, result);
    }
    this.stack.push({ type: key, condition: value, savedSkip: this.skip, line: st.line });
    if (!result) this.skip = true;
  }

  private otherwise(st: ParseState, key: string, value: string): void {
    if (value !== '') return st.error(`'${key}' must be standalone`);
    if (this.stack.length === 0) return st.error(`'${key}' missing starting if`);
    this.skip = this.stack.some((l) => l.savedSkip) ? true : !this.skip;
  }

  private endif(st: ParseState, key: string, value: string): void {
    if (value !== '') return st.error(`'${key}' must be standalone`);
    const last = this.stack.pop();
    if (last === undefined) return st.error(`missing starting 'if' for '${key}'`);
    this.skip = last.savedSkip;
  }

  /** File end: every open level is reported and dropped. */
  close(st: ParseState): void {
    for (const l of this.stack) st.warn(`unclosed '${l.type}' found in ${st.file} (line ${l.line})`, l.line);
    this.stack.length = 0;
    this.skip = false;
  }
}
