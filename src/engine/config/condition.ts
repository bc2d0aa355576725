/**
 * `if EXPR` / `ifplugin NAME` conditions (Conf/Parser.pm handle_conditional).
 * The expression vocabulary is restricted: numbers, operators, `version`,
 * `perl_version`, `local_tests_only`, class-name strings and the functions
 * plugin(), can() and has().
 */
import { evaluate, ExpressionError, truthy, type ExprToken, type PerlValue } from './expression.js';
import { lexArithmetic } from './meta-tokens.js';
import { ALWAYS_LOADED_PLUGIN, aliasPluginName, probeExists } from './plugins.js';

/** SpamAssassin 4.0.1 as `if (version >= …)` sees it. */
export const SA_NUMERIC_VERSION = 4.000001;
/** Perl 5.36, the version SpamAssassin 4.0.1 runs on in Debian 12. */
export const PERL_VERSION = 5.036;

export interface ConditionEnv {
  plugins: ReadonlySet<string>;
  compat: ReadonlySet<string>;
  localTestsOnly: boolean;
  /** can() is refused in user_prefs. */
  inUserPrefs: boolean;
}

export type ConditionResult = { value: boolean; warning?: string } | { error: string };

const FUNCTIONS = new Set(['plugin', 'can', 'has']);

/** Maps one lexer token the way SpamAssassin builds its eval string. */
function mapToken(tok: string, env: ConditionEnv): ExprToken | { error: string } {
  if (tok === '(' || tok === ')' || tok === '!') return { t: 'op', v: tok };
  if (FUNCTIONS.has(tok)) return { t: 'fn', v: tok };
  if (tok === 'version') return { t: 'num', v: SA_NUMERIC_VERSION };
  if (tok === 'perl_version') return { t: 'num', v: PERL_VERSION };
  if (tok === 'local_tests_only') return { t: 'num', v: env.localTestsOnly ? 1 : 0 };
  if (/^[+-]?\d+(?:\.\d+)?$/.test(tok)) return { t: 'num', v: Number(tok) };
  if (/^\W{1,5}$/.test(tok)) return { t: 'op', v: tok };
  if (/^\w[\w:]+$/.test(tok)) {
    if (!/^(?:\w+::){0,10}\w+$/.test(tok)) return { error: `not allowed value '${tok}'` };
    return { t: 'str', v: aliasPluginName(tok) };
  }
  return { error: `unparseable value '${tok}'` };
}

function callFunction(env: ConditionEnv, warnings: string[]) {
  return (name: string, arg: PerlValue | undefined): PerlValue => {
    if (name === 'plugin') {
      const p = String(arg ?? '');
      return p === ALWAYS_LOADED_PLUGIN || env.plugins.has(p) ? 1 : '';
    }
    if (arg === undefined) {
      warnings.push(`bad 'if' line, no argument to ${name}()`);
      return '';
    }
    const method = String(arg);
    if (!method.includes('::')) {
      warnings.push(`bad 'if' line, cannot find '::' in ${name}(${method})`);
      return '';
    }
    if (name === 'can' && env.inUserPrefs) {
      warnings.push(`'if can ${method}' not available in user_prefs`);
      return 0;
    }
    return probeExists(method, env.plugins, env.compat) ? 1 : '';
  };
}

/**
 * Evaluates a condition. `{ error }` means SpamAssassin would warn and push no
 * if-level at all (an unparseable token); an evaluation failure is a false
 * condition with a warning.
 */
export function evaluateCondition(expr: string, env: ConditionEnv): ConditionResult {
  const tokens: ExprToken[] = [];
  for (const raw of lexArithmetic(expr)) {
    const mapped = mapToken(raw, env);
    if ('error' in mapped) return mapped;
    tokens.push(mapped);
  }
  const warnings: string[] = [];
  try {
    const value = truthy(evaluate(tokens, callFunction(env, warnings)));
    return warnings.length > 0 ? { value, warning: warnings.join('; ') } : { value };
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return { value: false, warning: `error parsing conditional '${expr}': ${err.message}` };
  }
}
