/**
 * Macro values per stage. A MACRO packet carries the stage's command byte;
 * its values replace earlier ones of the same name. Message stages are
 * cleared at ABORT and end of message, as libmilter does, so one message's
 * queue id or auth data never leaks into the next.
 */

/** Stage command bytes in the order the MTA sends them. */
const STAGE_ORDER = ['C', 'H', 'M', 'R', 'T', 'L', 'N', 'B', 'E', 'U'];
const MESSAGE_STAGES = ['M', 'R', 'T', 'L', 'N', 'B', 'E'];
const KNOWN_STAGES = new Set(STAGE_ORDER);

export class MacroTable {
  private readonly stages = new Map<string, Map<string, string>>();
  /** merged() is asked at CONNECT, MAIL and end of message; it is rebuilt only after a change. */
  private cached: Record<string, string> | null = null;

  set(stage: string, pairs: ReadonlyArray<readonly [string, string]>): void {
    this.cached = null;
    let table = this.stages.get(stage);
    if (table === undefined) {
      table = new Map();
      this.stages.set(stage, table);
    }
    for (const [name, value] of pairs) table.set(normalizeMacroName(name), value);
  }

  clearMessage(): void {
    this.cached = null;
    for (const s of MESSAGE_STAGES) this.stages.delete(s);
  }

  clearAll(): void {
    this.cached = null;
    this.stages.clear();
  }

  /** All stages merged; later stages win. Names are stored without braces. */
  merged(): Readonly<Record<string, string>> {
    if (this.cached !== null) return this.cached;
    const out: Record<string, string> = {};
    for (const s of STAGE_ORDER) {
      const table = this.stages.get(s);
      if (table !== undefined) for (const [k, v] of table) out[k] = v;
    }
    // Stages outside the known order (none from Postfix or Sendmail) come last, as they arrived.
    for (const [s, table] of this.stages) if (!KNOWN_STAGES.has(s)) for (const [k, v] of table) out[k] = v;
    this.cached = out;
    return out;
  }
}

/** `{auth_authen}` and `auth_authen` name the same macro; single letters stay bare. */
export function normalizeMacroName(name: string): string {
  return name.startsWith('{') && name.endsWith('}') ? name.slice(1, -1) : name;
}
