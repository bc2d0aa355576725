/**
 * Aho-Corasick over byte strings: finds every occurrence of every literal of
 * a set in one pass over a text, whatever the number of literals. The rule
 * prefilter uses it so that a message's text is read once for the thousands
 * of literals its rules require, instead of once per rule and literal.
 *
 * Texts are octet strings (char codes 0..255); a code above 255 matches no
 * literal and restarts the search.
 */
/**
 * States given a full row of 256 transitions (failure links already
 * followed), at most: the root, the states one byte deep, then the states
 * with the most edges. A scan spends most of its steps in or falling back to
 * these, and a row answers in one read where a sparse state searches its
 * edges and then walks its failure chain. Each row is 1 KB, so a small
 * automaton (a header's literals) gets one row per 16 states.
 */
const MAX_DENSE_ROWS = 256;
const STATES_PER_DENSE_ROW = 16;
/** A state with fewer edges than this keeps sparse transitions unless it is one byte deep. */
const DENSE_MIN_EDGES = 4;

/**
 * Per state, what a step reads, as one record of STRIDE numbers in a single
 * array rather than one array per field: a scan visits states all over the
 * automaton (the largest has 65,000) and read five arrays at the same index,
 * five cache misses where one record is one. What only a found literal needs
 * (its ids, the rest of the dictionary chain) stays in arrays of its own.
 * Edges stay a byte array beside a target array: packing both into one number
 * measured the same, and would cap an automaton at 2^24 states.
 */
const STRIDE = 4;
/** The first sparse edge, or -(row + 1) for a state with a dense row. */
const EDGES = 0;
const EDGE_END = 1;
const FAIL = 2;
/** The state itself when a literal ends there, else the nearest such state on its failure chain (0 = none). */
const FIRST_OUT = 3;

export class LiteralAutomaton {
  private constructor(
    private readonly states: Int32Array,
    /** Full rows of 256 next states (failure links followed). */
    private readonly dense: Int32Array,
    /** Sparse edges: the byte and the target state of each. */
    private readonly edgeByte: Uint8Array,
    private readonly edgeTo: Int32Array,
    /** Nearest state on the failure chain that ends a literal (0 = none). */
    private readonly dict: Int32Array,
    /** Literal ids ending at state s: outIds[outStart[s] .. outStart[s+1]). */
    private readonly outStart: Int32Array,
    private readonly outIds: Int32Array,
    readonly lengths: Int32Array,
  ) {}

  /**
   * Literals are identified by their index in `literals`; duplicates are allowed.
   *
   * Each loop of the construction is a function of its own that returns,
   * as soon as the loop ends, what it built before the loop. V8 compiles a
   * long loop while it runs (on-stack replacement), before the code after the
   * loop has ever run; that code then lacks type feedback, and every later
   * build entered the loop's compiled code and fell back to the interpreter
   * after it: 249 deoptimisations while an engine loads its 126 automata, and
   * the rest of each build interpreted.
   */
  static build(literals: readonly string[]): LiteralAutomaton {
    const { children, ends } = buildTrie(literals);
    const order = breadthFirstOrder(children);
    const trie = renumber(children, ends, order, inverseOf(order));
    const { fail, dict } = failureLinks(trie.children, trie.ends);
    const { denseRow, dense } = denseRows(trie.children, trie.depth, fail);
    const sizes = edgeAndOutputCounts(trie.children, trie.ends);
    const packed = pack(trie, fail, dict, denseRow, sizes);
    const lengths = Int32Array.from(literals, (l) => l.length);
    return new LiteralAutomaton(packed.states, dense, packed.edgeByte, packed.edgeTo, dict, packed.outStart, packed.outIds, lengths);
  }

