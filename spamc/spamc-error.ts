/** A failed spamc transaction, carrying the sysexits code spamc would report. */
export class SpamcError extends Error {
  readonly exit: number;
  constructor(exit: number, message: string) {
    super(message);
    this.exit = exit;
    this.name = 'SpamcError';
  }
}
