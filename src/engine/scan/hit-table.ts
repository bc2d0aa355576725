/**
 * The rule results of one scan, with SpamAssassin's got_hit semantics:
 * a rule that ran and missed is recorded as 0 ("ready"), a hit adds its value
 * (1, or the eval's positive count), a non-`multiple` rule counts once, and
 * `__` sub-rules are listed but never scored.
 */
export interface RecordedHit {
  name: string;
  score: number;
  area: string;
}

export class HitTable {
  /** tests_already_hit: rule → accumulated value (0 = ran, no hit). */
  readonly values = new Map<string, number>();
  /** Scored hits in hit order (a `multiple` rule appears once per hit). */
  readonly scored: RecordedHit[] = [];
  /** `__` sub-rule hits in hit order. */
  readonly subtests: string[] = [];
  /** Running total, before the final 3-decimal rounding. */
  total = 0;

  /** Mark a rule as run without a hit (metas may now read it as 0). */
  ready(name: string): void {
    if (!this.values.has(name)) this.values.set(name, 0);
  }

  /** Record a hit; returns false when the hit was ignored (already hit and not multiple). */
  hit(name: string, score: number, area: string, multiple: boolean, value = 1): boolean {
    const v = value > 0 ? value : 1;
    const already = this.values.get(name) ?? 0;
    if (already > 0 && !multiple) return false;
    this.values.set(name, already + v);
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