  /**
   * Calls `found(idBase + id, end)` for every occurrence, `end` being the
   * index of its last character. With `lowerCase`, the text is read as its
   * lower-cased self without building that string, and a code above 255
   * stops the scan with false (String's lower-casing may turn such a code
   * into a Latin-1 one, or into two): the caller then lower-cases the text
   * itself and scans again, the occurrences reported so far among them.
   */
  scan(text: string, found: (id: number, end: number) => void, idBase = 0, lowerCase = false): boolean {
    const { states, dense, edgeByte, edgeTo, dict, outStart, outIds } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c > 255) {
        if (lowerCase) return false;
        s = 0;
        continue;
      }
      if (lowerCase) c = LATIN1_LOWER[c]!;
      s = step(s, c, states, dense, edgeByte, edgeTo);
      for (let o = states[s * STRIDE + FIRST_OUT]!; o !== 0; o = dict[o]!) {
        for (let k = outStart[o]!, end = outStart[o + 1]!; k < end; k++) found(idBase + outIds[k]!, i);
      }
    }
    return true;
  }
}

/** Each Latin-1 code lower-cased as String.prototype.toLowerCase does it (always one Latin-1 code). */
const LATIN1_LOWER = Uint8Array.from({ length: 256 }, (_, c) => {
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 && lower.charCodeAt(0) < 256 ? lower.charCodeAt(0) : c;
});

/** The next state: a dense row answers at once; a sparse state searches its edges, then falls back. The root is dense. */
function step(s: number, c: number, states: Int32Array, dense: Int32Array, edgeByte: Uint8Array, edgeTo: Int32Array): number {
  for (;;) {
    const r = s * STRIDE;
    const first = states[r + EDGES]!;
    if (first < 0) return dense[(-first - 1) << 8 | c]!;
    for (let e = first, end = states[r + EDGE_END]!; e < end; e++) if (edgeByte[e] === c) return edgeTo[e]!;
    s = states[r + FAIL]!;
  }
}

interface Trie {
  children: Map<number, number>[];
  ends: number[][];
  depth: Int32Array;
}

/** The trie of the literals: per state its edges by byte, and the ids of the literals ending there. */
function buildTrie(literals: readonly string[]): { children: Map<number, number>[]; ends: number[][] } {
  const children: Map<number, number>[] = [new Map()];
  const ends: number[][] = [[]];
  for (let id = 0; id < literals.length; id++) {
    const lit = literals[id]!;
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
  }
  return { children, ends };
}

/**
 * The states in breadth-first order, the numbering the automaton uses: the
 * states a scan visits most (the shallow ones) sit together in every array,
 * and each state's failure target has a smaller number than the state.
 */
function breadthFirstOrder(children: readonly Map<number, number>[]): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i++) for (const t of children[order[i]!]!.values()) order.push(t);
  return order;
}

function inverseOf(order: readonly number[]): Int32Array {
  const inverse = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) inverse[order[i]!] = i;
  return inverse;
}

/** The trie with state `order[i]` renamed `i`, and each state's depth. */
function renumber(children: readonly Map<number, number>[], ends: readonly number[][], order: readonly number[], newId: Int32Array): Trie {
  const n = order.length;
  const depth = new Int32Array(n);
  const renumbered: Map<number, number>[] = new Array<Map<number, number>>(n);
  const renumberedEnds: number[][] = new Array<number[]>(n);
  const trie: Trie = { children: renumbered, ends: renumberedEnds, depth };
  for (let i = 0; i < n; i++) {
    const old = order[i]!;
    const edges = new Map<number, number>();
    for (const [c, t] of children[old]!) {
      const to = newId[t]!;
      edges.set(c, to);
      depth[to] = depth[i]! + 1;
    }
    renumbered[i] = edges;
    renumberedEnds[i] = ends[old]!;
  }
  return trie;
}

