// SPDY/3.1 framing (draft 3.1, section 2): the frame types as values, the 8-byte frame header, and
// a splitter that cuts a byte stream into frames. Header blocks stay compressed here (see
// headers.ts); codec.ts joins the two. Control frames: 1 SYN_STREAM, 2 SYN_REPLY, 3 RST_STREAM,
// 4 SETTINGS, 6 PING, 7 GOAWAY, 8 HEADERS, 9 WINDOW_UPDATE; data frames carry a stream id.

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
export const MAX_FRAME_LENGTH = 0xffffff;

export const FrameType = {
  SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9,
} as const;

/** RST_STREAM status codes. */
export const RstStatus = {
  PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, UNSUPPORTED_VERSION: 4, CANCEL: 5,
  INTERNAL_ERROR: 6, FLOW_CONTROL_ERROR: 7, STREAM_IN_USE: 8, STREAM_ALREADY_CLOSED: 9,
} as const;

/** Header names are lowercase; several values of one name travel NUL-separated. */
export type SpdyHeaders = Record<string, string[]>;

export interface Setting { id: number; flags: number; value: number }

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedTo: number; priority: number; fin: boolean; unidirectional: boolean; headers: SpdyHeaders }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; clear: boolean; settings: Setting[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'window_update'; streamId: number; delta: number };

/** One frame as cut from the wire: control frames keep their type, flags and raw payload. */
export type RawFrame =
  | { control: false; streamId: number; flags: number; payload: Buffer }
  | { control: true; version: number; type: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {
  constructor(message: string, readonly streamId = 0) {
    super(message);
    this.name = 'SpdyProtocolError';
  }
}

/** Accumulates bytes and hands out complete frames in order. */
export class FrameSplitter {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RawFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: RawFrame[] = [];
    while (this.buf.length >= 8) {
      const length = this.buf.readUInt32BE(4) & MAX_FRAME_LENGTH;
      if (this.buf.length < 8 + length) break;
      const first = this.buf.readUInt32BE(0);
      const flags = this.buf[4]!;
      const payload = this.buf.subarray(8, 8 + length);
      if (first & 0x80000000) {
        out.push({ control: true, version: (first >>> 16) & 0x7fff, type: first & 0xffff, flags, payload });
      } else {
        out.push({ control: false, streamId: first & 0x7fffffff, flags, payload });
      }
      this.buf = this.buf.subarray(8 + length);
    }
    return out;
  }

  /** Bytes received that do not make a whole frame yet. */
  get pending(): number { return this.buf.length; }
}

/** The 8-byte header of a control frame followed by its payload. */
export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError(`control frame of ${payload.length} bytes is too large`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE((0x80000000 | (SPDY_VERSION << 16) | type) >>> 0, 0);
  h.writeUInt32BE(((flags << 24) | payload.length) >>> 0, 4);
  return Buffer.concat([h, payload]);
}

export function dataFrame(streamId: number, fin: boolean, data: Buffer): Buffer {
  if (data.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError(`data frame of ${data.length} bytes is too large`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h.writeUInt32BE((((fin ? FLAG_FIN : 0) << 24) | data.length) >>> 0, 4);
  return Buffer.concat([h, data]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
}

/** Encodes a frame whose header block (if any) is already compressed into `block`. */
export function encodeFrame(f: Frame, block?: Buffer): Buffer {
  const needBlock = (): Buffer => {
    if (!block) throw new Error(`${f.type} needs a compressed header block`);
    return block;
  };
  switch (f.type) {
    case 'data': return dataFrame(f.streamId, f.fin, f.data);
    case 'syn_stream': {
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(f.streamId & 0x7fffffff, 0);
      fixed.writeUInt32BE(f.associatedTo & 0x7fffffff, 4);
      fixed[8] = (f.priority & 0x7) << 5;
      fixed[9] = 0; // credential slot
      const flags = (f.fin ? FLAG_FIN : 0) | (f.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
      return controlFrame(FrameType.SYN_STREAM, flags, Buffer.concat([fixed, needBlock()]));
    }
    case 'syn_reply':
      return controlFrame(FrameType.SYN_REPLY, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId & 0x7fffffff), needBlock()]));
    case 'headers':
      return controlFrame(FrameType.HEADERS, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId & 0x7fffffff), needBlock()]));
    case 'rst_stream': return controlFrame(FrameType.RST_STREAM, 0, u32(f.streamId & 0x7fffffff, f.status));
    case 'settings': {
      const entries = f.settings.map((s) => u32(((s.flags & 0xff) << 24) | (s.id & 0xffffff), s.value));
      return controlFrame(FrameType.SETTINGS, f.clear ? 1 : 0, Buffer.concat([u32(f.settings.length), ...entries]));
    }
    case 'ping': return controlFrame(FrameType.PING, 0, u32(f.id));
    case 'goaway': return controlFrame(FrameType.GOAWAY, 0, u32(f.lastGoodStreamId & 0x7fffffff, f.status));
    case 'window_update': return controlFrame(FrameType.WINDOW_UPDATE, 0, u32(f.streamId & 0x7fffffff, f.delta & 0x7fffffff));
  }
}

