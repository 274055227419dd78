// SPDY/3.1 unit tests: the dictionary, frame round trips and their bytes, header compression as
// one zlib context per direction, and two sessions talking to each other over a fake transport.
import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame, decodeHeaderBlock, encodeFrame, encodeHeaderBlock, FrameSplitter, HeaderCompressor, HeaderDecompressor,
  RstStatus, SPDY3_DICTIONARY, SpdyConnection, type Frame, type SpdyStream,
} from './index.js';

const noInflate = async (): Promise<never> => { throw new Error('no header block expected'); };

async function roundTrip(f: Frame): Promise<Frame | undefined> {
  const c = new HeaderCompressor();
  const d = new HeaderDecompressor();
  const block = 'headers' in f ? await c.compress(f.headers) : undefined;
  const bytes = encodeFrame(f, block);
  const raws = new FrameSplitter().push(bytes);
  expect(raws).toHaveLength(1);
  const out = await decodeFrame(raws[0]!, (b) => d.decompress(b));
  c.close(); d.close();
  return out;
}

describe('SPDY/3 dictionary', () => {
  it('is the 1423 bytes of the spec, whose Adler-32 kubectl sends as DICTID (e3c6a7c2)', async () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(createHash('sha256').update(SPDY3_DICTIONARY).digest('hex')).toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
    const block = await new HeaderCompressor().compress({ a: ['b'] });
    expect(block[1]! & 0x20).toBe(0x20); // FDICT
    expect(block.subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
  });
});

