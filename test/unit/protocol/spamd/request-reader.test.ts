import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { decodeBody } from '../../../../src/protocol/spamd/body-decode.js';
import { SpamdReplyError } from '../../../../src/protocol/spamd/reply-error.js';
import { RequestReader, type ReaderStep } from '../../../../src/protocol/spamd/request-reader.js';
import { randomChunks } from '../../../helpers/spamd-chunks.js';

interface Read {
  steps: ReaderStep[];
  error?: SpamdReplyError;
}

/** Feeds the request in chunks, then EOF (when asked), collecting steps or the reply error. */
function read(bytes: Buffer | string, opts: { seed?: number; eof?: boolean; maxBodyBytes?: number } = {}): Read {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const reader = new RequestReader(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {});
  const steps: ReaderStep[] = [];
  const drain = () => {
    for (let s = reader.next(); s !== undefined; s = reader.next()) steps.push(s);
  };
  try {
    for (const c of opts.seed === undefined ? [data] : randomChunks(data, opts.seed)) {
      reader.push(c);
      drain();
    }
    if (opts.eof ?? true) {
      reader.end();
      drain();
    }
  } catch (err) {
    if (err instanceof SpamdReplyError) return { steps, error: err };
    throw err;
  }
  return { steps };
}

function bodyOf(r: Read): string | undefined {
  const b = r.steps.find((s) => s.kind === 'body');
  return b?.kind === 'body' ? b.body.toString('latin1') : undefined;
}

const MSG = 'From: a@b\r\nSubject: test\r\n\r\nbody line\r\n';
const CHECK = `CHECK SPAMC/1.5\r\nUser: root\r\nContent-length: ${MSG.length}\r\n\r\n${MSG}`;

describe('RequestReader framing', () => {
  it('yields line, headers and body for a spamc request, whatever the chunking', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = read(CHECK, { seed });
      assert.equal(r.error, undefined);
      const [line, headers] = r.steps;
      assert.equal(line?.kind === 'line' && line.line.command, 'CHECK');
      assert.equal(line?.kind === 'line' && line.line.version, 1.5);
      assert.equal(headers?.kind === 'headers' && headers.headers.user, 'root');
      assert.equal(bodyOf(r), MSG);
    }
  });

  it('completes at Content-length without waiting for EOF (no half-close)', () => {
    for (let seed = 1; seed <= 50; seed++) assert.equal(bodyOf(read(CHECK, { seed, eof: false })), MSG);
  });

  it('reads to EOF when Content-length is absent (Haraka)', () => {
    const req = `HEADERS SPAMC/1.4\r\nUser: haraka\r\n\r\n${MSG}`;
    assert.equal(bodyOf(read(req, { eof: false })), undefined);
    for (let seed = 1; seed <= 50; seed++) assert.equal(bodyOf(read(req, { seed })), MSG);
  });

  it('ignores Content-Length with a capital L, as spamd does, and reads to EOF', () => {
    const req = `CHECK SPAMC/1.5\r\nContent-Length: 3\r\n\r\n${MSG}`;
    assert.equal(bodyOf(read(req)), MSG);
  });

  it('reads protocol 1.0 requests without a header block', () => {
    const r = read(`PROCESS SPAMC/1.0\r\n${MSG}`);
    assert.deepEqual(
      r.steps.map((s) => s.kind),
      ['line', 'body'],
    );
    assert.equal(bodyOf(r), MSG);
  });

  it('answers PING 1.2 at once and reads headers for PING 1.5', () => {
    const old = read('PING SPAMC/1.2\r\n', { eof: false });
    assert.deepEqual(old.steps.map((s) => s.kind), ['line']);
    const cur = read('PING SPAMC/1.5\r\n\r\n', { eof: false });
    assert.deepEqual(cur.steps.map((s) => s.kind), ['line', 'headers']);
    const waiting = read('PING SPAMC/1.5\r\n', { eof: false });
    assert.deepEqual(waiting.steps.map((s) => s.kind), ['line']);
  });

  it('stops at the end of the line holding byte Content-length, like spamd, and reports the mismatch', () => {
    const r = read(`CHECK SPAMC/1.5\r\nContent-length: 5\r\n\r\nabcdefgh\r\nmore\r\n`);
    assert.equal(r.error?.statusLine, 'SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 5 bytes, got 10 bytes)\r\n');
  });

  it('reports a Content-length larger than the body once the client closes', () => {
    const r = read(`CHECK SPAMC/1.5\r\nContent-length: 9999\r\n\r\n${MSG}`);
    assert.equal(r.error?.statusLine, `SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 9999 bytes, got ${MSG.length} bytes)\r\n`);
  });

  it('refuses a declared length above the limit before reading the body', () => {
    const r = read('CHECK SPAMC/1.5\r\nContent-length: 2147483648\r\n\r\n', { eof: false, maxBodyBytes: 1000 });
    assert.equal(r.error?.exCode, 69);
  });

  it('refuses an undeclared body that grows past the limit', () => {
    const r = read(`CHECK SPAMC/1.5\r\n\r\n${'x'.repeat(5000)}`, { eof: false, maxBodyBytes: 1000 });
    assert.equal(r.error?.exCode, 69);
  });
});

