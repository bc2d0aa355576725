/**
 * Collects one message as the MTA streams it: header fields in order, then
 * the body. Body bytes stay in memory up to a threshold and then spill to a
 * private temp file, so many concurrent large messages do not pile up in
 * the heap while they arrive.
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CollectedHeader {
  name: string;
  /** Value as written after the colon; folds are bare LF as the MTA sends them. */
  raw: string;
}

export interface CollectorOptions {
  memoryThresholdBytes: number;
  tmpDir: string | undefined;
}

export class MessageCollector {
  readonly headers: CollectedHeader[] = [];
  private memory: Buffer[] = [];
  private memoryBytes = 0;
  private spillDir: string | null = null;
  private spill: FileHandle | null = null;
  private spilledBytes = 0;

  constructor(private readonly options: CollectorOptions) {}

  get bodyBytes(): number {
    return this.memoryBytes + this.spilledBytes;
  }

  get spilled(): boolean {
    return this.spill !== null;
  }

  addHeader(name: string, raw: string): void {
    this.headers.push({ name, raw });
  }

  /** Synchronous (undefined) while the body fits in memory; a promise once it goes to the spill file. */
  addBody(chunk: Buffer): Promise<void> | undefined {
    if (this.spill === null && this.memoryBytes + chunk.length <= this.options.memoryThresholdBytes) {
      this.memory.push(chunk);
      this.memoryBytes += chunk.length;
      return undefined;
    }
    return this.addToSpill(chunk);
  }

  private async addToSpill(chunk: Buffer): Promise<void> {
    if (this.spill === null) await this.startSpill();
    await (this.spill as FileHandle).write(chunk);
    this.spilledBytes += chunk.length;
  }

  /**
   * The message as the engine should see it: `prefix` fields first, CRLF
   * line ends throughout, minus the fields `omit` selects.
   */
  async build(prefix: readonly CollectedHeader[] = [], omit: (name: string) => boolean = () => false): Promise<Buffer> {
    let head = '';
    for (const h of prefix) head += headerLine(h);
    for (const h of this.headers) if (!omit(h.name)) head += headerLine(h);
    head += '\r\n';
    // One buffer of its own for the whole message, written once: the scan
    // pool can then hand its memory to the worker instead of copying it
    // (a pooled or shared buffer would be copied once more).
    const headBytes = Buffer.byteLength(head, 'latin1');
    const out = Buffer.allocUnsafeSlow(headBytes + this.memoryBytes + this.spilledBytes);
    let pos = out.write(head, 0, 'latin1');
    for (const b of this.memory) pos += b.copy(out, pos);
    if (this.spill !== null && this.spilledBytes > 0) {
      const end = pos + this.spilledBytes;
      while (pos < end) {
        const { bytesRead } = await this.spill.read(out, pos, end - pos, pos - headBytes - this.memoryBytes);
        if (bytesRead === 0) break;
        pos += bytesRead;
      }
    }
    return pos === out.length ? out : out.subarray(0, pos);
  }

  /** Releases memory and removes the spill file (a promise only then); safe to call twice. */
  dispose(): Promise<void> | undefined {
    this.memory = [];
    this.memoryBytes = 0;
    const spill = this.spill;
    const dir = this.spillDir;
    this.spill = null;
    this.spillDir = null;
    this.spilledBytes = 0;
    if (spill === null && dir === null) return undefined;
    return removeSpill(spill, dir);
  }

  /** Memory chunks move to the file first so the body keeps its order. */
  private async startSpill(): Promise<void> {
    // A private 0700 folder keeps other local users away from message contents.
    this.spillDir = await mkdtemp(join(this.options.tmpDir ?? tmpdir(), 'spamward-milter-'));
    this.spill = await open(join(this.spillDir, 'body'), 'w+', 0o600);
    for (const b of this.memory) await this.spill.write(b);
    this.spilledBytes = this.memoryBytes;
    this.memory = [];
    this.memoryBytes = 0;
  }
}

async function removeSpill(spill: FileHandle | null, dir: string | null): Promise<void> {
  if (spill !== null) await spill.close().catch(() => undefined);
  if (dir !== null) await rm(dir, { recursive: true, force: true });
}

/** `Name:value` CRLF, with the MTA's bare-LF folds turned into CRLF. */
function headerLine(h: CollectedHeader): string {
  return `${h.name}:${h.raw.includes('\n') ? h.raw.replace(/\r?\n/g, '\r\n') : h.raw}\r\n`;
}
