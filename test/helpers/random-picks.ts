/** Draws from a seeded generator (src/util/seeded-random.ts): the base of the test and bench input generators. */
export class RandomPicks {
  constructor(protected readonly rnd: () => number) {}

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}