describe('RequestReader errors (spamd 4.0.1 status lines)', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown command', 'FOO SPAMC/1.5\r\n\r\n', 'SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5\r\n'],
    ['lower-case command', 'check SPAMC/1.5\r\n\r\n', 'SPAMD/1.0 76 Bad header line: check SPAMC/1.5\r\n'],
    ['header without colon', 'CHECK SPAMC/1.5\r\nnocolon\r\n\r\n', "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n"],
    ['bare LF header end', 'CHECK SPAMC/1.5\r\nUser: a\r\n\n', "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n"],
    ['non-numeric length', 'CHECK SPAMC/1.5\r\nContent-length: 12x\r\n\r\n', 'SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n'],
    ['gzip', 'CHECK SPAMC/1.5\r\nCompress: gzip\r\nContent-length: 3\r\n\r\nabc', 'SPAMD/1.0 76 Bad header line: (compression type not supported: gzip)\r\n'],
    ['EOF in headers', 'CHECK SPAMC/1.5\r\nUser: a\r\n', 'SPAMD/1.0 76 Bad header line: (EOF during headers)\r\n'],
    ['nothing sent', '', 'SPAMD/1.0 76 Bad header line: (closed before headers)\r\n'],
    ['control char in User', 'CHECK SPAMC/1.5\r\nUser: a\x01b\r\n\r\n', 'SPAMD/1.0 76 Bad header line: (User header contains control chars)\r\n'],
    ['zlib without length', 'CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\n', 'SPAMD/1.0 69 Service Unavailable: Compress requires Content-length header\r\n'],
  ];
  for (const [name, req, line] of cases) {
    it(name, () => {
      for (let seed = 1; seed <= 20; seed++) assert.equal(read(req, { seed }).error?.statusLine, line);
    });
  }

  it('stops after 256 header lines', () => {
    const req = `CHECK SPAMC/1.5\r\n${'X-A: b\r\n'.repeat(300)}\r\n`;
    assert.equal(read(req).error?.statusLine, 'SPAMD/1.0 76 Bad header line: (too many headers)\r\n');
  });

  it('bounds an endless request line', () => {
    const r = read('A'.repeat(100_000), { eof: false });
    assert.equal(r.error?.exCode, 76);
  });
});

describe('decodeBody (Compress: zlib)', () => {
  it('inflates a zlib body, dropping bytes past Content-length', () => {
    const z = deflateSync(Buffer.from(MSG), { level: 3 });
    const r = read(Buffer.concat([Buffer.from(`SYMBOLS SPAMC/1.5\r\nCompress: zlib\r\nContent-length: ${z.length}\r\n\r\n`), z, Buffer.from('junk')]));
    const step = r.steps.find((s) => s.kind === 'body');
    const headers = r.steps.find((s) => s.kind === 'headers');
    assert.ok(step?.kind === 'body' && headers?.kind === 'headers');
    assert.equal(decodeBody(step.body, headers.headers, 1 << 20).toString(), MSG);
  });

  it('refuses a truncated stream and a zlib bomb', () => {
    const z = deflateSync(Buffer.alloc(10_000_000));
    const headers = { compressZlib: true, contentLength: z.length };
    assert.throws(() => decodeBody(z, headers, 1_000_000), (e: SpamdReplyError) => e.exCode === 69 && /larger than/.test(e.message));
    assert.throws(() => decodeBody(z.subarray(0, 10), { compressZlib: true, contentLength: 10 }, 1 << 20), (e: SpamdReplyError) => e.exCode === 69);
  });
});