/**
 * Decodes a raw frame. For frames with a header block, `inflate` turns the compressed block into
 * headers (it must be called exactly once per block, in wire order). Unknown control frame types
 * give undefined (SPDY says to ignore them).
 */
export async function decodeFrame(raw: RawFrame, inflate: (block: Buffer) => Promise<SpdyHeaders>): Promise<Frame | undefined> {
  if (!raw.control) {
    if (raw.streamId === 0) throw new SpdyProtocolError('data frame on stream 0');
    return { type: 'data', streamId: raw.streamId, fin: (raw.flags & FLAG_FIN) !== 0, data: raw.payload };
  }
  if (raw.version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${raw.version}`);
  const p = raw.payload;
  const need = (n: number): void => {
    if (p.length < n) throw new SpdyProtocolError(`control frame type ${raw.type} is too short (${p.length} bytes)`);
  };
  const fin = (raw.flags & FLAG_FIN) !== 0;
  switch (raw.type) {
    case FrameType.SYN_STREAM: {
      need(10);
      const streamId = p.readUInt32BE(0) & 0x7fffffff;
      if (streamId === 0) throw new SpdyProtocolError('SYN_STREAM on stream 0');
      return { type: 'syn_stream', streamId, associatedTo: p.readUInt32BE(4) & 0x7fffffff, priority: p[8]! >> 5, fin,
        unidirectional: (raw.flags & FLAG_UNIDIRECTIONAL) !== 0, headers: await inflate(p.subarray(10)) };
    }
    case FrameType.SYN_REPLY:
    case FrameType.HEADERS: {
      need(4);
      const streamId = p.readUInt32BE(0) & 0x7fffffff;
      const headers = await inflate(p.subarray(4));
      return raw.type === FrameType.SYN_REPLY ? { type: 'syn_reply', streamId, fin, headers } : { type: 'headers', streamId, fin, headers };
    }
    case FrameType.RST_STREAM:
      need(8);
      return { type: 'rst_stream', streamId: p.readUInt32BE(0) & 0x7fffffff, status: p.readUInt32BE(4) };
    case FrameType.SETTINGS: {
      need(4);
      const n = p.readUInt32BE(0);
      need(4 + 8 * n);
      const settings: Setting[] = [];
      for (let i = 0; i < n; i++) {
        const idw = p.readUInt32BE(4 + 8 * i);
        settings.push({ flags: idw >>> 24, id: idw & 0xffffff, value: p.readUInt32BE(8 + 8 * i) });
      }
      return { type: 'settings', clear: (raw.flags & 1) !== 0, settings };
    }
    case FrameType.PING:
      need(4);
      return { type: 'ping', id: p.readUInt32BE(0) };
    case FrameType.GOAWAY:
      need(4);
      return { type: 'goaway', lastGoodStreamId: p.readUInt32BE(0) & 0x7fffffff, status: p.length >= 8 ? p.readUInt32BE(4) : 0 };
    case FrameType.WINDOW_UPDATE:
      need(8);
      return { type: 'window_update', streamId: p.readUInt32BE(0) & 0x7fffffff, delta: p.readUInt32BE(4) & 0x7fffffff };
    default:
      return undefined;
  }
}
