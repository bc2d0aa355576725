/**
 * The tiny expressions of html_eval / html_tag_balance (`'< 384'`,
 * `'!= 0'`): SpamAssassin evaluates "$value EXPR" with Perl after
 * checking the expression only holds `<>=!-+`, digits and spaces. This
 * evaluator accepts the same alphabet: an arithmetic tail of + and - on
 * integers, optionally compared with another such sum.
 */

type Token = { kind: 'num'; value: number } | { kind: 'op'; value: string };

const TOKEN = /\s*(\d+|<=|>=|==|!=|<=>|<|>|\+|-|!)/y;

function tokenize(expr: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(expr);
    if (!m) return undefined;
    const t = m[1] ?? '';
    tokens.push(/^\d/.test(t) ? { kind: 'num', value: Number(t) } : { kind: 'op', value: t });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly lhs: number) {}

  private peekOp(): string | undefined {
    const t = this.tokens[this.i];
    return t?.kind === 'op' ? t.value : undefined;
  }

  private unary(first: boolean): number | undefined {
    if (first) return this.lhs;
    const op = this.peekOp();
    if (op === '-' || op === '+' || op === '!') {
      this.i++;
      const v = this.unary(false);
      if (v === undefined) return undefined;
      if (op === '!') return v ? 0 : 1;
      return op === '-' ? -v : v;
    }
    const t = this.tokens[this.i];
    if (t?.kind !== 'num') return undefined;
    this.i++;
    return t.value;
  }

  private sum(first: boolean): number | undefined {
    let acc = this.unary(first);
    while (acc !== undefined && (this.peekOp() === '+' || this.peekOp() === '-')) {
      const op = this.peekOp();
      this.i++;
      const rhs = this.unary(false);
      if (rhs === undefined) return undefined;
      acc = op === '+' ? acc + rhs : acc - rhs;
    }
    return acc;
  }

  evaluate(): boolean | undefined {
    const left = this.sum(true);
    if (left === undefined) return undefined;
    const op = this.peekOp();
    if (op === undefined) return this.i === this.tokens.length ? left !== 0 : undefined;
    this.i++;
    const right = this.sum(false);
    if (right === undefined || this.i !== this.tokens.length) return undefined;
    return compare(left, op, right);
  }
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<=>': (a, b) => a !== b,
};

function compare(a: number, op: string, b: number): boolean | undefined {
  return COMPARE[op]?.(a, b);
}

/** Whether "value EXPR" is true; false for an expression Perl would reject. */
export function evalValueExpr(value: number, expr: string): boolean {
  if (!/^[<>=!\-+ 0-9]+$/.test(expr)) return false;
  const tokens = tokenize(expr);
  if (!tokens) return false;
  return new Parser(tokens, value).evaluate() ?? false;
}
