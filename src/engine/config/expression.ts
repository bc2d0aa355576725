/**
 * A small evaluator for the Perl expressions SpamAssassin builds from `if`
 * lines and (degenerate) meta rules: numbers, strings, `!`, unary and binary
 * arithmetic, comparisons, `&&`/`||` returning the deciding operand, `^`, the
 * ternary operator and one-argument function calls. It replaces Perl's `eval`
 * so the same inputs succeed, fail and produce the same truth values.
 */

export type PerlValue = number | string;

export type ExprToken =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string }
  | { t: 'fn'; v: string };

export type FnCall = (name: string, arg: PerlValue | undefined) => PerlValue;

export class ExpressionError extends Error {}

/** Perl truth: '' , '0' and 0 are false. */
export function truthy(v: PerlValue): boolean {
  return !(v === '' || v === '0' || v === 0 || Number.isNaN(v));
}

/** Perl numification of a string: leading number, else 0. */
function num(v: PerlValue): number {
  if (typeof v === 'number') return v;
  const m = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(v);
  return m === null ? 0 : Number(m[0]);
}

/** Binding strength of binary operators (higher binds tighter). */
const BINARY: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '^': 3, '==': 4, '!=': 4, '<': 5, '>': 5, '<=': 5, '>=': 5,
  '+': 6, '-': 6, '*': 7, '/': 7,
};

/**
 * Parses and evaluates. With `strictDivision`, every operand is evaluated
 * (no short-circuit) and dividing by zero throws, mirroring Perl's
 * compile-time folding of constant expressions.
 */
export function evaluate(tokens: ExprToken[], call: FnCall, strictDivision = false): PerlValue {
  const p = new Parser(tokens, call, strictDivision);
  const v = p.ternary();
  if (p.pos < tokens.length) throw new ExpressionError(`syntax error near '${show(tokens[p.pos])}'`);
  return v;
}

function show(tok: ExprToken | undefined): string {
  return tok === undefined ? 'end of expression' : String(tok.v);
}

class Parser {
  pos = 0;
  constructor(
    private readonly toks: ExprToken[],
    private readonly call: FnCall,
    private readonly strict: boolean,
  ) {}

  private peekOp(): string | undefined {
    const t = this.toks[this.pos];
    return t?.t === 'op' ? t.v : undefined;
  }

  private expectOp(op: string): void {
    if (this.peekOp() !== op) throw new ExpressionError(`expected '${op}' near '${show(this.toks[this.pos])}'`);
    this.pos++;
  }

  ternary(): PerlValue {
    const cond = this.binary(1);
    if (this.peekOp() !== '?') return cond;
    this.pos++;
    const a = this.ternary();
    this.expectOp(':');
    const b = this.ternary();
    return truthy(cond) ? a : b;
  }

  binary(minPrec: number): PerlValue {
    let left = this.unary();
    for (;;) {
      const op = this.peekOp();
      const prec = op === undefined ? undefined : BINARY[op];
      if (op === undefined || prec === undefined || prec < minPrec) return left;
      this.pos++;
      const right = this.binary(prec + 1);
      left = this.apply(op, left, right);
      // Comparison operators are non-associative in Perl: `a == b == c` is a syntax error.
      if (prec === 4 && BINARY[this.peekOp() ?? ''] === 4) throw new ExpressionError('syntax error: chained equality');
    }
  }

  private apply(op: string, a: PerlValue, b: PerlValue): PerlValue {
    switch (op) {
      case '||': return truthy(a) ? a : b;
      case '&&': return truthy(a) ? b : a;
      case '^': return (Math.trunc(num(a)) ^ Math.trunc(num(b))) >>> 0;
      case '==': return num(a) === num(b) ? 1 : '';
      case '!=': return num(a) !== num(b) ? 1 : '';
      case '<': return num(a) < num(b) ? 1 : '';
      case '>': return num(a) > num(b) ? 1 : '';
      case '<=': return num(a) <= num(b) ? 1 : '';
      case '>=': return num(a) >= num(b) ? 1 : '';
      case '+': return num(a) + num(b);
      case '-': return num(a) - num(b);
      case '*': return num(a) * num(b);
      default: return this.divide(a, b);
    }
  }

  private divide(a: PerlValue, b: PerlValue): PerlValue {
    if (num(b) === 0) {
      if (this.strict) throw new ExpressionError('division by zero possible');
      return 0;
    }
    return num(a) / num(b);
  }

  unary(): PerlValue {
    const op = this.peekOp();
    if (op === '!') {
      this.pos++;
      return truthy(this.unary()) ? '' : 1;
    }
    if (op === '-' || op === '+') {
      this.pos++;
      const v = this.unary();
      return op === '-' ? -num(v) : v;
    }
    return this.primary();
  }

  primary(): PerlValue {
    const t = this.toks[this.pos];
    if (t === undefined) throw new ExpressionError('syntax error: unexpected end of expression');
    this.pos++;
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'fn') return this.callFn(t.v);
    if (t.v === '(') {
      if (this.peekOp() === ')') {
        this.pos++;
        return '';
      }
      const v = this.ternary();
      this.expectOp(')');
      return v;
    }
    throw new ExpressionError(`syntax error near '${t.v}'`);
  }

  private callFn(name: string): PerlValue {
    if (this.peekOp() !== '(') return this.call(name, undefined);
    this.pos++;
    if (this.peekOp() === ')') {
      this.pos++;
      return this.call(name, undefined);
    }
    const arg = this.ternary();
    this.expectOp(')');
    return this.call(name, arg);
  }
}
