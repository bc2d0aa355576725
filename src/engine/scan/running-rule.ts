/**
 * Where the rule being evaluated is published, for a watchdog that cannot
 * interrupt the evaluation itself (a worker thread's pool, which terminates a
 * scan that runs past its budget and logs the rule it was stuck in). Nothing
 * listens unless a sink is installed, so the in-process engine pays one
 * comparison per rule.
 *
 * Rules are published by ordinal: every rule name compiled in this thread is
 * numbered once (ruleOrdinal), so a sink stores a number per rule instead of
 * looking a name up thousands of times per message.
 */
export interface RunningRuleSink {
  /** Called as each rule starts; must be cheap (it runs thousands of times per message). */
  ruleStarted(ordinal: number): void;
}

let sink: RunningRuleSink | undefined;
const names: string[] = [];
const ordinals = new Map<string, number>();

/** Installs (or removes, with undefined) this thread's sink. */
export function setRunningRuleSink(next: RunningRuleSink | undefined): void {
  sink = next;
}

export function publishRunningRule(ordinal: number): void {
  if (sink !== undefined) sink.ruleStarted(ordinal);
}

/** The rule name's number in this thread (the same name always gets the same number). */
export function ruleOrdinal(name: string): number {
  let n = ordinals.get(name);
  if (n === undefined) {
    n = names.length;
    names.push(name);
    ordinals.set(name, n);
  }
  return n;
}

/** Names of the ordinals from `first` on, in order. */
export function ruleNamesFrom(first: number): string[] {
  return names.slice(first);
}
