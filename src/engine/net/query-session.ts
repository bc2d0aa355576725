/**
 * The DNS queries of one message (SpamAssassin's AsyncLoop): launched as
 * soon as their inputs are known, answered in parallel, each given
 * rbl_timeout from its start, a budget that shrinks towards t_min as the
 * other queries of the message complete (t = t_init − (t_init − t_min)·r²,
 * r = completed / started), and never beyond the message's deadline.
 */
import { type DnsSettings, queryAllowed, timeoutFor, type TimeoutPair } from './dns-settings.js';
import type { DnsAnswer, DnsClient, NetLookups, RrType } from './dns-types.js';
import type { HelperRunner } from './helper-types.js';

/** Says which names must not be asked now (dns_block_rule's blocks, kept by the caller). */
export interface QueryBlocker {
  blocks(name: string): boolean;
}

interface Pending {
  start: number;
  timeout: TimeoutPair;
  resolve: (a: DnsAnswer) => void;
}

/**
 * AsyncLoop's budget for a pending query, in seconds since it started:
 * t_init when nothing has completed yet, shrinking quadratically to t_min
 * as the completed share r of the message's queries approaches 1.
 */
export function queryBudget(t: TimeoutPair, completed: number, started: number): number {
  const r = started > 0 ? completed / started : 0;
  return t.tInit - (t.tInit - t.tMin) * r * r;
}

const TIMED_OUT: DnsAnswer = { code: 'TIMEOUT', records: [] };
const RESTRICTED: DnsAnswer = { code: 'RESTRICTED', records: [] };

export class QuerySession implements NetLookups {
  private readonly pending = new Set<Pending>();
  private readonly byKey = new Map<string, Promise<DnsAnswer>>();
  private readonly tasks = new Set<Promise<unknown>>();
  private started = 0;
  private completed = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private closed = false;
  /** Queries that got no answer in time (for the report and tests). */
  timedOut = 0;

  constructor(
    private readonly client: DnsClient,
    private readonly settings: DnsSettings,
    /** Epoch ms: nothing is waited for beyond this. */
    private until: number,
    readonly helpers?: HelperRunner,
    /** dns_block_rule: domains a blocklist told us to stop asking, for now. */
    private readonly blocks?: QueryBlocker,
  ) {}

  get deadline(): number {
    return this.until;
  }

  /**
   * Move the deadline (the engine does once the local rules are done, so
   * lookups chained on answers get their time counted from when the event
   * loop could first read those answers).
   */
  setDeadline(until: number): void {
    this.until = until;
    this.schedule();
  }

  /** One query; a repeated (name, type) in the same message shares the first one. */
  lookup(name: string, type: RrType): Promise<DnsAnswer> {
    const key = `${type} ${name.toLowerCase()}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const answer = this.launch(name, type);
    this.byKey.set(key, answer);
    return answer;
  }

  private launch(name: string, type: RrType): Promise<DnsAnswer> {
    if (!queryAllowed(this.settings, name) || this.blocks?.blocks(name) === true) return Promise.resolve(RESTRICTED);
    if (this.closed || Date.now() >= this.until) return Promise.resolve(TIMED_OUT);
    return new Promise<DnsAnswer>((resolve) => {
      const p: Pending = { start: Date.now(), timeout: timeoutFor(this.settings, name), resolve };
      this.pending.add(p);
      this.started++;
      this.client.query(name, type).then(
        (a) => this.finish(p, a, true),
        () => this.finish(p, TIMED_OUT, true),
      );
      this.schedule();
    });
  }

  /** Work that issues further lookups as answers arrive (SPF chains, NS → A → blocklist). */
  track(task: Promise<unknown>): void {
    const t = task.catch(() => undefined).finally(() => {
      this.tasks.delete(t);
      this.checkDone();
    });
    this.tasks.add(t);
  }

  private finish(p: Pending, a: DnsAnswer, answered: boolean): void {
    if (!this.pending.delete(p)) return;
    if (answered) this.completed++;
    else this.timedOut++;
    p.resolve(a);
    this.schedule();
    this.checkDone();
  }

  private expiry(p: Pending): number {
    return Math.min(p.start + queryBudget(p.timeout, this.completed, this.started) * 1000, this.until);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    let next = Infinity;
    for (const p of this.pending) next = Math.min(next, this.expiry(p));
    // Answers that arrived while rules were running are read (poll phase) before anything expires (check phase).
    this.timer = setTimeout(() => setImmediate(() => this.expire()), Math.max(0, next - Date.now()));
  }

  private expire(): void {
    const now = Date.now();
    for (const p of [...this.pending]) if (this.expiry(p) <= now) this.finish(p, TIMED_OUT, false);
    this.schedule();
  }

  /** Resolves once every query and tracked task is done, or the deadline has passed. */
  settle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.checkDone();
    });
  }

  private checkDone(): void {
    // A task may issue its next lookup in a microtask after an answer: look again once they have run.
    setImmediate(() => {
      if (this.waiters.length === 0) return;
      if (this.pending.size > 0 || (this.tasks.size > 0 && Date.now() < this.until)) {
        if (this.tasks.size > 0 && this.pending.size === 0) this.deadlineWake();
        return;
      }
      this.release();
    });
  }

  /** Tasks without queries in flight still must not outlive the deadline. */
  private deadlineWake(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, Math.max(0, this.until - Date.now()));
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Give up on everything still pending (answers that come later are ignored). */
  close(): void {
    this.closed = true;
    for (const p of [...this.pending]) this.finish(p, TIMED_OUT, false);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.release();
  }

  get stats(): { started: number; completed: number; timedOut: number } {
    return { started: this.started, completed: this.completed, timedOut: this.timedOut };
  }
}