/** Failure links, and per state the nearest state on its failure chain that ends a literal (0 = none). */
function failureLinks(children: readonly Map<number, number>[], ends: readonly number[][]): { fail: Int32Array; dict: Int32Array } {
  const n = children.length;
  const fail = new Int32Array(n);
  const dict = new Int32Array(n);
  const links = { fail, dict };
  // States are numbered breadth first, so every state's failure target (shallower) is done before it.
  for (let s = 0; s < n; s++) {
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
  return links;
}

function edgeAndOutputCounts(children: readonly Map<number, number>[], ends: readonly number[][]): { edges: number; outputs: number } {
  const counts = { edges: 0, outputs: 0 };
  for (let s = 0; s < children.length; s++) {
    counts.edges += children[s]!.size;
    counts.outputs += ends[s]!.length;
  }
  return counts;
}

interface Packed {
  states: Int32Array;
  edgeByte: Uint8Array;
  edgeTo: Int32Array;
  outStart: Int32Array;
  outIds: Int32Array;
}

/** The per-state records, the sparse edges and the output lists, in the arrays a scan reads. */
function pack(trie: Trie, fail: Int32Array, dict: Int32Array, denseRow: Int32Array, sizes: { edges: number; outputs: number }): Packed {
  const { children, ends } = trie;
  const n = children.length;
  const states = new Int32Array(n * STRIDE);
  const outStart = new Int32Array(n + 1);
  outStart[n] = sizes.outputs;
  const edgeByte = new Uint8Array(sizes.edges);
  const edgeTo = new Int32Array(sizes.edges);
  const outIds = new Int32Array(sizes.outputs);
  const packed: Packed = { states, edgeByte, edgeTo, outStart, outIds };
  let e = 0;
  let o = 0;
  for (let s = 0; s < n; s++) {
    const r = s * STRIDE;
    const row = denseRow[s]!;
    states[r + EDGES] = row >= 0 ? -(row + 1) : e;
    for (const [c, t] of children[s]!) {
      edgeByte[e] = c;
      edgeTo[e++] = t;
    }
    states[r + EDGE_END] = e;
    states[r + FAIL] = fail[s]!;
    states[r + FIRST_OUT] = ends[s]!.length > 0 ? s : dict[s]!;
    outStart[s] = o;
    // Indexed: the shallow states come first and end no literal, so an iterator here had no feedback yet when
    // V8 compiled the loop, and every build fell back to the interpreter at the first state that ends one.
    const out = ends[s]!;
    for (let k = 0; k < out.length; k++) outIds[o++] = out[k]!;
  }
  return packed;
}

/** Full transition rows (failure links followed) for the root, the states one byte deep and the busiest others. */
function denseRows(children: Map<number, number>[], depth: Int32Array, fail: Int32Array): { denseRow: Int32Array; dense: Int32Array } {
  const n = children.length;
  const limit = Math.min(MAX_DENSE_ROWS, 1 + Math.floor(n / STATES_PER_DENSE_ROW));
  const chosen: number[] = [];
  for (let s = 0; s < n && chosen.length < limit; s++) if (depth[s]! <= 1) chosen.push(s);
  const busy = [];
  for (let s = 0; s < n; s++) if (depth[s]! > 1 && children[s]!.size >= DENSE_MIN_EDGES) busy.push(s);
  busy.sort((a, b) => children[b]!.size - children[a]!.size || a - b);
  for (const s of busy) {
    if (chosen.length >= limit) break;
    chosen.push(s);
  }
  // In state order: a row's fallback (a shallower state) is filled before the row that copies from it.
  chosen.sort((a, b) => a - b);
  const denseRow = new Int32Array(n).fill(-1);
  chosen.forEach((s, row) => (denseRow[s] = row));
  const dense = new Int32Array(chosen.length * 256);
  // Where byte c leads from state s when s has no edge for it: along the failure chain, whose states
  // are all numbered below the row being filled, so any dense row met on the way is already complete.
  const fallBack = (s: number, c: number): number => {
    for (;;) {
      const row = denseRow[s]!;
      if (row >= 0) return dense[(row << 8) | c]!;
      const t = children[s]!.get(c);
      if (t !== undefined) return t;
      s = fail[s]!;
    }
  };
  for (const s of chosen) {
    const base = denseRow[s]! << 8;
    for (let c = 0; c < 256; c++) dense[base | c] = children[s]!.get(c) ?? (s === 0 ? 0 : fallBack(fail[s]!, c));
  }
  return { denseRow, dense };
}
