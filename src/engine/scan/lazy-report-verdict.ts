/**
 * A Verdict whose report text is made when first read: wrapping every hit's
 * description costs more than most scans need (ham, CHECK, SYMBOLS never
 * show it).
 *
 * The getter lives on a class, not on the object literal the verdict used to
 * be: V8 keeps whatever an object-literal getter's closure holds alive
 * through every young-generation collection until the next full one. The
 * report's closure holds the scan's whole state, so each message's parse,
 * rendering and header caches (about 100 KB) were promoted to the old
 * generation and copied on the way; a getter on a prototype holds nothing.
 */
import type { Verdict } from '../api-types.js';

export type VerdictFields = Omit<Verdict, 'report'>;

// The class carries the fields it copies in (declaration merging).
export interface LazyReportVerdict extends VerdictFields {}

export class LazyReportVerdict implements Verdict {
  /** Private, so the verdict's own properties are its data alone (front ends and tests enumerate them). */
  readonly #makeReport: () => string;

  constructor(fields: VerdictFields, makeReport: () => string) {
    Object.assign(this, fields);
    this.#makeReport = makeReport;
  }

  get report(): string {
    return this.#makeReport();
  }
}
