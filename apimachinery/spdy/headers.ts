// SPDY/3 header blocks: a 32-bit pair count, then per pair a 32-bit length + name and a 32-bit
// length + value (several values joined by NUL). Blocks are zlib-compressed with the SPDY
// dictionary; each direction of a connection is ONE zlib stream across all its frames, every
// block ending with a sync flush (Z_SYNC_FLUSH), so a new context per block would not decode.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError, type SpdyHeaders } from './frames.js';

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length, 0);
  parts.push(count);
  for (const [name, values] of entries) {
    for (const s of [name.toLowerCase(), values.join('\0')]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length, 0);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let at = 0;
  const u32 = (): number => {
    if (at + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const v = block.readUInt32BE(at);
    at += 4;
    return v;
  };
  const str = (): string => {
    const n = u32();
    if (at + n > block.length) throw new SpdyProtocolError('truncated header block');
    const s = block.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  const out: SpdyHeaders = {};
  const n = u32();
  for (let i = 0; i < n; i++) {
    const name = str().toLowerCase();
    const values = str().split('\0');
    out[name] = [...(out[name] ?? []), ...values];
  }
  return out;
}

/** Serializes async work so results come out in call order (zlib contexts are order-sensitive). */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** Pushes `input` through a zlib stream and collects what the sync flush emits. */
function pump(z: Deflate | Inflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer): void => { chunks.push(c); };
    const onError = (e: Error): void => { z.off('data', onData); reject(new SpdyProtocolError(`header block: ${e.message}`)); };
    z.on('data', onData);
    z.once('error', onError);
    if (input.length) z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData);
      z.off('error', onError);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** The sending half of a connection's header compression. */
export class HeaderCompressor {
  private readonly z = createDeflate({ dictionary: SPDY3_DICTIONARY, level: constants.Z_DEFAULT_COMPRESSION });
  private readonly serial = new Serial();

  compress(headers: SpdyHeaders): Promise<Buffer> {
    const raw = encodeHeaderBlock(headers);
    return this.serial.run(() => pump(this.z, raw));
  }

  close(): void { this.z.close(); }
}

/** The receiving half: decompresses blocks in wire order on one inflate context. */
export class HeaderDecompressor {
  private readonly z = createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly serial = new Serial();

  constructor() {
    this.z.on('error', () => { /* reported to the pending pump() */ });
  }

  decompress(block: Buffer): Promise<SpdyHeaders> {
    return this.serial.run(async () => decodeHeaderBlock(await pump(this.z, block)));
  }

  close(): void { this.z.close(); }
}
