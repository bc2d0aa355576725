/**
 * Milter framing: `uint32 BE length | command byte | data`, where length
 * counts the command byte plus the data. The same framing is used in both
 * directions, so one reader serves the filter and the fake MTA.
 */
import { ProtocolError } from '../../util/errors.js';
import { DEFAULT_MAX_FRAME_LENGTH } from './constants.js';

export interface Frame {
  /** The command or reply byte. */
  code: number;
  /** Everything after the command byte. */
  data: Buffer;
}

export function encodeFrame(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(5 + data.length);
  out.writeUInt32BE(data.length + 1, 0);
  out[4] = code;
  data.copy(out, 5);
  return out;
}

/**
 * Incremental frame parser. Bytes may arrive split anywhere (even one at a
 * time) or with several frames per chunk; a split frame's buffer is
 * allocated once its length is known so byte-by-byte input stays linear.
 */
export class FrameReader {
  private readonly maxLength: number;
  private readonly lenBytes = Buffer.alloc(4);
  private lenFill = 0;
  private body: Buffer | null = null;
  private bodyFill = 0;
  private failed = false;

  constructor(maxLength: number = DEFAULT_MAX_FRAME_LENGTH) {
    this.maxLength = maxLength;
  }

  /** Bytes held for an unfinished frame. */
  get pendingBytes(): number {
    return this.lenFill + this.bodyFill;
  }

  /**
   * Feed bytes; returns the frames completed by them. Throws ProtocolError on
   * a zero or oversized length; the reader is unusable afterwards because the
   * stream can no longer be resynchronised.
   */
  push(chunk: Buffer): Frame[] {
    if (this.failed) throw new ProtocolError('milter', 'frame reader used after a framing error');
    const frames: Frame[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      // A frame lying whole in the chunk is handed out as a view of it, not
      // copied: nearly every frame arrives that way (under Postfix with
      // NR_* a message's headers, body and end come in one or two reads).
      // The chunk is the socket's own read buffer, never reused, so views
      // of it may be kept (body chunks are, until the message is scanned).
      if (this.lenFill === 0 && chunk.length - pos >= 5) {
        const len = chunk.readUInt32BE(pos);
        if (len >= 1 && len <= this.maxLength && chunk.length - pos - 4 >= len) {
          frames.push({ code: chunk[pos + 4] as number, data: chunk.subarray(pos + 5, pos + 4 + len) });
          pos += 4 + len;
          continue;
        }
      }
      if (this.body === null) {
        const take = Math.min(4 - this.lenFill, chunk.length - pos);
        chunk.copy(this.lenBytes, this.lenFill, pos, pos + take);
        this.lenFill += take;
        pos += take;
        if (this.lenFill < 4) break;
        this.body = Buffer.allocUnsafe(this.checkedLength(this.lenBytes.readUInt32BE(0)));
        this.bodyFill = 0;
      }
      const take = Math.min(this.body.length - this.bodyFill, chunk.length - pos);
      chunk.copy(this.body, this.bodyFill, pos, pos + take);
      this.bodyFill += take;
      pos += take;
      if (this.bodyFill === this.body.length) {
        frames.push({ code: this.body[0] as number, data: this.body.subarray(1) });
        this.body = null;
        this.lenFill = 0;
        this.bodyFill = 0;
      }
    }
    return frames;
  }

  private checkedLength(len: number): number {
    if (len < 1) {
      this.failed = true;
      throw new ProtocolError('milter', 'frame length 0 (a frame needs at least its command byte)');
    }
    if (len > this.maxLength) {
      this.failed = true;
      throw new ProtocolError(
        'milter',
        `frame length ${len} exceeds the limit of ${this.maxLength}`,
        'ERR_PROTO_FRAME_TOO_LARGE',
      );
    }
    return len;
  }
}
