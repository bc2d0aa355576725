/**
 * The interface the engine's Pyzor and Razor evals see of helper programs
 * (SpamAssassin's helper_app_pipe_open): run one program on the message,
 * read its output, give up after a timeout. The evals get answers as data;
 * only the runner in helper-process.ts starts processes.
 */

export interface HelperRequest {
  /** A path, or a name looked up in PATH. */
  program: string;
  args: readonly string[];
  /** Written to the program's standard input (the whole message). */
  input: Buffer;
  timeoutMs: number;
}

export interface HelperResult {
  /** Exit code; null when the program could not start, was killed or timed out. */
  code: number | null;
  stdout: string;
  timedOut: boolean;
  /** Why it did not run (ENOENT: not installed). */
  error?: string;
}

/** Runs a helper program; never throws. HOME is the process's (spamd -H sets it, as SpamAssassin's helper home). */
export interface HelperRunner {
  run(req: HelperRequest): Promise<HelperResult>;
}
