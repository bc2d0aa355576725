/**
 * Aho-Corasick over byte strings: finds every occurrence of every literal of
 * a set in one pass over a text, whatever the number of literals. The rule
 * prefilter uses it so that a message's text is read once for the thousands
 * of literals its rules require, instead of once per rule and literal.
 *
 * Texts are octet strings (char codes 0..255); a code above 255 matches no
 * literal and restarts the search.
 */
export class LiteralAutomaton {
  private constructor(
    /** Next state from the root for each byte (0 = stay at the root). */
    private readonly rootNext: Int32Array,
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
    const rootNext = new Int32Array(256);
    for (const [c, t] of children[0]!) rootNext[c] = t;
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
    return new LiteralAutomaton(rootNext, edgeStart, edgeByte, edgeTo, fail, dict, outStart, outIds, lengths);
  }

  /** Calls `found(id, end)` for every occurrence, `end` being the index of its last character. */
  scan(text: string, found: (id: number, end: number) => void): void {
    const { rootNext, edgeStart, edgeByte, edgeTo, fail, dict, outStart, outIds } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 255) {
        s = 0;
        continue;
      }
      s = this.step(s, c, rootNext, edgeStart, edgeByte, edgeTo, fail);
      let o = outStart[s + 1]! > outStart[s]! ? s : dict[s]!;
      while (o !== 0) {
        for (let k = outStart[o]!, end = outStart[o + 1]!; k < end; k++) found(outIds[k]!, i);
        o = dict[o]!;
      }
    }
  }

  private step(s: number, c: number, rootNext: Int32Array, edgeStart: Int32Array, edgeByte: Uint8Array, edgeTo: Int32Array, fail: Int32Array): number {
    while (s !== 0) {
      for (let e = edgeStart[s]!, end = edgeStart[s + 1]!; e < end; e++) if (edgeByte[e] === c) return edgeTo[e]!;
      s = fail[s]!;
    }
    return rootNext[c]!;
  }
}

function bfsOrder(children: Map<number, number>[]): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i++) for (const t of children[order[i]!]!.values()) order.push(t);
  return order;
}
