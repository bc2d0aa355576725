/**
 * The Message-ID and Resent-Message-ID spamd names a message by in its log
 * (`checking message <id>`, `mid=`), cleaned as spamd cleans them: the last
 * such header field, comments removed, white space collapsed, only the part
 * in angle brackets, anything outside printable ASCII (and stray brackets)
 * as `?`, then bracketed again. Read from the raw header section here, not
 * through the engine's parser: the message is parsed on a scanning thread,
 * and the connection's thread needs only these two fields, before the scan.
 */

export interface LoggedMessageIds {
  /** `<id>`, or undefined when the message has none (spamd then says `(unknown)`). */
  msgid: string | undefined;
  rmsgid: string | undefined;
}

export function loggedMessageIds(message: Buffer): LoggedMessageIds {
  const head = headerSection(message);
  return { msgid: cleanId(lastField(head, 'message-id')), rmsgid: cleanId(lastField(head, 'resent-message-id')) };
}

function headerSection(message: Buffer): string {
  const text = message.toString('latin1', 0, Math.min(message.length, 256 * 1024)).replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  return end >= 0 ? text.slice(0, end + 1) : text;
}

/** The last field of that name, its continuation lines included. */
function lastField(head: string, name: string): string | undefined {
  let found: string | undefined;
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^:\s]+)[ \t]*:[ \t]*([^\n]*)$/.exec(lines[i]!);
    if (m === null || m[1]!.toLowerCase() !== name) continue;
    let value = m[2]!;
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += `\n${lines[++i]}`;
    found = value;
  }
  return found;
}

function cleanId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let id = raw;
  for (let before = ''; before !== id; ) {
    before = id;
    id = id.replace(/\([^()]*\)/, '');
  }
  id = id.trim().replace(/\s+/g, ' ');
  const bracketed = /^.*?<(.*?)>.*$/.exec(id);
  if (bracketed) id = bracketed[1]!;
  id = id.replace(/[^\x21-\x7e]/g, '?').replace(/[<>]/g, '?');
  return id === '' ? undefined : `<${id}>`;
}
