/**
 * What the pool and its workers say to each other. Everything here is plain
 * data (structured-clone safe); message bytes travel as ArrayBuffers in the
 * transfer list, so they move between threads without a copy.
 */
import type { EngineOptions } from '../engine/engine-options.js';
import type { LearnResult, ScanOptions } from '../engine/api-types.js';
import type { PlainVerdict } from './plain-verdict.js';
import type { ConfigDiagnostic } from '../engine/config/types.js';

/** Bytes that moved to another thread: the buffer and the slice of it that holds them. */
export interface Bytes {
  buffer: ArrayBuffer;
  offset: number;
  length: number;
}

export interface WorkerSetup {
  engine: EngineOptions;
  /** Int32 slot the worker writes the running rule's id into (-1: no rule). */
  probe: SharedArrayBuffer;
}

/** Options that cross to the worker (handOver stays on the caller's side). */
export type WireScanOptions = Omit<ScanOptions, 'handOver'>;

export type ToWorker =
  | { kind: 'scan'; id: number; message: Bytes; options: WireScanOptions }
  | { kind: 'learn'; id: number; message: Bytes; as: 'spam' | 'ham' | 'forget'; options: WireScanOptions }
  | { kind: 'close'; id: number };

/** A Rendering (plain-verdict.ts) with its bytes in transit. */
export interface WireRendering {
  bytes: Bytes;
  headerLength: number;
  whole: boolean;
}

export interface WireError {
  name: string;
  message: string;
  code?: string;
  phase?: string;
}

export type FromWorker =
  /** The engine is built; `names` are rule ids 0..n-1 as the probe reports them. */
  | { kind: 'ready'; names: string[]; diagnostics: ConfigDiagnostic[] }
  | { kind: 'failed'; error: WireError }
  /** Rule names interned after `ready` (per-user rule sets), continuing the id sequence. */
  | { kind: 'names'; first: number; names: string[] }
  | { kind: 'scanned'; id: number; verdict: PlainVerdict; rendered?: WireRendering }
  | { kind: 'learned'; id: number; result: LearnResult }
  | { kind: 'closed'; id: number }
  | { kind: 'error'; id: number; error: WireError };
