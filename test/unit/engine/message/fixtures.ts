/** Test helpers: self-written fixtures under test/fixtures/messages, and inline messages. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export function fixture(name: string): Buffer {
  return readFileSync(join(repoRoot(), 'test', 'fixtures', 'messages', name));
}

/** An inline message from lines joined with "\n" (octets: code points 0..255). */
export function lines(...l: string[]): Buffer {
  return Buffer.from(l.join('\n'), 'latin1');
}

/** Octets of a Unicode string's UTF-8 encoding. */
export function u8(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
