/**
 * Command order, as libmilter enforces it (engine.c's transition table),
 * widened so that events the MTA was told to leave out (SMFIP_NO*) may be
 * absent from the stream.
 */
export type Phase = 'optneg' | 'opts' | 'conn' | 'helo' | 'mail' | 'rcpt' | 'data' | 'hdrs' | 'eohs' | 'body' | 'endm' | 'closed';

/** Phases that the command moves to, per command that changes phase. */
export type PhaseCommand = 'connect' | 'helo' | 'mail' | 'rcpt' | 'data' | 'header' | 'eoh' | 'body' | 'eob';

const TARGET: Record<PhaseCommand, Phase> = {
  connect: 'conn',
  helo: 'helo',
  mail: 'mail',
  rcpt: 'rcpt',
  data: 'data',
  header: 'hdrs',
  eoh: 'eohs',
  body: 'body',
  eob: 'endm',
};

const CONTENT: Phase[] = ['data', 'hdrs', 'eohs', 'body', 'endm'];

const LEGAL: Record<Phase, readonly Phase[]> = {
  optneg: [],
  opts: ['conn', 'helo', 'mail'],
  conn: ['helo', 'mail'],
  helo: ['helo', 'mail'],
  mail: ['rcpt', 'data', 'hdrs', 'eohs', 'body', 'endm'],
  rcpt: ['rcpt', ...CONTENT],
  data: ['hdrs', 'eohs', 'body', 'endm'],
  hdrs: ['hdrs', 'eohs', 'body', 'endm'],
  eohs: ['body', 'endm'],
  body: ['body', 'endm'],
  endm: ['mail'],
  closed: [],
};

export function targetPhase(cmd: PhaseCommand): Phase {
  return TARGET[cmd];
}

export function isLegal(from: Phase, cmd: PhaseCommand): boolean {
  return LEGAL[from].includes(TARGET[cmd]);
}

/** Phases in which a message transaction is open. */
export function inTransaction(phase: Phase): boolean {
  return ['mail', 'rcpt', 'data', 'hdrs', 'eohs', 'body'].includes(phase);
}
