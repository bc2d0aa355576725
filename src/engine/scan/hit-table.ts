/**
 * The rule results of one scan, with SpamAssassin's got_hit semantics:
 * a rule that did not hit (whether it ran or not) reads as 0, a hit adds its value
 * (1, or the eval's positive count), a non-`multiple` rule counts once, and
 * `__` sub-rules are listed but never scored.
 */
export interface RecordedHit {
  name: string;
  score: number;
  area: string;
}

export class HitTable {
  /**
   * tests_already_hit, hits only: misses are not recorded, since every reader
   * takes a missing rule as 0 (a table of ~3,000 misses per message cost more
   * than the metas reading it).
   */
  readonly values = new Map<string, number>();
  /** Scored hits in hit order (a `multiple` rule appears once per hit). */
  readonly scored: RecordedHit[] = [];
  /** `__` sub-rule hits in hit order. */
  readonly subtests: string[] = [];
  /** Running total, before the final 3-decimal rounding. */
  total = 0;
  /**
   * Dynamic scores as the plugin wrote them: SpamAssassin keeps the string a
   * plugin passed to got_hit (TxRep's "1.520") and prints it as it is.
   */
  scoreTexts: Map<string, string> | undefined = undefined;
  /**
   * Told of every hit as it is recorded, before its score counts (SpamAssassin's
   * hit_rule plugin hook; the Shortcircuit plugin listens).
   */
  onHit: ((name: string, score: number) => void) | undefined = undefined;

  /** Record a hit; returns false when the hit was ignored (already hit and not multiple). */
  hit(name: string, score: number, area: string, multiple: boolean, value = 1): boolean {
    const v = value > 0 ? value : 1;
    const already = this.values.get(name) ?? 0;
    if (already > 0 && !multiple) return false;
    this.values.set(name, already + v);
    this.onHit?.(name, score);
    if (name.startsWith('__')) {
      this.subtests.push(name);
      return true;
    }
    this.total += score;
    this.scored.push({ name, score, area });
    return true;
  }

  value(name: string): number {
    return this.values.get(name) ?? 0;
  }
}
