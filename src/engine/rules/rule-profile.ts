/**
 * Optional timing of rule evaluation for benchmarks: when a profiler is set,
 * evaluation reports the time of each stage and each rule. Off (undefined) in
 * normal scans, where the only cost is one check per rule list.
 */
export interface RuleProfiler {
  stage(name: string, ms: number): void;
  rule(name: string, ms: number): void;
}

let active: RuleProfiler | undefined;

export function setRuleProfiler(profiler: RuleProfiler | undefined): void {
  active = profiler;
}

export function ruleProfiler(): RuleProfiler | undefined {
  return active;
}

/** CPU milliseconds of this process: the machine may be shared, so wall time would mislead. */
export function profileClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
