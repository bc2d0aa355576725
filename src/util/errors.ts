/**
 * One error base with stable codes, so tests and logs match on `code`
 * rather than on message text. Only front ends turn these into protocol
 * answers (spamd EX_* lines, milter replies, spamc exit codes).
 */
export type ErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_RULE_COMPILE'
  | 'ERR_PROTO'
  | 'ERR_PROTO_FRAME_TOO_LARGE'
  | 'ERR_LIMIT'
  | 'ERR_TIMEOUT'
  | 'ERR_STORAGE'
  | 'ERR_MESSAGE'
  /** Per-user preferences that had to be read (SQL) could not be. */
  | 'ERR_USER_PREFS';

export class SpamwardError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A configuration problem at a known place. */
export class ConfigError extends SpamwardError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super('ERR_CONFIG', `${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/** A rule whose regex cannot be translated or compiled. */
export class RuleCompileError extends SpamwardError {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super('ERR_RULE_COMPILE', `${rule}: ${message}`);
    this.rule = rule;
  }
}

/** A peer sent bytes the protocol does not allow. */
export class ProtocolError extends SpamwardError {
  readonly protocol: string;
  constructor(protocol: string, message: string, code: ErrorCode = 'ERR_PROTO') {
    super(code, `${protocol}: ${message}`);
    this.protocol = protocol;
  }
}

/** A configured limit was exceeded. */
export class LimitError extends SpamwardError {
  readonly limit: string;
  constructor(limit: string, message: string) {
    super('ERR_LIMIT', message);
    this.limit = limit;
  }
}

/** A phase ran past its time budget. */
export class TimeoutError extends SpamwardError {
  readonly phase: string;
  constructor(phase: string, message: string) {
    super('ERR_TIMEOUT', message);
    this.phase = phase;
  }
}

/** The store (LMDB) failed. */
export class StorageError extends SpamwardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORAGE', message, options);
  }
}
