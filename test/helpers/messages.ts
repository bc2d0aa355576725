/** Builders for small self-written messages used by engine and front-end tests. */
export interface MessageParts {
  headers?: Record<string, string> | [string, string][];
  body?: string;
  crlf?: boolean;
}

export function buildMessage(parts: MessageParts): Buffer {
  const entries = Array.isArray(parts.headers) ? parts.headers : Object.entries(parts.headers ?? {});
  const defaults: [string, string][] = [
    ['Received', 'from mail.example.org (mail.example.org [192.0.2.10])\n\tby mx.example.net (Postfix) with ESMTP id ABC123\n\tfor <to@example.net>; Mon, 2 Nov 2026 10:00:00 +0000'],
    ['From', 'Sender <sender@example.org>'],
    ['To', 'to@example.net'],
    ['Subject', 'Hello'],
    ['Date', 'Mon, 2 Nov 2026 10:00:00 +0000'],
    ['Message-ID', '<test-1@example.org>'],
  ];
  const names = new Set(entries.map(([k]) => k.toLowerCase()));
  const all = [...defaults.filter(([k]) => !names.has(k.toLowerCase())), ...entries].filter(([, v]) => v !== '');
  const text = `${all.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${parts.body ?? 'Hello there.\n'}`;
  return Buffer.from(parts.crlf ? text.replace(/\n/g, '\r\n') : text, 'latin1');
}