describe('SPDY frames', () => {
  const frames: Frame[] = [
    { type: 'syn_stream', streamId: 1, associatedTo: 0, priority: 0, fin: false, unidirectional: false,
      headers: { streamtype: ['error'], port: ['80'], requestid: ['0'] } },
    { type: 'syn_reply', streamId: 3, fin: true, headers: {} },
    { type: 'headers', streamId: 5, fin: false, headers: { x: ['1', '2'] } },
    { type: 'data', streamId: 7, fin: true, data: Buffer.from('hello') },
    { type: 'rst_stream', streamId: 9, status: RstStatus.CANCEL },
    { type: 'settings', clear: false, settings: [{ id: 7, flags: 1, value: 65536 }, { id: 4, flags: 0, value: 100 }] },
    { type: 'ping', id: 3 },
    { type: 'goaway', lastGoodStreamId: 11, status: 0 },
    { type: 'window_update', streamId: 0, delta: 1 << 20 },
  ];
  for (const f of frames) {
    it(`round-trips ${f.type}`, async () => { expect(await roundTrip(f)).toEqual(f); });
  }

  it('writes SYN_STREAM as kubectl does: 80 03 00 01, length, stream id, then a zlib block with the dictionary', async () => {
    const c = new HeaderCompressor();
    const f: Frame = { type: 'syn_stream', streamId: 1, associatedTo: 0, priority: 0, fin: false, unidirectional: false,
      headers: { port: ['80'], requestid: ['0'], streamtype: ['error'] } };
    const block = await c.compress(f.headers);
    const bytes = encodeFrame(f, block);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('80030001');
    expect(bytes.readUInt32BE(4)).toBe(10 + block.length);
    expect(bytes.readUInt32BE(8)).toBe(1);
    expect(bytes[18]).toBe(0x78);
    expect(bytes.subarray(20, 24).toString('hex')).toBe('e3c6a7c2');
    // An independent inflate of the first block (same dictionary, stopping at the sync flush).
    const plain = inflateSync(bytes.subarray(18), { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    expect(decodeHeaderBlock(plain)).toEqual(f.headers);
  });

  it('uses the data frame layout: stream id without the control bit, FIN flag, 24-bit length', () => {
    const b = encodeFrame({ type: 'data', streamId: 5, fin: true, data: Buffer.from('abc') });
    expect(b.toString('hex')).toBe('00000005' + '01000003' + '616263');
  });

  it('splits a byte stream cut anywhere into whole frames', () => {
    const a = encodeFrame({ type: 'data', streamId: 1, fin: false, data: Buffer.from('one') });
    const b = encodeFrame({ type: 'ping', id: 1 });
    const all = Buffer.concat([a, b]);
    const s = new FrameSplitter();
    const out = [...s.push(all.subarray(0, 5)), ...s.push(all.subarray(5, 13)), ...s.push(all.subarray(13))];
    expect(out.map((r) => r.control)).toEqual([false, true]);
    expect(s.pending).toBe(0);
  });

  it('ignores unknown control frame types', async () => {
    const raw = new FrameSplitter().push(Buffer.from('8003000a0000000400000001', 'hex'))[0]!;
    expect(await decodeFrame(raw, noInflate)).toBeUndefined();
  });
});

describe('SPDY header compression', () => {
  it('encodes blocks as count + length-prefixed names and NUL-joined values', () => {
    const b = encodeHeaderBlock({ Port: ['80'], v: ['a', 'b'] });
    expect(b.toString('hex')).toBe('00000002' + '00000004' + Buffer.from('port').toString('hex') + '00000002' + '3830' +
      '00000001' + '76' + '00000003' + '610062');
    expect(decodeHeaderBlock(b)).toEqual({ port: ['80'], v: ['a', 'b'] });
  });

  it('keeps one zlib context per direction: later blocks only decode after the earlier ones', async () => {
    const c = new HeaderCompressor();
    const h1 = { streamtype: ['data'], port: ['80'], requestid: ['0'] };
    const h2 = { streamtype: ['error'], port: ['80'], requestid: ['1'] };
    const b1 = await c.compress(h1);
    const b2 = await c.compress(h2);
    const b3 = await c.compress(h2);
    expect(b3.length).toBeLessThan(b2.length); // the context remembers h2
    const d = new HeaderDecompressor();
    expect(await d.decompress(b1)).toEqual(h1);
    expect(await d.decompress(b2)).toEqual(h2);
    expect(await d.decompress(b3)).toEqual(h2);
    // A fresh context cannot read a continuation block (no zlib header, back-references into b1).
    await expect(new HeaderDecompressor().decompress(b2)).rejects.toThrow();
  });
});

function pair(): { client: SpdyConnection; server: SpdyConnection } {
  let client!: SpdyConnection;
  let server!: SpdyConnection;
  // Byte-by-byte delivery on later ticks exercises the splitter and the ordering of async decoding.
  const deliver = (to: () => SpdyConnection) => (chunk: Buffer): void => {
    for (let i = 0; i < chunk.length; i += 7) { const piece = chunk.subarray(i, i + 7); setImmediate(() => to().feed(piece)); }
  };
  client = new SpdyConnection({ write: deliver(() => server), close: () => setImmediate(() => server.transportClosed()) }, { server: false });
  server = new SpdyConnection({ write: deliver(() => client), close: () => setImmediate(() => client.transportClosed()) }, { server: true });
  return { client, server };
}

function readAll(s: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString()));
    s.on('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}

describe('SPDY sessions', () => {
  it('opens streams, replies, carries data both ways with half-close, and answers pings', async () => {
    const { client, server } = pair();
    server.on('stream', (s: SpdyStream) => {
      void s.reply({ ok: ['yes'] });
      const body = readAll(s);
      void body.then((text) => { s.end(`echo:${s.header('name')}:${text}`); });
    });
    const streams = ['a', 'b', 'c'].map((name) => client.openStream({ name: [name] }));
    for (const s of streams) expect(await s.waitReply()).toEqual({ ok: ['yes'] });
    const replies = streams.map(readAll);
    streams.forEach((s, i) => { s.write(Buffer.alloc(40_000, 'x')); s.end(String(i)); });
    const got = await Promise.all(replies);
    got.forEach((text, i) => expect(text).toBe(`echo:${'abc'[i]}:${'x'.repeat(40_000)}${i}`));
    await client.ping();
    const closed = new Promise((r) => server.once('close', r));
    client.close();
    await closed;
  });

  it('resets a stream both ways', async () => {
    const { client, server } = pair();
    const reset = new Promise<number>((resolve) => server.on('stream', (s: SpdyStream) => {
      void s.reply();
      s.on('reset', resolve);
    }));
    const s = client.openStream({});
    await s.waitReply();
    s.reset(RstStatus.CANCEL);
    expect(await reset).toBe(RstStatus.CANCEL);
    client.close();
  });

  it('answers a protocol error with GOAWAY and closes', async () => {
    const { client, server } = pair();
    const goaway = new Promise<number>((resolve) => client.on('goaway', (_last: number, status: number) => resolve(status)));
    const closed = new Promise((r) => server.once('close', r));
    server.feed(Buffer.from('800200010000000000000001', 'hex')); // SPDY/2 SYN_STREAM
    expect(await goaway).toBe(1);
    await closed;
  });
});
