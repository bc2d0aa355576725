/**
 * Aho-Corasick over byte strings: finds every occurrence of every literal of
 * a set in one pass over a text, whatever the number of literals. The rule
 * prefilter uses it so that a message's text is read once for the thousands
 * of literals its rules require, instead of once per rule and literal.
 *
 * Texts are octet strings (char codes 0..255); a code above 255 matches no
 * literal and restarts the search.
 *
 * The states nearest the root, where a scan spends most of its steps, get a
 * full row of 256 next states with the failure links already followed; the
 * deeper ones keep sparse edges and fall back along their failure links until
 * they reach a state with a row. The body automaton of SpamAssassin's rules
 * has 65,000 states, 1,063 of them within two bytes of the root: rows for
 * those take 1 MB, and both of its automata read 400 corpus bodies in 46-47
 * µs per message instead of 76-77. Rows to three bytes deep (3,000 states,
 * 3 MB) gained only a few µs more.
 */

/** At most this many states get a full row (4 KB each): the root, then breadth first. */
const MAX_DENSE_STATES = 1200;
/** Deeper than this, no state gets a row. */
const MAX_DENSE_DEPTH = 2;
export class LiteralAutomaton {
  private constructor(
    /** Full rows: the next state of row r's state for byte c is dense[r * 256 + c]. Row 0 is the root. */
    private readonly dense: Int32Array,
    /** Row of each state in `dense`, or -1 (sparse edges and failure link). */
    private readonly rowOf: Int32Array,
    /** Sparse transitions of the other states: edges of state s are [edgeStart[s], edgeStart[s+1]). */
    private readonly edgeStart: Int32Array,
    private readonly edgeByte: Uint8Array,
    private readonly edgeTo: Int32Array,
    private readonly fail: Int32Array,
    /** Nearest state on the failure chain that ends a literal (0 = none). */
    private readonly dict: Int32Array,
    /** Literal ids ending at state s: outIds[outStart[s] .. outStart[s+1]). */
    private readonly outStart: Int32Array,
    private readonly outIds: Int32Array,
    readonly lengths: Int32Array,
  ) {}

  /** Literals are identified by their index in `literals`; duplicates are allowed. */
  static build(literals: readonly string[]): LiteralAutomaton {
    const children: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i) & 0xff;
        let next = children[s]!.get(c);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push([]);
          children[s]!.set(c, next);
        }
        s = next;
      }
      ends[s]!.push(id);
    });
    return LiteralAutomaton.compact(children, ends, literals);
  }

  private static compact(children: Map<number, number>[], ends: number[][], literals: readonly string[]): LiteralAutomaton {
    const n = children.length;
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    const order = bfsOrder(children);
    for (const s of order) {
      for (const [c, t] of children[s]!) {
        let f = s === 0 ? -1 : fail[s]!;
        let target = 0;
        while (f >= 0) {
          const g = children[f]!.get(c);
          if (g !== undefined) {
            target = g;
            break;
          }
          f = f === 0 ? -1 : fail[f]!;
        }
        fail[t] = target;
        dict[t] = ends[target]!.length > 0 ? target : dict[target]!;
      }
    }
    const { dense, rowOf } = denseRows(children, order, fail);
    const edgeStart = new Int32Array(n + 1);
    const outStart = new Int32Array(n + 1);
    let edges = 0;
    let outs = 0;
    for (let s = 0; s < n; s++) {
      edgeStart[s] = edges;
      outStart[s] = outs;
      edges += s === 0 ? 0 : children[s]!.size;
      outs += ends[s]!.length;
    }
    edgeStart[n] = edges;
    outStart[n] = outs;
    const edgeByte = new Uint8Array(edges);
    const edgeTo = new Int32Array(edges);
    const outIds = new Int32Array(outs);
    for (let s = 0; s < n; s++) {
      let e = edgeStart[s]!;
      if (s !== 0) {
        for (const [c, t] of children[s]!) {
          edgeByte[e] = c;
          edgeTo[e++] = t;
        }
      }
      let o = outStart[s]!;
      for (const id of ends[s]!) outIds[o++] = id;
    }
    const lengths = Int32Array.from(literals, (l) => l.length);
    return new LiteralAutomaton(dense, rowOf, edgeStart, edgeByte, edgeTo, fail, dict, outStart, outIds, lengths);
  }

  /** Calls `found(id, end)` for every occurrence, `end` being the index of its last character. */
  scan(text: string, found: (id: number, end: number) => void): void {
    const { dense, rowOf, edgeStart, edgeByte, edgeTo, fail, dict, outStart, outIds } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 255) {
        s = 0;
        continue;
      }
      s = this.step(s, c, dense, rowOf, edgeStart, edgeByte, edgeTo, fail);
      let o = outStart[s + 1]! > outStart[s]! ? s : dict[s]!;
      while (o !== 0) {
        for (let k = outStart[o]!, end = outStart[o + 1]!; k < end; k++) found(outIds[k]!, i);
        o = dict[o]!;
      }
    }
  }

  private step(s: number, c: number, dense: Int32Array, rowOf: Int32Array, edgeStart: Int32Array, edgeByte: Uint8Array, edgeTo: Int32Array, fail: Int32Array): number {
    for (;;) {
      const row = rowOf[s]!;
      if (row >= 0) return dense[(row << 8) | c]!;
      for (let e = edgeStart[s]!, end = edgeStart[s + 1]!; e < end; e++) if (edgeByte[e] === c) return edgeTo[e]!;
      s = fail[s]!;
    }
  }
}

/**
 * Rows for the root and, breadth first, the states up to MAX_DENSE_DEPTH
 * (at most MAX_DENSE_STATES). A state's row is its own edges over its
 * failure state's row: that state is nearer the root, so already has one.
 */
function denseRows(children: Map<number, number>[], order: readonly number[], fail: Int32Array): { dense: Int32Array; rowOf: Int32Array } {
  const rowOf = new Int32Array(children.length).fill(-1);
  const depth = new Int32Array(children.length);
  const rows: number[] = [];
  for (const s of order) {
    if (rows.length >= MAX_DENSE_STATES || depth[s]! > MAX_DENSE_DEPTH) break;
    rowOf[s] = rows.length;
    rows.push(s);
    for (const t of children[s]!.values()) depth[t] = depth[s]! + 1;
  }
  const dense = new Int32Array(rows.length << 8);
  for (let r = 0; r < rows.length; r++) {
    const s = rows[r]!;
    if (s !== 0) dense.copyWithin(r << 8, rowOf[fail[s]!]! << 8, (rowOf[fail[s]!]! + 1) << 8);
    for (const [c, t] of children[s]!) dense[(r << 8) | c] = t;
  }
  return { dense, rowOf };
}

function bfsOrder(children: Map<number, number>[]): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i++) for (const t of children[order[i]!]!.values()) order.push(t);
  return order;
}
