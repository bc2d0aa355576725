/**
 * Where the rule being evaluated is published, for a watchdog that cannot
 * interrupt the evaluation itself (a worker thread's pool, which terminates a
 * scan that runs past its budget and logs the rule it was stuck in). Nothing
 * listens unless a sink is installed, so the in-process engine pays one
 * comparison per rule.
 */
export interface RunningRuleSink {
  /** Called as each rule starts; must be cheap (it runs thousands of times per message). */
  ruleStarted(name: string): void;
}

let sink: RunningRuleSink | undefined;

/** Installs (or removes, with undefined) this thread's sink. */
export function setRunningRuleSink(next: RunningRuleSink | undefined): void {
  sink = next;
}

export function publishRunningRule(name: string): void {
  if (sink !== undefined) sink.ruleStarted(name);
}
