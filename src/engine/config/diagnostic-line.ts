/**
 * A configuration problem as text: `FILE:LINE: message`, as `spamward lint`
 * prints it and the daemons log it when they load the rules.
 */
import type { ConfigDiagnostic } from './types.js';

export function diagnosticText(d: ConfigDiagnostic): string {
  return d.file === '' ? d.message : `${d.file}:${d.line}: ${d.message}`;
}
