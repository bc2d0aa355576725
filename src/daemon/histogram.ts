/** A Prometheus histogram: cumulative buckets, sum and count. */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) if (value <= (this.bounds[i] as number)) this.counts[i] = (this.counts[i] as number) + 1;
  }

  /** Sample lines for `name`, with `labels` (already rendered, e.g. `frontend="milter"`) on each. */
  lines(name: string, labels = ''): string[] {
    const join = (extra: string) => `{${[labels, extra].filter(Boolean).join(',')}}`;
    const out = this.bounds.map((b, i) => `${name}_bucket${join(`le="${b}"`)} ${this.counts[i]}`);
    out.push(`${name}_bucket${join('le="+Inf"')} ${this.count}`);
    const plain = labels === '' ? '' : `{${labels}}`;
    out.push(`${name}_sum${plain} ${Number(this.sum.toFixed(6))}`, `${name}_count${plain} ${this.count}`);
    return out;
  }
}
